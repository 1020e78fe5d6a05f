/**
 * drizzle-kit 0.x folder: `meta/_journal.json`, `<tag>.sql` per entry and
 * `meta/<prefix>_snapshot.json` (the full schema after that migration; snapshot-files.ts says
 * which file belongs to which entry for every `migrations.prefix` mode).
 */
import { parseJsonWithinLimits } from "../input-limits.js";
import { userError } from "../errors.js";
import { emptySchema } from "../model.js";
import type { FileSource } from "../port.js";
import { hashMigrationText } from "../util/sha256.js";
import type { DrizzleFolder, MigrationFile } from "./types.js";
import { LazyFolder, type SnapshotBuilder } from "./lazy-folder.js";
import type { SnapshotV7 } from "./snapshot-types.js";
import { upgradeSnapshot } from "./snapshot-upgrade.js";
import { snapshotToSchema } from "./snapshot-v7.js";
import { customMigrationFinding, staleSnapshotFindings } from "./folder-findings.js";
import { customMigrationTags } from "./custom-migrations.js";
import { snapshotFilesFor, snapshotGapFindings, unlistedSqlFiles } from "./snapshot-files.js";

export const JOURNAL_PATH = "meta/_journal.json";

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

/**
 * Reads the folder at the cost of its newest snapshot (issue 12): the journal, every migration's
 * SQL (for its hash; small), the `meta/` listing (which snapshots exist), and one snapshot — the
 * newest, which is `expected`. Older snapshots are read only when asked for (`loadSnapshots`,
 * for pending-migration attribution) and, for CUSTOM_MIGRATION, only for pairs whose sizes say
 * they may be copies (custom-migrations.ts). `journalText` skips reading the journal again when
 * the caller already has it.
 */
export async function readJournalFolder(files: FileSource, journalText?: string): Promise<DrizzleFolder> {
  const source = files.describe();
  const text = journalText ?? (await files.readText(JOURNAL_PATH));
  if (text === null) {
    throw userError(`${JOURNAL_PATH} not found in ${source}.`, "Pass --drizzle <dir> pointing at drizzle-kit's `out` folder.");
  }
  const entries = parseJournal(text, `${source}/${JOURNAL_PATH}`);
  const snapshots = new Set((await files.list("meta")).map((name) => `meta/${name}`));

  // Read (and hash) every migration file at once: a disk or network source serves them
  // concurrently. Errors are raised in journal order, as a sequential read would.
  // A snapshot file several entries would share (prefix `none`, two timestamps in one second) is
  // never read: snapshotFilesFor gives those entries none.
  const snapshotFiles = snapshotFilesFor(entries.map((entry) => entry.tag));
  const settled = await Promise.allSettled(entries.map((entry, position) => readMigrationSql(files, entry, source, snapshotFiles[position]!, snapshots)));
  const migrations = settled.map((result) => {
    if (result.status === "rejected") throw result.reason;
    return result.value;
  });

  const newest = migrations.findLast((migration) => migration.snapshotPath !== null);
  // The newest snapshot, parsed once: it is `expected`, and CUSTOM_MIGRATION may compare it with
  // its predecessor (or, as the first, with the empty schema) just below; then it is let go.
  const newestJson = newest ? await readSnapshotJson(files, source, newest.snapshotPath!) : null;
  const folder = new LazyFolder(
    {
      layout: "0.x",
      source,
      migrations,
      expected: newestJson ? snapshotToSchema(newestJson, `${source}/${newest!.snapshotPath}`) : emptySchema(),
      expectedFrom: newest?.tag ?? null,
      findings: [],
    },
    journalSnapshotBuilder(files, source),
  );
  const custom = await customMigrationTags(
    files,
    migrations.map((migration) => ({ tag: migration.tag, path: migration.snapshotPath })),
    async (path) => (newestJson && path === newest!.snapshotPath ? newestJson : readSnapshotJson(files, source, path)),
  );
  folder.findings = [
    ...staleSnapshotFindings(migrations.map((migration) => ({ tag: migration.tag, hasSnapshot: migration.snapshotPath !== null, sql: migration.sql }))),
    ...custom.map((tag) => customMigrationFinding(tag, migrations.find((migration) => migration.tag === tag)?.sql)),
    ...snapshotGapFindings(migrations, unlistedSqlFiles(await files.list(""), entries.map((entry) => entry.tag))),
  ];
  return folder;
}

