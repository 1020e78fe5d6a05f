/**
 * A drizzle-folder FileSource that does not download migration files whose hash D1 already
 * holds (keyed by git blob sha: a blob sha names its content forever). The folder reader hashes
 * every .sql text it reads; for a known blob it gets an empty text instead, and `restoreHashes`
 * puts the stored hash back afterwards. New .sql blobs are read from GitHub and their hashes
 * returned for storing.
 */
import type { GitHubFileSource } from "../../adapters/github/index.js";
import type { DrizzleFolder } from "../../core/drizzle/types.js";
import type { FileSource } from "../../core/port.js";

export interface KnownHashSource {
  files: FileSource;
  /** Puts the stored hashes into migrations read as placeholders; returns blob sha → hash of newly read ones. */
  restoreHashes(folder: DrizzleFolder): Promise<Map<string, string>>;
}

export function knownHashSource(folder: GitHubFileSource, knownByBlob: ReadonlyMap<string, string>): KnownHashSource {
  const placeholders = new Map<string, string>();
  const files: FileSource = {
    async readText(path) {
      if (path.endsWith(".sql")) {
        const blob = await folder.blobSha(path);
        const known = blob === null ? undefined : knownByBlob.get(blob);
        if (known !== undefined) {
          placeholders.set(path, known);
          return "";
        }
      }
      return folder.readText(path);
    },
    list: (dir) => folder.list(dir),
    size: (path) => folder.size(path),
    describe: () => folder.describe(),
  };
  return {
    files,
    async restoreHashes(parsed) {
      const fresh = new Map<string, string>();
      for (const migration of parsed.migrations) {
        const known = placeholders.get(migration.sqlPath);
        if (known !== undefined) {
          migration.hash = known;
          continue;
        }
        const blob = await folder.blobSha(migration.sqlPath);
        if (blob !== null) fresh.set(blob, migration.hash);
      }
      return fresh;
    },
  };
}
