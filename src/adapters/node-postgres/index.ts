/**
 * ReadOnlyExecutor over node-postgres. The whole transaction — BEGIN, timeouts, the caller's
 * statements with parameters inlined by `quoteLiteral`, COMMIT — travels as ONE simple-protocol
 * Query message: one round trip after connecting. Values come back as raw PostgreSQL text
 * (every type parser is the identity), the same rows PGlite and Neon's raw-text mode give.
 *
 * One connection per call, closed afterwards: a check runs once, and a failed batch leaves
 * the session in an aborted transaction anyway.
 */
import pg from "pg";
import { DriftcheckError } from "../../core/errors.js";
import type { RawRow, ReadOnlyExecutor, RunOptions, Statement } from "../../core/port.js";
import { scrubberFor } from "../../core/sql/database-error.js";
import { buildReadOnlyBatch, callerResults } from "../../core/sql/read-only-batch.js";
import { connectionSecrets } from "../../core/sql/connection-secrets.js";
import { nodePostgresError } from "./errors.js";

export interface NodePostgresExecutorOptions {
  /** Extra time the client waits beyond the server-side timeout before it gives up (ms). */
  timeoutMarginMs?: number;
  /** Cancels a running call (the connection is destroyed). */
  signal?: AbortSignal;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
}

const RAW_TEXT: pg.CustomTypesConfig = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

export function createNodePostgresExecutor(url: string, options: NodePostgresExecutorOptions = {}): ReadOnlyExecutor {
  const scrub = scrubberFor(connectionSecrets(url));
  // Validate up front, without echoing the input: URL parsers put it in their messages.
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new DriftcheckError("user", "The database URL must start with postgres:// or postgresql://.", {
      hint: "Pass a URL like postgresql://user:password@host:5432/database.",
    });
  }
  return {
    async runReadOnly(statements: Statement[], run: RunOptions): Promise<RawRow[][]> {
      const batch = buildReadOnlyBatch(statements, run.timeoutMs);
      const all = await runBatch(url, batch, run.timeoutMs, options, scrub);
      return callerResults(all, statements.length);
    },
  };
}

async function runBatch(
  url: string,
  batch: string,
  timeoutMs: number,
  options: NodePostgresExecutorOptions,
  scrub: (text: string) => string,
): Promise<RawRow[][]> {
  let client: pg.Client;
  try {
    client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: timeoutMs,
      application_name: options.applicationName ?? "driftcheck",
      types: RAW_TEXT,
    });
  } catch (error) {
    // pg-connection-string's messages quote the input; say only what is wrong.
    throw new DriftcheckError("user", `The database URL could not be parsed: ${scrub(error instanceof Error ? error.message : String(error))}`, {
      hint: "Check the URL's format; percent-encode special characters in the password.",
    });
  }
  // An idle client reports socket errors as events; without a listener Node would crash.
  client.on("error", () => undefined);

  const limitMs = timeoutMs + (options.timeoutMarginMs ?? Math.max(1_000, Math.round(timeoutMs * 0.1)));
  let stopped: DriftcheckError | null = null;
  const stop = (reason: DriftcheckError) => {
    stopped ??= reason;
    destroy(client);
  };
  const timer = setTimeout(
    () => stop(new DriftcheckError("connection", `The database did not answer within ${limitMs} ms.`, { transient: true, code: "57014" })),
    limitMs,
  );
  const onAbort = () => stop(new DriftcheckError("connection", "The database request was aborted.", { transient: true }));
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener("abort", onAbort, { once: true });

  let connected = false;
  try {
    if (stopped) throw stopped;
    await client.connect();
    connected = true;
    const result = (await client.query({ text: batch, rowMode: "array", types: RAW_TEXT })) as unknown as pg.QueryArrayResult | pg.QueryArrayResult[];
    const results = Array.isArray(result) ? result : [result];
    return results.map((r) => (r.rows ?? []) as RawRow[]);
  } catch (error) {
    if (stopped) throw stopped;
    const mapped = nodePostgresError(error, scrub);
    // Anything refused while starting the session (e.g. a bad `options` parameter) is a connection problem.
    if (!connected && mapped.kind === "database") {
      throw new DriftcheckError("connection", mapped.message, {
        ...(mapped.code ? { code: mapped.code } : {}),
        ...(mapped.hint ? { hint: mapped.hint } : {}),
        ...(mapped.detail ? { detail: mapped.detail } : {}),
        transient: mapped.transient,
      });
    }
    throw mapped;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
    if (stopped) destroy(client);
    else await client.end().catch(() => undefined);
  }
}

function destroy(client: pg.Client): void {
  // `end()` waits for the running query; destroying the socket does not.
  const stream = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
  stream?.destroy();
}
