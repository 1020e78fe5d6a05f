/**
 * ReadOnlyExecutor over Neon's SQL-over-HTTP protocol, through the official `neon()` client
 * (@neondatabase/serverless 1.2.0). One call of the port = ONE HTTP request: a batch
 * (`sql.transaction`) run by the server as `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`
 * … `COMMIT`, holding the timeouts first and then the caller's statements.
 *
 * Why these choices (docs/PROTOCOLS.md, "Neon SQL over HTTP"):
 *  - timeouts via `set_config(..., true)` inside the batch: the proxy guarantees no timeout of
 *    its own, and `SET LOCAL ... = $1` is a syntax error. `search_path` is the caller's business
 *    (the core's introspection sets it in its own first statement).
 *  - every value stays PostgreSQL text: each query carries a `types` override whose parser is
 *    the identity, so nothing depends on pg-types or on parsers someone flipped globally
 *    (drizzle's neon-http driver does).
 *  - `neonConfig.fetchEndpoint` / `fetchFunction` are GLOBAL. The client reads them
 *    synchronously when a call starts (1.2.0: first line of its `execute`), so this adapter
 *    sets them, starts the call and restores them in the same tick: concurrent executors with
 *    different endpoints do not see each other's settings.
 *  - the client reports non-400 statuses only as text; our own fetch wrapper observes the
 *    status and network failures, so errors are classified from facts, not message text.
 */
import { neon, neonConfig } from "@neondatabase/serverless";
import { DriftcheckError } from "../../core/errors.js";
import type { RawRow, ReadOnlyExecutor, RunOptions, Statement } from "../../core/port.js";
import { scrubberFor } from "../../core/sql/database-error.js";
import { connectionSecrets } from "../../core/sql/connection-secrets.js";
import { neonHttpError, type TransportObservation } from "./errors.js";

/** `neonConfig.fetchEndpoint`'s shape: a URL, or a function of the connection's host and port. */
export type NeonFetchEndpoint = string | ((host: string, port: number | string, options?: { jwtAuth?: boolean }) => string);

export interface NeonHttpExecutorOptions {
  /** Where the SQL-over-HTTP requests go; default: Neon's (`https://api.<host minus first label>/sql`). */
  fetchEndpoint?: NeonFetchEndpoint;
  /** Replaces the global `fetch` (tests, instrumentation). */
  fetchFunction?: typeof fetch;
  /** Extra time the client waits beyond the server-side timeout before aborting the request (ms). */
  timeoutMarginMs?: number;
  /** Cancels a running call. */
  signal?: AbortSignal;
}

/** Timeouts first, so they cover every statement after them. */
const TIMEOUTS_SQL = "SELECT pg_catalog.set_config('statement_timeout', $1, true), pg_catalog.set_config('lock_timeout', $2, true)";
const LEADING_RESULTS = 1;

const identity = (value: string) => value;
/** A pg `CustomTypesConfig` that returns every value as the text the server sent. */
const RAW_TEXT = { getTypeParser: () => identity };

