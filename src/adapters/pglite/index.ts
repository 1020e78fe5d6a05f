/**
 * ReadOnlyExecutor over an in-process PGlite. It runs the very batch text node-postgres sends
 * (see core/sql/read-only-batch.ts) through `exec`, one transaction, and returns every value as
 * the raw PostgreSQL text: each type parser PGlite knows is replaced by the identity.
 *
 * PGlite runs in this thread: the client-side timeout can report a stuck call but cannot
 * interrupt it; the server-side `statement_timeout` set in the batch is what stops the work.
 */
import { PGlite, types, type Extensions, type ParserOptions } from "@electric-sql/pglite";
import { DriftcheckError } from "../../core/errors.js";
import { resultTooLargeError } from "../../core/introspect/result-too-large.js";
import type { RawRow, ReadOnlyExecutor, RunOptions, Statement } from "../../core/port.js";
import { databaseError } from "../../core/sql/database-error.js";
import { buildReadOnlyBatch, callerResults } from "../../core/sql/read-only-batch.js";
import { loadPGliteExtensions } from "./extensions.js";

export interface PGliteExecutorOptions {
  /** Shut the database down on `close()` (true for databases `openPGlite` made). */
  closeOnClose?: boolean;
}

export function createPGliteExecutor(db: PGlite, options: PGliteExecutorOptions = {}): ReadOnlyExecutor {
  // Calls run one after another: a failed batch must be rolled back before the next begins.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    runReadOnly(statements: Statement[], run: RunOptions): Promise<RawRow[][]> {
      const next = queue.then(() => runBatch(db, statements, run));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      await queue;
      if (options.closeOnClose && !db.closed) await db.close();
    },
  };
}

async function runBatch(db: PGlite, statements: Statement[], run: RunOptions): Promise<RawRow[][]> {
  const batch = buildReadOnlyBatch(statements, run.timeoutMs);
  const limitMs = run.timeoutMs + Math.max(1_000, Math.round(run.timeoutMs * 0.1));
  let results;
  try {
    results = await withTimeout(db.exec(batch, { rowMode: "array", parsers: rawTextParsers(db) }), limitMs);
  } catch (error) {
    // A failed statement leaves the explicit transaction open and aborted: end it so the
    // database stays usable for the next call.
    await db.exec("ROLLBACK").catch(() => undefined);
    throw pgliteError(error);
  }
  return callerResults(
    results.map((result) => result.rows as unknown as RawRow[]),
    statements.length,
  );
}

export interface OpenPGliteOptions {
  /** Load pgvector (`CREATE EXTENSION vector` is still up to the caller's SQL). */
  vector?: boolean;
  /**
   * Extensions to load, by their `CREATE EXTENSION` name; those PGlite does not ship are
   * ignored (see PGLITE_EXTENSIONS). Creating them is still up to the caller's SQL.
   */
  extensions?: string[];
}

/** An in-memory PGlite with the extensions asked for loaded, wrapped as an executor too. */
export async function openPGlite(options: OpenPGliteOptions = {}): Promise<{ db: PGlite; executor: ReadOnlyExecutor }> {
  const names = [...(options.extensions ?? []), ...(options.vector ? ["vector"] : [])];
  const extensions: Extensions = await loadPGliteExtensions(names);
  const db = await PGlite.create({ extensions });
  return { db, executor: createPGliteExecutor(db, { closeOnClose: true }) };
}

/** The identity for every type OID PGlite would otherwise parse (defaults and the instance's own). */
function rawTextParsers(db: PGlite): ParserOptions {
  const identity = (value: string) => value;
  const oids = new Set([...Object.keys(types.parsers), ...Object.keys(db.parsers)]);
  return Object.fromEntries([...oids].map((oid) => [oid, identity]));
}

function pgliteError(error: unknown): DriftcheckError {
  if (error instanceof DriftcheckError) return error;
  if (error instanceof RangeError) return resultTooLargeError("PGlite (the result exceeds the largest JavaScript string)");
  const e = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof e[key] === "string" ? (e[key] as string) : undefined);
  if (text("code")) {
    return databaseError({ code: text("code"), message: text("message"), detail: text("detail"), hint: text("hint") });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/out of memory|memory access out of bounds|Cannot enlarge memory/i.test(message)) return resultTooLargeError("PGlite (WebAssembly memory)");
  return new DriftcheckError("internal", `PGlite failed: ${message}`);
}

async function withTimeout<T>(work: Promise<T>, limitMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DriftcheckError("connection", `PGlite did not answer within ${limitMs} ms.`, { transient: true, code: "57014" })),
      limitMs,
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
