/**
 * The port's transaction as one simple-protocol text: BEGIN (repeatable read, read only),
 * the timeouts, the caller's statements with parameters inlined, COMMIT. Transports that send
 * SQL text (node-postgres, PGlite) use it, so both run exactly the same batch.
 */
import { DriftcheckError } from "../errors.js";
import type { RawRow, Statement } from "../port.js";
import { inlineParams } from "./inline-params.js";
import { quoteLiteral } from "./literal.js";

/** Results the batch adds around the caller's statements: BEGIN + timeouts before, COMMIT after. */
export const BATCH_LEADING_RESULTS = 2;
export const BATCH_TRAILING_RESULTS = 1;

export function buildReadOnlyBatch(statements: readonly Statement[], timeoutMs: number): string {
  const timeout = quoteLiteral(String(Math.max(1, Math.round(timeoutMs))));
  const parts = [
    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    `SELECT pg_catalog.set_config('statement_timeout', ${timeout}, true), pg_catalog.set_config('lock_timeout', ${timeout}, true)`,
    // A newline before each `;` so a statement ending in a `--` comment cannot swallow it.
    ...statements.map((statement) => inlineParams(statement.sql, statement.params ?? []).trim()),
    "COMMIT",
  ];
  return parts.join("\n;\n");
}

/** Keep the caller's results only, checking that every statement produced exactly one. */
export function callerResults(all: RawRow[][], statementCount: number): RawRow[][] {
  const expected = statementCount + BATCH_LEADING_RESULTS + BATCH_TRAILING_RESULTS;
  if (all.length !== expected) {
    throw new DriftcheckError(
      "internal",
      `The batch returned ${all.length} results where ${expected} were expected: each statement must be exactly one SQL command.`,
    );
  }
  return all.slice(BATCH_LEADING_RESULTS, BATCH_LEADING_RESULTS + statementCount);
}
