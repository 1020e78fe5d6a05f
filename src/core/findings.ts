/**
 * Findings are data: a closed set of stable codes (DESIGN.md "Findings: direction matters").
 * A new code is added to DESIGN.md first, then here.
 * Expected = the code (drizzle folder), actual = the database branch.
 */
export const FINDING_CODES = [
  "SCHEMA_MISSING",
  "TABLE_MISSING",
  "VIEW_MISSING",
  "ENUM_MISSING",
  "SEQUENCE_MISSING",
  "COLUMN_MISSING",
  "ENUM_VALUE_MISSING",
  "ENUM_VALUE_EXTRA",
  "ENUM_ORDER_MISMATCH",
  "COLUMN_TYPE_MISMATCH",
  "COLUMN_NULLABILITY_MISMATCH",
  "COLUMN_DEFAULT_MISSING",
  "COLUMN_DEFAULT_MISMATCH",
  "COLUMN_IDENTITY_MISMATCH",
  "COLUMN_GENERATED_MISMATCH",
  "COLUMN_EXTRA",
  "PRIMARY_KEY_MISMATCH",
  "UNIQUE_MISSING",
  "UNIQUE_EXTRA",
  "FOREIGN_KEY_MISSING",
  "FOREIGN_KEY_EXTRA",
  "FOREIGN_KEY_ACTION_MISMATCH",
  "CHECK_MISSING",
  "CHECK_EXTRA",
  "CHECK_DEFINITION_MISMATCH",
  "INDEX_MISSING",
  "INDEX_DEFINITION_MISMATCH",
  "INDEX_EXTRA",
  "TABLE_EXTRA",
  "VIEW_EXTRA",
  "ENUM_EXTRA",
  "SEQUENCE_EXTRA",
  "SCHEMA_EXTRA",
  "VIEW_DEFINITION_MISMATCH",
  "RLS_DISABLED",
  "RLS_EXTRA",
  "POLICY_MISSING",
  "POLICY_MISMATCH",
  "POLICY_EXTRA",
  "NAME_MISMATCH",
  "MIGRATION_PENDING",
  "MIGRATION_SKIPPED",
  "MIGRATION_EDITED",
  "MIGRATION_UNKNOWN",
  "MIGRATIONS_TABLE_MISSING",
  "SNAPSHOT_STALE",
  "SNAPSHOT_MISSING",
  "MIGRATION_FILE_UNLISTED",
  "CUSTOM_MIGRATION",
  "MIGRATION_NOT_GENERATED",
  "QUERY_PROBE_FAILED",
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

export type Severity = "error" | "warning" | "info";

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Warnings and errors: what a PR comment is made for and what the production context lists. */
export function isWarningOrAbove(finding: Pick<Finding, "severity">): boolean {
  return SEVERITY_RANK[finding.severity] >= SEVERITY_RANK.warning;
}

/** What a finding is about; used by `kind:` ignore rules and for grouping in reports. */
export const OBJECT_KINDS = [
  "schema",
  "table",
  "view",
  "enum",
  "sequence",
  "column",
  "primary_key",
  "unique",
  "foreign_key",
  "check",
  "index",
  "rls",
  "policy",
  "migration",
  "snapshot",
  "probe",
] as const;

export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** Kinds that are not database objects: their `object` path does not start with a schema name. */
export const NON_SCHEMA_KINDS: ReadonlySet<ObjectKind> = new Set(["migration", "snapshot", "probe"]);
/** Kinds of schema objects: their paths start with the schema name. */
export const SCHEMA_SCOPED_KINDS: ReadonlySet<ObjectKind> = new Set(OBJECT_KINDS.filter((kind) => !NON_SCHEMA_KINDS.has(kind)));

export interface Finding {
  code: FindingCode;
  severity: Severity;
  kind: ObjectKind;
  /**
   * Object path, dot-separated, schema first: `public.users`, `public.users.email`
   * (column, constraint, index or policy name last), `public.mood` (enum),
   * `0003_add_updated_at` (migration tag).
   */
  object: string;
  /** What the code expects (a JSON-able fragment of the canonical model), or null when absent. */
  expected: unknown;
  /** What the database has, or null when absent. */
  actual: unknown;
  /** One line: what is wrong and why it matters to the code about to run. */
  message: string;
  /** SQL that brings the database to the code's expectation, or null when none applies. */
  fixSql: string | null;
  /** Tag of the earliest pending migration that introduces the expected object, or null. */
  pendingMigration: string | null;
  /** `known`: listed in driftcheck.baseline.json; shown, never failing the check. */
  baseline?: "known";
}

export type Verdict = "pass" | "fail" | "error";
