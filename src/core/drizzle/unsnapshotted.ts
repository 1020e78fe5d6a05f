/**
 * How the folder's own findings enter a check, and what a stale snapshot does to the others.
 *
 * When the newest migrations have no snapshot (SNAPSHOT_STALE) and the expected schema is still
 * the older snapshot (the Worker without a committed driftcheck.expected.json, or the CLI's
 * `--expected snapshot`), a correctly migrated database differs from it exactly where those
 * migrations changed something. Their DDL names those objects (SNAPSHOT_STALE's
 * `changedObjects`, read by ddl-objects.ts); a finding on one of them is at most a warning, so
 * the check does not fail on it. Every other finding keeps its severity.
 */
import type { Finding } from "../findings.js";
import type { DdlObject } from "../sql/ddl-objects.js";
import type { DataOnlyCustomDetail, StaleSnapshotDetail } from "./folder-findings.js";

export interface FolderFindingsContext {
  /** The expected schema is the folder's own snapshot (not a replay or a JSON file). */
  expectedIsSnapshot: boolean;
  /** Tags of the migrations that have not run (data-only custom migrations are reported only then). */
  pending: readonly string[];
}

/**
 * The folder findings a check reports. Notices about the snapshots apply only when the snapshot
 * is the expected schema; a stray .sql file matters whatever the expected schema is. A custom
 * migration that changes data only is worth a notice only while it is pending.
 */
export function checkedFolderFindings(findings: readonly Finding[], context: FolderFindingsContext): Finding[] {
  const pending = new Set(context.pending);
  return findings.filter((finding) => {
    if (finding.code === "MIGRATION_FILE_UNLISTED") return true;
    if (!context.expectedIsSnapshot) return false;
    if (finding.code === "CUSTOM_MIGRATION" && (finding.expected as Partial<DataOnlyCustomDetail> | null)?.dataOnly === true) {
      return pending.has(finding.object);
    }
    return true;
  });
}

/** Errors on objects that snapshot-less migrations change become warnings, saying why. */
export function relaxUnsnapshotted(findings: Finding[], folderFindings: readonly Finding[]): Finding[] {
  const stale = folderFindings.find((finding) => finding.code === "SNAPSHOT_STALE");
  const detail = stale?.expected as Partial<StaleSnapshotDetail> | undefined;
  const changed = detail?.changedObjects ?? [];
  if (changed.length === 0) return findings;
  const tags = detail?.migrationsWithoutSnapshot ?? [];
  const keys = new Set(changed.map(objectKey));
  return findings.map((finding) => {
    if (finding.severity !== "error" || !touches(finding, keys)) return finding;
    return {
      ...finding,
      severity: "warning",
      message: `${finding.message} (A warning, not an error: ${tags.join(", ")} ${tags.length === 1 ? "has" : "have"} no snapshot and ${tags.length === 1 ? "changes" : "change"} this object, so the snapshot cannot say what it should be now.)`,
    };
  });
}

function objectKey(object: Pick<DdlObject, "kind" | "schema" | "name">): string {
  // Views and tables share one name space (a materialized view is created as a view).
  const kind = object.kind === "view" ? "table" : object.kind;
  return `${kind}\0${object.schema}\0${object.name}`;
}

const TABLE_SCOPED = new Set(["table", "column", "primary_key", "unique", "foreign_key", "check", "index", "rls", "policy", "view"]);

/** Whether the finding's object is one the DDL named: by its table, or by its own name for enums, sequences, indexes, schemas. */
function touches(finding: Finding, keys: ReadonlySet<string>): boolean {
  const [schema, name, member] = finding.object.split(".");
  if (schema === undefined) return false;
  if (finding.kind === "schema") return keys.has(objectKey({ kind: "schema", schema, name: schema }));
  if (name === undefined) return false;
  if (finding.kind === "enum") return keys.has(objectKey({ kind: "type", schema, name }));
  if (finding.kind === "sequence") return keys.has(objectKey({ kind: "sequence", schema, name }));
  if (!TABLE_SCOPED.has(finding.kind)) return false;
  if (keys.has(objectKey({ kind: "table", schema, name }))) return true;
  // An index (or the unique index behind a uniqueness) the DDL named by itself.
  return member !== undefined && (finding.kind === "index" || finding.kind === "unique") && keys.has(objectKey({ kind: "index", schema, name: member }));
}
