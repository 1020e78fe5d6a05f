/**
 * Attribution of schema findings to the pending migration that fixes them (`pendingMigration`):
 * each pending migration's snapshot is compared with its predecessor's at the finding's object.
 */
import type { CanonicalSchema, IndexDef, TableDef } from "./model.js";
import { SCHEMA_SCOPED_KINDS, type Finding, type FindingCode } from "./findings.js";
import type { DrizzleFolder } from "./drizzle/types.js";
import { emptySchema, ownValue } from "./model.js";
import { compareText } from "./diff/matching.js";

const uniqueIndex = (index: IndexDef | undefined): IndexDef | undefined => (index?.unique ? index : undefined);

/**
 * The fragment of `schema` that a finding is about, or undefined when the schema does not have
 * it. Paths are `schema`, `schema.name` or `schema.table.member` (see Finding.object).
 */
export function lookupObject(schema: CanonicalSchema, finding: Pick<Finding, "kind" | "object">): unknown {
  const parts = finding.object.split(".");
  const [first, second] = parts;
  const key = `${first}.${second}`;
  const member = parts.slice(2).join(".");
  const table: TableDef | undefined = second === undefined ? undefined : ownValue(schema.tables, key);
  switch (finding.kind) {
    case "schema":
      return schema.schemas.includes(finding.object) ||
        [schema.tables, schema.views, schema.enums, schema.sequences].some((r) => Object.values(r).some((o) => o.schema === finding.object))
        ? finding.object
        : undefined;
    case "table":
      return table;
    case "view":
      return ownValue(schema.views, key);
    case "enum":
      return ownValue(schema.enums, key);
    case "sequence":
      return ownValue(schema.sequences, key);
    case "column":
      return table && ownValue(table.columns, member);
    case "primary_key":
      return table?.primaryKey?.name === member ? table.primaryKey : undefined;
    case "unique":
      return table && (ownValue(table.uniques, member) ?? uniqueIndex(ownValue(table.indexes, member)));
    case "foreign_key":
      return table && ownValue(table.foreignKeys, member);
    case "check":
      return table && ownValue(table.checks, member);
    case "index":
      return table && ownValue(table.indexes, member);
    case "rls":
      return table === undefined ? undefined : table.rlsEnabled;
    case "policy":
      return table && ownValue(table.policies, member);
    default:
      return undefined;
  }
}

/**
 * Sets `pendingMigration` on each schema finding: the earliest pending migration whose snapshot,
 * relative to its predecessor's, creates the missing object (for *_MISSING-like findings),
 * removes the extra one (for *_EXTRA-like findings) or, for a difference, sets the differing
 * field to what the code expects (see `fixesDifference`).
 * Migrations without a snapshot (hand-written SQL) cannot be attributed.
 */
export function attributePendingMigrations(findings: Finding[], folder: DrizzleFolder, pendingTags: string[]): Finding[] {
  const pending = new Set(pendingTags);
  if (pending.size === 0 || !findings.some((finding) => finding.pendingMigration === null && SCHEMA_SCOPED_KINDS.has(finding.kind))) return findings;
  const steps: { tag: string; before: CanonicalSchema; after: CanonicalSchema }[] = [];
  // Snapshots may be built on first access: read only the pending ones and their predecessors.
  const migrations = folder.migrations;
  migrations.forEach((migration, index) => {
    if (!pending.has(migration.tag) || migration.snapshotPath === null || migration.snapshot === null) return;
    let before: CanonicalSchema | null = null;
    for (let earlier = index - 1; earlier >= 0 && before === null; earlier--) {
      if (migrations[earlier]!.snapshotPath !== null) before = migrations[earlier]!.snapshot;
    }
    steps.push({ tag: migration.tag, before: before ?? emptySchema(), after: migration.snapshot });
  });
  if (steps.length === 0) return findings;
  return findings.map((finding) => {
    if (finding.pendingMigration !== null || !SCHEMA_SCOPED_KINDS.has(finding.kind)) return finding;
    const step = steps.find(({ before, after }) => fixes(finding, lookupObject(before, finding), lookupObject(after, finding)));
    return step ? { ...finding, pendingMigration: step.tag } : finding;
  });
}

/**
 * Tags of the migrations whose snapshots attributePendingMigrations reads: each pending one with a
 * snapshot and the nearest earlier migration that has one. What a folder must load
 * (DrizzleFolder.loadSnapshots) before attribution; nothing when no finding can be attributed.
 */
