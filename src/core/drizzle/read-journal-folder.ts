/**
 * drizzle-kit 0.x folder: `meta/_journal.json`, `<tag>.sql` per entry and
 * `meta/<NNNN>_snapshot.json` (the full schema after migration NNNN).
 */
import { userError } from "../errors.js";
import { emptySchema, type CanonicalSchema } from "../model.js";
import type { FileSource } from "../port.js";
import { sha256Hex } from "../util/sha256.js";
import type { DrizzleFolder, MigrationFile } from "./types.js";
import { upgradeSnapshot } from "./snapshot-upgrade.js";
import { snapshotToSchema } from "./snapshot-v7.js";
import { folderFindings } from "./folder-findings.js";

export const JOURNAL_PATH = "meta/_journal.json";

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

/** A migration as read, with the snapshot text kept for the custom-migration comparison. */
export interface ReadMigration extends MigrationFile {
  /** The raw snapshot without `id`/`prevId`, stably serialised; null when absent. */
  snapshotContent: string | null;
}

export async function readJournalFolder(files: FileSource): Promise<DrizzleFolder> {
  const source = files.describe();
  const journalText = await files.readText(JOURNAL_PATH);
  if (journalText === null) {
    throw userError(`${JOURNAL_PATH} not found in ${source}.`, "Pass --drizzle <dir> pointing at drizzle-kit's `out` folder.");
  }
  const entries = parseJournal(journalText, `${source}/${JOURNAL_PATH}`);

  const migrations: ReadMigration[] = [];
  for (const entry of entries) migrations.push(await readMigration(files, entry, source));

  let expected: CanonicalSchema = emptySchema();
  let expectedFrom: string | null = null;
  for (const migration of migrations) {
    if (migration.snapshot) {
      expected = migration.snapshot;
      expectedFrom = migration.tag;
    }
  }
  return {
    layout: "0.x",
    source,
    migrations: migrations.map(({ snapshotContent: _content, ...migration }) => migration),
    expected,
    expectedFrom,
    findings: folderFindings(migrations),
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
  const sql = await files.readText(sqlPath);
  if (sql === null) {
    throw userError(
      `${JOURNAL_PATH} lists migration "${entry.tag}" but ${source}/${sqlPath} does not exist.`,
      "Restore the file (git checkout) or remove the entry with `npx drizzle-kit drop`; drizzle-orm's migrator would fail on it too.",
    );
  }
  const snapshotPath = `meta/${String(entry.idx).padStart(4, "0")}_snapshot.json`;
  const snapshotText = await files.readText(snapshotPath);
  let snapshot: CanonicalSchema | null = null;
  let snapshotContent: string | null = null;
  if (snapshotText !== null) {
    const raw = parseJson(snapshotText, `${source}/${snapshotPath}`);
    const upgraded = upgradeSnapshot(raw, `${source}/${snapshotPath}`);
    snapshot = snapshotToSchema(upgraded, `${source}/${snapshotPath}`);
    const { id: _id, prevId: _prevId, ...content } = upgraded;
    snapshotContent = stableStringify(content);
  }
  return {
    idx: entry.idx,
    tag: entry.tag,
    when: entry.when,
    sqlPath,
    sql,
    // drizzle-orm's migrator: createHash("sha256").update(fileText).digest("hex").
    hash: sha256Hex(sql),
    snapshotPath: snapshotText === null ? null : snapshotPath,
    snapshot,
    snapshotContent,
  };
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw userError(
      `${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
      "Fix or regenerate the file (look for merge-conflict markers), e.g. with `npx drizzle-kit generate`.",
    );
  }
}

/** JSON with object keys sorted, so two snapshots compare by content only. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${stableStringify(record[key])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
