/**
 * Findings about the folder itself (DESIGN.md): SNAPSHOT_STALE when the newest journal entries
 * have no snapshot, CUSTOM_MIGRATION when a snapshot equals its predecessor's — what
 * `drizzle-kit generate --custom` produces: it copies the previous snapshot (new id/prevId),
 * so the objects the hand-written SQL creates are in no snapshot and cannot be checked.
 *
 * Snapshots are compared as parsed JSON, structurally (key order does not matter) and without
 * `id`/`prevId`: no re-serialisation, and the comparison stops at the first difference. The 0.x
 * reader decides which pairs to compare without parsing the history (custom-migrations.ts).
 *
 * With the migrations' SQL at hand: SNAPSHOT_STALE lists the objects the snapshot-less
 * migrations' DDL names (the check does not fail on those, see unsnapshotted.ts), and a custom
 * migration whose SQL changes data only is marked `dataOnly` (reported only while pending).
 */
import type { Finding } from "../findings.js";
import { scanDdl, type DdlObject } from "../sql/ddl-objects.js";
import { jsonEqual } from "../util/json-equal.js";

interface MigrationSnapshotInfo {
  tag: string;
  /** The parsed snapshot (any JSON object), or null when the migration has none. */
  snapshotContent: unknown;
  /** The migration's SQL, when the reader has it. */
  sql?: string;
}

/** SNAPSHOT_STALE's `expected`. */
export interface StaleSnapshotDetail {
  migrationsWithoutSnapshot: string[];
  /** Tables, views, types, sequences, indexes and schemas those migrations' DDL names. */
  changedObjects: DdlObject[];
  /** Those of them that run SQL whose objects cannot be read (dynamic EXECUTE, CALL). */
  unreadable: string[];
}

/** CUSTOM_MIGRATION's `expected` when the hand-written SQL changes data only. */
export interface DataOnlyCustomDetail {
  dataOnly: true;
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

/**
 * Every folder finding from all the snapshots' contents: the plain definition. The readers reach
 * the same findings without parsing the history (custom-migrations.ts, read-folder-1x.ts), and
 * the history-cost tests hold them to this.
 */
export function folderFindings(migrations: MigrationSnapshotInfo[]): Finding[] {
  const findings = staleSnapshotFindings(migrations.map((migration) => ({ tag: migration.tag, hasSnapshot: migration.snapshotContent !== null, sql: migration.sql })));
  migrations.forEach((migration, index) => {
    if (migration.snapshotContent === null) return;
    const previous = index > 0 ? migrations[index - 1]! : null;
    const same =
      previous === null
        ? isEmptySnapshot(migration.snapshotContent)
        : previous.snapshotContent !== null && jsonEqual(previous.snapshotContent, migration.snapshotContent, IDENTITY_KEYS);
    if (same) findings.push(customMigrationFinding(migration.tag, migration.sql));
  });
  return findings;
}

/** SNAPSHOT_STALE when the newest migrations have no snapshot (at most one finding). */
export function staleSnapshotFindings(migrations: { tag: string; hasSnapshot: boolean; sql?: string }[]): Finding[] {
  let newestWithSnapshot = -1;
  migrations.forEach((migration, index) => {
    if (migration.hasSnapshot) newestWithSnapshot = index;
  });
  const stale = migrations.slice(newestWithSnapshot + 1);
  if (stale.length === 0) return [];
  const newest = stale[stale.length - 1]!;
  const basis = newestWithSnapshot >= 0 ? `the snapshot of ${migrations[newestWithSnapshot]!.tag}` : "an empty schema";
  const scans = stale.map((migration) => ({ tag: migration.tag, scan: scanDdl(migration.sql ?? "") }));
  const detail: StaleSnapshotDetail = {
    migrationsWithoutSnapshot: stale.map((migration) => migration.tag),
    changedObjects: uniqueObjects(scans.flatMap(({ scan }) => scan.objects)),
    unreadable: scans.filter(({ scan }) => scan.opaque).map(({ tag }) => tag),
  };
  return [
    {
      code: "SNAPSHOT_STALE",
      severity: "warning",
      kind: "snapshot",
      object: newest.tag,
      expected: detail,
      actual: null,
      message: `${stale.length === 1 ? "Migration" : "Migrations"} ${stale.map((migration) => migration.tag).join(", ")} ${stale.length === 1 ? "has" : "have"} no snapshot in meta/, so the expected schema is ${basis} and older than the migrations; regenerate with \`npx drizzle-kit generate\`.${staleConsequence(detail)}`,
      fixSql: null,
      pendingMigration: null,
    },
  ];
}

/**
 * CUSTOM_MIGRATION for a hand-written migration, marked `dataOnly` when its SQL changes no schema
 * object. An empty or absent text may be a file the reader skipped (the Worker does not download
 * a .sql file whose hash it knows): then nothing is known about it, and the notice stays; the
 * Worker classifies it again once it has the text.
 */
export function customMigrationFinding(tag: string, sql: string | undefined): Finding {
  return customMigrationNotice(tag, isDataOnlySql(sql));
}

/** Whether a hand-written migration's text changes data only (an empty or absent text is unknown: false). */
export function isDataOnlySql(sql: string | undefined): boolean {
  return sql !== undefined && sql !== "" && !scanDdl(sql).changesSchema;
}

/** CUSTOM_MIGRATION once it is known whether the SQL changes data only (the Worker caches that by blob sha). */
export function customMigrationNotice(tag: string, dataOnly: boolean): Finding {
  return {
    code: "CUSTOM_MIGRATION",
    severity: "info",
    kind: "migration",
    object: tag,
    expected: dataOnly ? ({ dataOnly: true } satisfies DataOnlyCustomDetail) : null,
    actual: null,
    message: dataOnly
      ? `Migration ${tag} is hand-written SQL (e.g. \`drizzle-kit generate --custom\`) that changes data only; it has not run yet, and what it does is not checked.`
      : `Migration ${tag} leaves the snapshot unchanged (hand-written SQL, e.g. \`drizzle-kit generate --custom\`): objects it creates are in no snapshot and are not checked.`,
    fixSql: null,
    pendingMigration: null,
  };
}

function uniqueObjects(objects: DdlObject[]): DdlObject[] {
  const seen = new Map<string, DdlObject>();
  for (const object of objects) seen.set(`${object.kind}\0${object.schema}\0${object.name}`, object);
  return [...seen.values()];
}

/** What the check does about it (unsnapshotted.ts), and the command that makes the check exact. */
function staleConsequence(detail: StaleSnapshotDetail): string {
  const objects = detail.changedObjects.map((object) => `${object.kind} ${object.schema}.${object.name}`);
  const shown = objects.length > 8 ? `${objects.slice(0, 8).join(", ")} and ${objects.length - 8} more` : objects.join(", ");
  const relaxed = objects.length > 0 ? ` Findings on what their DDL changes (${shown}) are at most warnings.` : "";
  const unreadable = detail.unreadable.length > 0 ? ` ${detail.unreadable.join(", ")} ${detail.unreadable.length === 1 ? "runs" : "run"} SQL whose objects cannot be read (dynamic EXECUTE or CALL); findings on those keep their severity.` : "";
  return `${relaxed}${unreadable} Every other finding keeps its severity; to check against the migrations exactly, commit the replayed schema: \`driftcheck replay --out driftcheck.expected.json\` (the CLI replays by itself with \`--expected auto\`).`;
}
