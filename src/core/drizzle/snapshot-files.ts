/**
 * Which `meta/` snapshot file belongs to which journal entry of a drizzle-kit 0.x folder, and
 * the folder notices about entries and files that do not line up.
 *
 * drizzle-kit 0.31 (`writeResult` in src/cli/commands/migrate.ts, `prepareMigrationMetadata` in
 * src/utils/words.ts) names a migration `<prefix>_<name>` and writes its snapshot to
 * `meta/<prefix>_snapshot.json`; its `drop` command finds the file again as
 * `meta/${tag.split("_")[0]}_snapshot.json`. The prefix depends on `migrations.prefix`:
 *   index      `0003`            (idx, four digits)  → meta/0003_snapshot.json
 *   timestamp  `20260529123231`  (UTC, to the second) → meta/20260529123231_snapshot.json
 *   supabase   `20260529123231`  (same as timestamp)
 *   unix       `1780000000`      (seconds)           → meta/1780000000_snapshot.json
 *   none       ``                (empty)             → meta/_snapshot.json for every entry
 * So the tag's text before its first `_` names the file. Two entries with the same prefix
 * (every entry under `none`; two generated within one second under timestamp/unix) share one
 * file that drizzle-kit overwrote: which entry's schema it holds cannot be told from the folder,
 * and the check refuses to guess (`unusableSnapshots`).
 */
import { userError, type DriftcheckError } from "../errors.js";
import type { Finding } from "../findings.js";
import type { DrizzleFolder } from "./types.js";

export const META_DIR = "meta";

/** The fix for every folder whose snapshots cannot serve as the expected schema. */
export const REPLAY_HINT =
  "Compare with the migrations themselves instead: the CLI's `--expected auto` (the default) or `--expected replay` replays them; for the GitHub App, commit the result of `driftcheck replay --out driftcheck.expected.json`.";

/** `0003_add_users` → `meta/0003_snapshot.json`; `_init` (prefix none) → `meta/_snapshot.json`. */
export function snapshotFileOf(tag: string): string {
  const underscore = tag.indexOf("_");
  const prefix = underscore < 0 ? tag : tag.slice(0, underscore);
  return `${META_DIR}/${prefix}_snapshot.json`;
}

/**
 * The snapshot that goes with a migration's .sql file: `0003_x.sql` → `meta/0003_snapshot.json`
 * (0.x), `20250101120000_x/migration.sql` → `20250101120000_x/snapshot.json` (1.x). For a
 * reader that must know, before parsing the journal, whether the SQL is the only record of
 * what a migration changed (no snapshot: its DDL is scanned).
 */
export function snapshotFileForSql(sqlPath: string): string {
  const slash = sqlPath.lastIndexOf("/");
  if (slash >= 0) return `${sqlPath.slice(0, slash)}/snapshot.json`;
  return snapshotFileOf(sqlPath.replace(/\.sql$/, ""));
}

export interface SnapshotConflict {
  /** The snapshot file, relative to the folder. */
  path: string;
  /** The journal entries whose snapshot it would be, in journal order. */
  tags: string[];
}

/** Snapshot files that more than one journal entry names. */
export function snapshotConflicts(tags: readonly string[]): SnapshotConflict[] {
  const byPath = new Map<string, string[]>();
  for (const tag of tags) {
    const path = snapshotFileOf(tag);
    byPath.set(path, [...(byPath.get(path) ?? []), tag]);
  }
  return [...byPath].filter(([, claimants]) => claimants.length > 1).map(([path, claimants]) => ({ path, tags: claimants }));
}

/**
 * For each journal entry, the snapshot file to read, or null when its name is shared with
 * another entry (then none of them has a snapshot that can be found).
 */
export function snapshotFilesFor(tags: readonly string[]): (string | null)[] {
  const shared = new Set(snapshotConflicts(tags).map((conflict) => conflict.path));
  return tags.map((tag) => (shared.has(snapshotFileOf(tag)) ? null : snapshotFileOf(tag)));
}

/** `.sql` files directly in the folder that no journal entry lists: drizzle's migrator never runs them. */
export function unlistedSqlFiles(rootEntries: readonly string[], tags: readonly string[]): string[] {
  const listed = new Set(tags.map((tag) => `${tag}.sql`));
  return rootEntries.filter((name) => name.endsWith(".sql") && !listed.has(name)).sort();
}

