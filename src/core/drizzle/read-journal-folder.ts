/**
 * drizzle-kit 0.x folder: `meta/_journal.json`, `<tag>.sql` per entry and
 * `meta/<NNNN>_snapshot.json` (the full schema after migration NNNN).
 */
import { parseJsonWithinLimits } from "../input-limits.js";
import { userError } from "../errors.js";
import { emptySchema, type CanonicalSchema } from "../model.js";
import type { FileSource } from "../port.js";
import { hashMigrationText } from "../util/sha256.js";
import type { DrizzleFolder, MigrationFile } from "./types.js";
import type { SnapshotV7 } from "./snapshot-types.js";
import { upgradeSnapshot } from "./snapshot-upgrade.js";
import { snapshotToSchema } from "./snapshot-v7.js";
import { folderFindings } from "./folder-findings.js";

export const JOURNAL_PATH = "meta/_journal.json";

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

/** A migration as read, with its parsed snapshot kept for the custom-migration comparison. */
interface ReadMigration {
  migration: MigrationFile;
  /** The parsed (upgraded) snapshot JSON; null when absent. */
  snapshotContent: SnapshotV7 | null;
}

/**
 * Reads the folder. Every snapshot is parsed (CUSTOM_MIGRATION compares consecutive ones), but
 * only the newest is turned into the canonical model up front (it is `expected`); the others
 * are built the first time their `snapshot` is read (pending-migration attribution reads only
 * the pending ones and their predecessors). `journalText` skips reading the journal again when
 * the caller already has it.
 */
export async function readJournalFolder(files: FileSource, journalText?: string): Promise<DrizzleFolder> {
  const source = files.describe();
  const text = journalText ?? (await files.readText(JOURNAL_PATH));
  if (text === null) {
    throw userError(`${JOURNAL_PATH} not found in ${source}.`, "Pass --drizzle <dir> pointing at drizzle-kit's `out` folder.");
  }
  const entries = parseJournal(text, `${source}/${JOURNAL_PATH}`);

  // Read (and hash) every file at once: a disk or network source serves them concurrently.
  // Errors are raised in journal order, as a sequential read would.
  const settled = await Promise.allSettled(entries.map((entry) => readMigration(files, entry, source)));
  const read: ReadMigration[] = settled.map((result) => {
    if (result.status === "rejected") throw result.reason;
    return result.value;
  });
  const migrations = read.map((entry) => entry.migration);

  // Only the newest snapshot is built here (reading `snapshot` builds it).
  const newest = migrations.findLast((migration) => migration.snapshotPath !== null);
  const expected: CanonicalSchema = newest?.snapshot ?? emptySchema();
  const expectedFrom = newest?.tag ?? null;
  return {
    layout: "0.x",
    source,
    migrations,
    expected,
    expectedFrom,
    findings: folderFindings(read.map(({ migration, snapshotContent }) => ({ tag: migration.tag, snapshotContent }))),
  };
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

async function readMigration(files: FileSource, entry: JournalEntry, source: string): Promise<ReadMigration> {
  const sqlPath = `${entry.tag}.sql`;
  const snapshotPath = `meta/${String(entry.idx).padStart(4, "0")}_snapshot.json`;
  const [sql, snapshotText] = await Promise.all([files.readText(sqlPath), files.readText(snapshotPath)]);
  if (sql === null) {
    throw userError(
      `${JOURNAL_PATH} lists migration "${entry.tag}" but ${source}/${sqlPath} does not exist.`,
      "Restore the file (git checkout) or remove the entry with `npx drizzle-kit drop`; drizzle-orm's migrator would fail on it too.",
    );
  }
  let upgraded: SnapshotV7 | null = null;
  if (snapshotText !== null) {
    const where = `${source}/${snapshotPath}`;
    upgraded = upgradeSnapshot(parseJson(snapshotText, where), where);
    // snapshotToSchema's own shape check, made here so a broken snapshot fails the read, not a later lookup.
    if (typeof upgraded.tables !== "object" || upgraded.tables === null) snapshotToSchema(upgraded, where);
  }
  // drizzle-orm's migrator: createHash("sha256").update(fileText).digest("hex").
  const hash = await hashMigrationText(files, sql);
  // Dropped once the model is built: the parsed JSON is several times the file's size in memory.
  let content = upgraded;
  let built: CanonicalSchema | null = null;
  const migration: MigrationFile = {
    idx: entry.idx,
    tag: entry.tag,
    when: entry.when,
    sqlPath,
    sql,
    hash,
    snapshotPath: upgraded === null ? null : snapshotPath,
    // Built on first use and kept; enumerable, so spreading or serialising the migration includes it.
    get snapshot(): CanonicalSchema | null {
      if (built === null && content !== null) {
        built = snapshotToSchema(content, `${source}/${snapshotPath}`);
        content = null;
      }
      return built;
    },
  };
  return { migration, snapshotContent: upgraded };
}

function parseJson(text: string, path: string): unknown {
  return parseJsonWithinLimits(text, path, (error) => {
    throw userError(
      `${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
      "Fix or regenerate the file (look for merge-conflict markers), e.g. with `npx drizzle-kit generate`.",
    );
  });
}
