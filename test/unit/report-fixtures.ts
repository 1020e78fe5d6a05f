/** CheckResult values for the report tests. */
import type { CheckResult } from "../../src/core/check.js";
import type { Finding } from "../../src/core/findings.js";
import { makeFinding } from "./diff-builders.js";

export const missingColumn: Finding = makeFinding({
  code: "COLUMN_MISSING",
  severity: "error",
  kind: "column",
  object: "public.soundcloud_tracks.updated_at",
  expected: { name: "updated_at", type: "timestamp(3) without time zone", notNull: true, default: "now()", identity: null, generated: null },
  actual: null,
  message: "Column updated_at does not exist in the database; queries that read or write it fail.",
  fixSql: "ALTER TABLE public.soundcloud_tracks ADD COLUMN updated_at timestamp(3) without time zone DEFAULT now() NOT NULL;",
  pendingMigration: "0003_add_updated_at",
});

export const widened: Finding = makeFinding({
  code: "COLUMN_TYPE_MISMATCH",
  severity: "warning",
  kind: "column",
  object: "billing.invoices.note",
  expected: "character varying(100)",
  actual: "text",
  message: "The database column is text, a safe widening of the code's character varying(100).",
  fixSql: "ALTER TABLE billing.invoices ALTER COLUMN note TYPE character varying(100) USING note::character varying(100);",
});

export const extraIndex: Finding = makeFinding({
  code: "INDEX_EXTRA",
  severity: "info",
  kind: "index",
  object: "public.users.users_idx",
  expected: null,
  actual: { name: "users_idx", unique: false, nullsNotDistinct: false, method: "btree", columns: [{ expression: "email", isExpression: false, opclass: null, order: "asc", nulls: "last" }], where: null, with: {} },
  message: "The database has an index users_idx the code does not declare.",
  fixSql: null,
});

export function result(findings: Finding[], overrides: Partial<CheckResult> = {}): CheckResult {
  const summary = { error: 0, warning: 0, info: 0, total: findings.length, failOn: "error" as const };
  for (const f of findings) summary[f.severity] += 1;
  return {
    formatVersion: 1,
    verdict: summary.error > 0 ? "fail" : "pass",
    summary,
    findings,
    migrations: {
      table: { schema: "drizzle", table: "__drizzle_migrations" },
      tableExists: true,
      shape: "0.x",
      entries: [
        { tag: "0002_tracks", when: 1, state: "applied" },
        { tag: "0003_add_updated_at", when: 2, state: "pending" },
      ],
      pending: ["0003_add_updated_at"],
      applied: 1,
      unknown: 0,
    },
    database: { serverVersionNum: 150020, version: "PostgreSQL 15.2", database: "app", user: "ci", warnings: [] },
    expected: { source: "./drizzle", layout: "0.x", expectedFrom: "0003_add_updated_at", migrations: 2 },
    timings: { readMs: 1, introspectMs: 2, compareMs: 3, totalMs: 6 },
    ...overrides,
  };
}

export const errorResult: CheckResult = result([], {
  verdict: "error",
  database: null,
  migrations: null,
  error: { kind: "connection", message: "connect ECONNREFUSED 127.0.0.1:5432", hint: "Is the database running and the URL right?" },
});