export function createNeonHttpExecutor(connectionString: string, options: NeonHttpExecutorOptions = {}): ReadOnlyExecutor {
  const scrub = scrubberFor(connectionSecrets(connectionString));
  // Validate up front, without echoing the input: the client quotes it in its own message.
  if (!/^postgres(ql)?:\/\//i.test(connectionString)) {
    throw new DriftcheckError("user", "The database URL must start with postgres:// or postgresql://.", {
      hint: "Pass a URL like postgresql://user:password@ep-example-123456.eu-central-1.aws.neon.tech/neondb.",
    });
  }
  const sql = neon(connectionString, { arrayMode: true, fullResults: true });

  return {
    async runReadOnly(statements: Statement[], run: RunOptions): Promise<RawRow[][]> {
      const timeoutMs = Math.max(1, Math.round(run.timeoutMs));
      const limitMs = timeoutMs + (options.timeoutMarginMs ?? Math.max(1_000, Math.round(timeoutMs * 0.1)));
      const observed: TransportObservation = { requests: 0, status: undefined, networkError: false, abortedBy: undefined };

      const controller = new AbortController();
      const timer = setTimeout(() => abort("timeout"), limitMs);
      const onCallerAbort = () => abort("caller");
      function abort(reason: "timeout" | "caller") {
        observed.abortedBy ??= reason;
        controller.abort();
      }
      if (options.signal?.aborted) onCallerAbort();
      options.signal?.addEventListener("abort", onCallerAbort, { once: true });

      const queries = [
        sql.query(TIMEOUTS_SQL, [String(timeoutMs), String(timeoutMs)], { types: RAW_TEXT }),
        ...statements.map((statement) => sql.query(statement.sql, statement.params ?? [], { types: RAW_TEXT })),
      ];
      const fetchFunction = observingFetch(options.fetchFunction ?? globalThis.fetch, observed);
      try {
        const results = await withNeonConfig({ fetchFunction, fetchEndpoint: options.fetchEndpoint }, () =>
          sql.transaction(queries, {
            readOnly: true,
            isolationLevel: "RepeatableRead",
            arrayMode: true,
            fullResults: true,
            fetchOptions: { signal: controller.signal },
          }),
        );
        return callerRows(results, statements.length);
      } catch (error) {
        throw neonHttpError(error, observed, { scrub, limitMs });
      } finally {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onCallerAbort);
      }
    },
  };
}

/**
 * Run `start` with the given global settings in place, restoring the previous ones before any
 * other code can run. Safe only because `start` reads them synchronously (see the file comment).
 */
function withNeonConfig<T>(settings: { fetchFunction: typeof fetch; fetchEndpoint: NeonFetchEndpoint | undefined }, start: () => Promise<T>): Promise<T> {
  const previousFunction = neonConfig.fetchFunction;
  const previousEndpoint = neonConfig.fetchEndpoint;
  neonConfig.fetchFunction = settings.fetchFunction;
  if (settings.fetchEndpoint !== undefined) neonConfig.fetchEndpoint = settings.fetchEndpoint;
  try {
    return start();
  } finally {
    neonConfig.fetchFunction = previousFunction;
    neonConfig.fetchEndpoint = previousEndpoint;
  }
}

/** Wraps fetch to record what the client would otherwise only report as text. */
function observingFetch(inner: typeof fetch, observed: TransportObservation): typeof fetch {
  return async (input, init) => {
    observed.requests += 1;
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      observed.networkError = true;
      throw error;
    }
    observed.status = response.status;
    return response;
  };
}

interface FullResult {
  rows: unknown;
}

function callerRows(results: readonly FullResult[], statementCount: number): RawRow[][] {
  const expected = statementCount + LEADING_RESULTS;
  if (!Array.isArray(results) || results.length !== expected) {
    // A malformed answer from outside (a proxy, a cut-off body), not our bug: retried like one.
    throw new DriftcheckError("connection", `The Neon HTTP endpoint answered the batch with ${Array.isArray(results) ? results.length : "no"} results where ${expected} were expected.`, {
      transient: true,
      hint: "If this persists, check fetchEndpoint points at a Neon SQL-over-HTTP endpoint.",
    });
  }
  return results.slice(LEADING_RESULTS).map((result, index) => rawRows(result.rows, index));
}

function rawRows(rows: unknown, index: number): RawRow[] {
  const valid =
    Array.isArray(rows) && rows.every((row) => Array.isArray(row) && row.every((value) => value === null || typeof value === "string"));
  if (!valid) {
    throw new DriftcheckError("connection", `The Neon endpoint returned rows that are not raw text arrays (statement ${index + 1}).`, {
      transient: true,
      hint: "The endpoint does not speak Neon's SQL-over-HTTP protocol as expected (Neon-Raw-Text-Output / Neon-Array-Mode); check fetchEndpoint.",
    });
  }
  return rows as RawRow[];
}