/** Builds a 0.x snapshot's schema: the file parsed, upgraded to version 7 and normalised. */
export function journalSnapshotBuilder(files: FileSource, source: string): SnapshotBuilder {
  return async (path) => snapshotToSchema(await readSnapshotJson(files, source, path), `${source}/${path}`);
}

function parseJournal(text: string, path: string): JournalEntry[] {
  const journal = parseJson(text, path) as { dialect?: unknown; entries?: unknown } | null;
  if (typeof journal !== "object" || journal === null || !Array.isArray(journal.entries)) {
    throw userError(`${path} is not a drizzle-kit journal (no "entries" list).`, "Regenerate the folder with `npx drizzle-kit generate`.");
  }
  if (journal.dialect !== "postgresql" && journal.dialect !== "pg") {
    throw userError(
      `${path} is for dialect ${JSON.stringify(journal.dialect ?? null)}; driftcheck checks PostgreSQL migrations only.`,
      "Point --drizzle at the migrations folder of a drizzle config with `dialect: \"postgresql\"`.",
    );
  }
  return journal.entries.map((entry: unknown, position: number) => {
    const value = entry as Partial<JournalEntry> | null;
    if (typeof value !== "object" || value === null || typeof value.tag !== "string" || typeof value.when !== "number") {
      throw userError(`${path}: entry ${position} has no "tag" or "when".`, "Regenerate the folder with `npx drizzle-kit generate`.");
    }
    return { idx: typeof value.idx === "number" ? value.idx : position, when: value.when, tag: value.tag };
  });
}

/** `snapshotPath`: the entry's snapshot file (snapshot-files.ts), null when it has none of its own. */
async function readMigrationSql(
  files: FileSource,
  entry: JournalEntry,
  source: string,
  snapshotPath: string | null,
  listed: ReadonlySet<string>,
): Promise<Omit<MigrationFile, "snapshot">> {
  const sqlPath = `${entry.tag}.sql`;
  const sql = await files.readText(sqlPath);
  if (sql === null) {
    throw userError(
      `${JOURNAL_PATH} lists migration "${entry.tag}" but ${source}/${sqlPath} does not exist.`,
      "Restore the file (git checkout) or remove the entry with `npx drizzle-kit drop`; drizzle-orm's migrator would fail on it too.",
    );
  }
  // drizzle-orm's migrator: createHash("sha256").update(fileText).digest("hex").
  const hash = await hashMigrationText(files, sql);
  return { idx: entry.idx, tag: entry.tag, when: entry.when, sqlPath, sql, hash, snapshotPath: snapshotPath !== null && listed.has(snapshotPath) ? snapshotPath : null };
}

/** A snapshot file parsed and upgraded to version 7, its shape checked so a broken file fails here. */
async function readSnapshotJson(files: FileSource, source: string, path: string): Promise<SnapshotV7> {
  const where = `${source}/${path}`;
  const text = await files.readText(path);
  if (text === null) throw userError(`${where} could not be read (it was listed in meta/).`, "Check the folder's permissions, or regenerate it with `npx drizzle-kit generate`.");
  const upgraded = upgradeSnapshot(parseJson(text, where), where);
  // snapshotToSchema's own shape check, made here so a broken snapshot fails the read, not a later lookup.
  if (typeof upgraded.tables !== "object" || upgraded.tables === null) snapshotToSchema(upgraded, where);
  return upgraded;
}

function parseJson(text: string, path: string): unknown {
  return parseJsonWithinLimits(text, path, (error) => {
    throw userError(
      `${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
      "Fix or regenerate the file (look for merge-conflict markers), e.g. with `npx drizzle-kit generate`.",
    );
  });
}
