/**
 * Findings about the folder itself (DESIGN.md): SNAPSHOT_STALE when the newest journal entries
 * have no snapshot, CUSTOM_MIGRATION when a snapshot equals its predecessor's — what
 * `drizzle-kit generate --custom` produces: it copies the previous snapshot (new id/prevId),
 * so the objects the hand-written SQL creates are in no snapshot and cannot be checked.
 *
 * Snapshots are compared as parsed JSON, structurally (key order does not matter) and without
 * `id`/`prevId`: no re-serialisation, and the comparison stops at the first difference.
 */
import type { Finding } from "../findings.js";
import { jsonEqual } from "../util/json-equal.js";

interface MigrationSnapshotInfo {
  tag: string;
  /** The parsed snapshot (any JSON object), or null when the migration has none. */
  snapshotContent: unknown;
}

/** What tells two snapshots apart besides their content. */
export const IDENTITY_KEYS = ["id", "prevId"];

/** The snapshot drizzle-kit writes for an empty schema (what the first `--custom` copies). */
export function isEmptySnapshot(content: unknown): boolean {
  const parsed = (content ?? {}) as Record<string, unknown>;
  return ["tables", "enums", "schemas", "sequences", "views", "policies", "roles"].every((key) => {
    const value = parsed[key];
    return value === undefined || (typeof value === "object" && value !== null && Object.keys(value).length === 0);
  });
}

export function folderFindings(migrations: MigrationSnapshotInfo[]): Finding[] {
  const findings: Finding[] = staleSnapshotFindings(migrations.map((migration) => ({ tag: migration.tag, hasSnapshot: migration.snapshotContent !== null })));

  migrations.forEach((migration, index) => {
    if (migration.snapshotContent === null) return;
    const previous = index > 0 ? migrations[index - 1]! : null;
    const same =
      previous === null
        ? isEmptySnapshot(migration.snapshotContent)
        : previous.snapshotContent !== null && jsonEqual(previous.snapshotContent, migration.snapshotContent, IDENTITY_KEYS);
    if (same) findings.push(customMigrationFinding(migration.tag));
  });
  return findings;
}

/** SNAPSHOT_STALE when the newest migrations have no snapshot (at most one finding). */
export function staleSnapshotFindings(migrations: { tag: string; hasSnapshot: boolean }[]): Finding[] {
  const findings: Finding[] = [];
  let newestWithSnapshot = -1;
  migrations.forEach((migration, index) => {
    if (migration.hasSnapshot) newestWithSnapshot = index;
  });
  const stale = migrations.slice(newestWithSnapshot + 1);
  if (stale.length > 0) {
    const newest = stale[stale.length - 1]!;
    const basis = newestWithSnapshot >= 0 ? `the snapshot of ${migrations[newestWithSnapshot]!.tag}` : "an empty schema";
    findings.push({
      code: "SNAPSHOT_STALE",
      severity: "warning",
      kind: "snapshot",
      object: newest.tag,
      expected: { migrationsWithoutSnapshot: stale.map((migration) => migration.tag) },
      actual: null,
      message: `${stale.length === 1 ? "Migration" : "Migrations"} ${stale.map((migration) => migration.tag).join(", ")} ${stale.length === 1 ? "has" : "have"} no snapshot in meta/, so the expected schema is ${basis} and older than the migrations; regenerate with \`npx drizzle-kit generate\`.`,
      fixSql: null,
      pendingMigration: null,
    });
  }

  return findings;
}

export function customMigrationFinding(tag: string): Finding {
  return {
    code: "CUSTOM_MIGRATION",
    severity: "info",
    kind: "migration",
    object: tag,
    expected: null,
    actual: null,
    message: `Migration ${tag} leaves the snapshot unchanged (hand-written SQL, e.g. \`drizzle-kit generate --custom\`): objects it creates are in no snapshot and are not checked.`,
    fixSql: null,
    pendingMigration: null,
  };
}