export function attributionSnapshotTags(findings: Finding[], folder: DrizzleFolder, pendingTags: string[]): string[] {
  const pending = new Set(pendingTags);
  if (pending.size === 0 || !findings.some((finding) => finding.pendingMigration === null && SCHEMA_SCOPED_KINDS.has(finding.kind))) return [];
  const tags = new Set<string>();
  const migrations = folder.migrations;
  migrations.forEach((migration, index) => {
    if (!pending.has(migration.tag) || migration.snapshotPath === null) return;
    tags.add(migration.tag);
    for (let earlier = index - 1; earlier >= 0; earlier--) {
      if (migrations[earlier]!.snapshotPath === null) continue;
      tags.add(migrations[earlier]!.tag);
      break;
    }
  });
  return [...tags];
}

/** Does a migration that turns the object from `before` into `after` fix the finding? */
function fixes(finding: Finding, before: unknown, after: unknown): boolean {
  const field = FIELD_OF[finding.code];
  if (field) return fixesDifference(finding, field, before, after);
  // Something missing, or present under another name (NAME_MISMATCH): the migration creates it
  // under the expected name (a later one that merely alters it does not).
  if (finding.code === "NAME_MISMATCH") return before === undefined && after !== undefined;
  // Something missing: the migration creates it (a later one that merely alters it does not).
  if (finding.actual === null && finding.expected !== null) return before === undefined && after !== undefined;
  // Something extra: the migration removes it.
  if (finding.expected === null && finding.actual !== null) return before !== undefined && after === undefined;
  // A difference in the whole definition (primary key, index, policy, view, a same-named
  // constraint that differs): the migration must leave exactly what the code expects.
  return fixesDifference(finding, (object) => object, before, after);
}

/**
 * A difference is fixed only by the migration that sets the differing field to what the code
 * expects: after it the field equals `finding.expected`, before it it did not. A migration that
 * changes something else on the same object (a default, when the type differs) fixes nothing.
 * The object must exist before the migration: one that creates it cannot fix a difference on an
 * object the database already has (its CREATE would fail or be skipped).
 */
function fixesDifference(finding: Finding, field: (object: unknown) => unknown, before: unknown, after: unknown): boolean {
  if (before === undefined || after === undefined) return false;
  const expected = stableJson(finding.expected);
  return stableJson(field(after)) === expected && stableJson(field(before)) !== expected;
}

/**
 * For findings about one field of an object, that field, shaped as the diff puts it in
 * `finding.expected` (see src/core/diff/*). Codes not listed compare the whole definition.
 */
const FIELD_OF: Partial<Record<FindingCode, (object: unknown) => unknown>> = {
  COLUMN_TYPE_MISMATCH: (column) => member(column, "type"),
  COLUMN_NULLABILITY_MISMATCH: (column) => ({ notNull: member(column, "notNull") }),
  COLUMN_DEFAULT_MISSING: (column) => member(column, "default"),
  COLUMN_DEFAULT_MISMATCH: (column) => member(column, "default"),
  COLUMN_IDENTITY_MISMATCH: (column) => member(column, "identity"),
  COLUMN_GENERATED_MISMATCH: (column) => member(column, "generated"),
  ENUM_VALUE_MISSING: (enumDef) => member(enumDef, "values"),
  ENUM_VALUE_EXTRA: (enumDef) => member(enumDef, "values"),
  ENUM_ORDER_MISMATCH: (enumDef) => member(enumDef, "values"),
  FOREIGN_KEY_ACTION_MISMATCH: (fk) => ({ onUpdate: member(fk, "onUpdate"), onDelete: member(fk, "onDelete") }),
  CHECK_DEFINITION_MISMATCH: (check) => member(check, "definition"),
  // lookupObject gives the table's rlsEnabled flag itself for kind "rls".
  RLS_DISABLED: (enabled) => ({ rlsEnabled: enabled }),
  RLS_EXTRA: (enabled) => ({ rlsEnabled: enabled }),
};

function member(object: unknown, key: string): unknown {
  return typeof object === "object" && object !== null ? (object as Record<string, unknown>)[key] : undefined;
}

/** JSON with object keys sorted, so key order (schema read from code vs. snapshot) does not matter. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === "object" && inner !== null && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => compareText(a, b)))
      : inner,
  ) ?? "undefined";
}
