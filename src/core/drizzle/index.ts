/**
 * Read a drizzle-kit migrations folder into the expected schema, its migrations (with the
 * hashes drizzle-orm's migrator records) and folder-level findings.
 *
 * Layouts: drizzle-kit 0.x (`meta/_journal.json`, read by read-journal-folder.ts) and 1.x
 * (`<YYYYMMDDHHMMSS>_<name>/migration.sql` + `snapshot.json`, read by read-folder-1x.ts),
 * detected here. A folder holding both is an error: each migrator would run only its own half.
 */
import { userError } from "../errors.js";
import type { FileSource } from "../port.js";
import type { DrizzleFolder } from "./types.js";
import { readJournalFolder, journalSnapshotBuilder, JOURNAL_PATH } from "./read-journal-folder.js";
import { folder1xSnapshotBuilder, readFolder1x } from "./read-folder-1x.js";
import { LazyFolder, type FolderSummary } from "./lazy-folder.js";

export type { DrizzleFolder, MigrationFile } from "./types.js";
export { snapshotToSchema } from "./snapshot-v7.js";
export { upgradeSnapshot } from "./snapshot-upgrade.js";
export { readFolder1x } from "./read-folder-1x.js";
export type { FolderSummary } from "./lazy-folder.js";

/** Folder names of drizzle-kit 1.x migrations: `20250101120000_add_users`. */
const V1_MIGRATION_FOLDER = /^\d{14}_.+/;

export async function readDrizzleFolder(files: FileSource): Promise<DrizzleFolder> {
  const { layout, journalText } = await inspectLayout(files);
  switch (layout) {
    case "0.x":
      // The journal was read to tell the layouts apart: hand it on rather than read it again.
      return readJournalFolder(files, journalText ?? undefined);
    case "1.x":
      return readFolder1x(files);
    case "mixed":
      throw userError(
        `${files.describe()} mixes two drizzle-kit layouts: ${JOURNAL_PATH} (drizzle-kit 0.x) and <timestamp>_<name>/migration.sql folders (drizzle-kit 1.x).`,
        "Convert the folder once with `npx drizzle-kit up` (drizzle-kit 1.x), which moves every journal entry into its own folder, and delete the leftover meta/ folder; or point --drizzle at the folder your drizzle config's `out` names.",
      );
    case "empty":
      throw userError(
        `No drizzle migrations found at ${files.describe()}: the folder is missing or empty.`,
        "Pass --drizzle <dir> pointing at drizzle-kit's `out` folder (the one that contains meta/_journal.json), or set `drizzle` in driftcheck.json.",
      );
    case "unknown":
      throw userError(
        `${files.describe()} is not a drizzle-kit migrations folder: ${JOURNAL_PATH} was not found.`,
        "Pass --drizzle <dir> pointing at drizzle-kit's `out` folder (the one that contains meta/_journal.json), or run `npx drizzle-kit generate` first.",
      );
  }
}

/**
 * A folder summary (what the Worker caches by tree sha: no snapshot contents but `expected`)
 * whose older snapshots are read from `files` again when a check asks for them.
 */
export function withSnapshotLoader(summary: FolderSummary, files: FileSource): DrizzleFolder {
  return new LazyFolder(summary, summary.layout === "0.x" ? journalSnapshotBuilder(files, summary.source) : folder1xSnapshotBuilder(files, summary));
}

type Layout = "0.x" | "1.x" | "mixed" | "empty" | "unknown";

export async function detectLayout(files: FileSource): Promise<Layout> {
  return (await inspectLayout(files)).layout;
}

async function inspectLayout(files: FileSource): Promise<{ layout: Layout; journalText: string | null }> {
  const journalText = await files.readText(JOURNAL_PATH);
  return { layout: await layoutOf(files, journalText !== null), journalText };
}

async function layoutOf(files: FileSource, journal: boolean): Promise<Layout> {
  const entries = await files.list("");
  if (entries.length === 0) return journal ? "0.x" : "empty";
  let v1 = false;
  for (const entry of entries.filter((candidate) => V1_MIGRATION_FOLDER.test(candidate))) {
    const inside = await files.list(entry);
    if (inside.includes("migration.sql") || inside.includes("snapshot.json")) {
      v1 = true;
      break;
    }
  }
  if (journal) return v1 ? "mixed" : "0.x";
  return v1 ? "1.x" : "unknown";
}
