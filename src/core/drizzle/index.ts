/**
 * Read a drizzle-kit migrations folder into the expected schema, its migrations (with the
 * hashes drizzle-orm's migrator records) and folder-level findings.
 *
 * Layouts: drizzle-kit 0.x (`meta/_journal.json`, read by read-journal-folder.ts) and 1.x
 * (`<YYYYMMDDHHMMSS>_<name>/migration.sql` + `snapshot.json`, detected here; a sibling reader
 * will handle it).
 */
import { userError } from "../errors.js";
import type { FileSource } from "../port.js";
import type { DrizzleFolder } from "./types.js";
import { readJournalFolder, JOURNAL_PATH } from "./read-journal-folder.js";

export type { DrizzleFolder, MigrationFile } from "./types.js";
export { snapshotToSchema } from "./snapshot-v7.js";
export { upgradeSnapshot } from "./snapshot-upgrade.js";

/** Folder names of drizzle-kit 1.x migrations: `20250101120000_add_users`. */
const V1_MIGRATION_FOLDER = /^\d{14}_.+/;

export async function readDrizzleFolder(files: FileSource): Promise<DrizzleFolder> {
  const layout = await detectLayout(files);
  switch (layout) {
    case "0.x":
      return readJournalFolder(files);
    case "1.x":
      throw userError(
        `drizzle-kit 1.x folder layout is not supported yet (found <timestamp>_<name>/migration.sql folders in ${files.describe()}).`,
        "Check against a drizzle-kit 0.31 folder (meta/_journal.json), or pass the expected schema as JSON.",
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

export async function detectLayout(files: FileSource): Promise<"0.x" | "1.x" | "empty" | "unknown"> {
  if ((await files.readText(JOURNAL_PATH)) !== null) return "0.x";
  const entries = await files.list("");
  if (entries.length === 0) return "empty";
  for (const entry of entries.filter((candidate) => V1_MIGRATION_FOLDER.test(candidate))) {
    const inside = await files.list(entry);
    if (inside.includes("migration.sql") || inside.includes("snapshot.json")) return "1.x";
  }
  return "unknown";
}