interface MigrationSnapshotRef {
  tag: string;
  /** The snapshot file read for it, or null when none was found. */
  snapshotPath: string | null;
}

const LISTED = 10;

/**
 * SNAPSHOT_MISSING: entries before the newest one with a snapshot that have none (the ones
 * after it are SNAPSHOT_STALE, folder-findings.ts); MIGRATION_FILE_UNLISTED: one per stray file.
 */
export function snapshotGapFindings(migrations: readonly MigrationSnapshotRef[], unlistedFiles: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const newestWithSnapshot = migrations.findLastIndex((migration) => migration.snapshotPath !== null);
  const missing = migrations.slice(0, Math.max(newestWithSnapshot, 0)).filter((migration) => migration.snapshotPath === null);
  if (missing.length > 0) {
    const conflicts = new Map(snapshotConflicts(migrations.map((migration) => migration.tag)).map((conflict) => [conflict.path, conflict.tags]));
    const files = missing.map((migration) => snapshotFileOf(migration.tag));
    const named = missing.slice(0, LISTED).map((migration) => {
      const path = snapshotFileOf(migration.tag);
      return conflicts.has(path) ? `${migration.tag} (${path}, also named by ${conflicts.get(path)!.filter((tag) => tag !== migration.tag).join(", ")})` : `${migration.tag} (${path})`;
    });
    const more = missing.length > LISTED ? ` and ${missing.length - LISTED} more` : "";
    findings.push({
      code: "SNAPSHOT_MISSING",
      severity: "info",
      kind: "snapshot",
      object: missing[0]!.tag,
      expected: { migrationsWithoutSnapshot: missing.map((migration) => migration.tag), files },
      actual: null,
      message: `No snapshot can be found for ${missing.length === 1 ? "migration" : `${missing.length} migrations`} in the middle of the journal: ${named.join(", ")}${more}. The expected schema (the newest snapshot) is unaffected, but what ${missing.length === 1 ? "that migration" : "those migrations"} changed cannot be told apart from ${missing.length === 1 ? "its" : "their"} neighbours' changes.`,
      fixSql: null,
      pendingMigration: null,
    });
  }
  for (const file of unlistedFiles) {
    findings.push({
      code: "MIGRATION_FILE_UNLISTED",
      severity: "info",
      kind: "migration",
      object: file,
      expected: null,
      actual: null,
      message: `${file} is not listed in meta/_journal.json, so drizzle's migrator never runs it; add it with \`drizzle-kit generate --custom\` (and move the SQL there) or delete it.`,
      fixSql: null,
      pendingMigration: null,
    });
  }
  return findings;
}

/**
 * Why the folder's snapshots cannot be the expected schema, or null when they can: a snapshot
 * file several journal entries name (0.x), or journal entries but no snapshot at all. Comparing
 * against nothing would make every missing object pass, so the check stops with this error.
 */
export function unusableSnapshots(folder: DrizzleFolder): DriftcheckError | null {
  if (folder.layout === "0.x") {
    const conflicts = snapshotConflicts(folder.migrations.map((migration) => migration.tag));
    if (conflicts.length > 0) {
      const described = conflicts.map((conflict) => `${conflict.path} is named by ${conflict.tags.join(", ")}`).join("; ");
      return userError(
        `${folder.source}: ${described}. drizzle-kit names a snapshot after the text of the tag before its first "_" (with \`migrations.prefix: "none"\` that is empty for every migration; with "timestamp" or "unix", two migrations generated in the same second share it) and overwrote the file, so which migration's schema it holds cannot be told.`,
        `${REPLAY_HINT} For future migrations, \`migrations: { prefix: "index" }\` in the drizzle config gives each snapshot its own name.`,
      );
    }
  }
  if (folder.migrations.length > 0 && folder.migrations.every((migration) => migration.snapshotPath === null)) {
    const looked = folder.layout === "0.x" ? folder.migrations.slice(0, 3).map((migration) => snapshotFileOf(migration.tag)) : folder.migrations.slice(0, 3).map((migration) => `${migration.tag}/snapshot.json`);
    return userError(
      `${folder.source}: none of its ${folder.migrations.length} migrations has a snapshot (looked for ${looked.join(", ")}${folder.migrations.length > 3 ? ", …" : ""}), so there is no expected schema to compare the database with.`,
      `${REPLAY_HINT} Or regenerate the snapshots with \`npx drizzle-kit generate\`.`,
    );
  }
  return null;
}
