/**
 * A drizzle folder with every snapshot built, for tests that compare the schemas after each
 * migration: the readers build older snapshots only when asked (DrizzleFolder.loadSnapshots).
 */
import { readDrizzleFolder, type DrizzleFolder } from "../../src/core/drizzle/index.js";
import type { FileSource } from "../../src/core/port.js";

export async function readFolderWithAllSnapshots(files: FileSource): Promise<DrizzleFolder> {
  const folder = await readDrizzleFolder(files);
  await folder.loadSnapshots?.(folder.migrations.map((migration) => migration.tag));
  return folder;
}
