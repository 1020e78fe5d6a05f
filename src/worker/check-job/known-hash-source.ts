/**
 * A drizzle-folder FileSource that does not download migration files whose hash D1 already
 * holds (keyed by git blob sha: a blob sha names its content forever). The folder reader hashes
 * every .sql text it reads; for a known blob it gets an empty text instead, and `restoreHashes`
 * puts the stored hash back afterwards. New .sql blobs are read from GitHub and their hashes
 * returned for storing. A migration without a snapshot file is read whatever its hash: its SQL
 * is the only record of what it changed (the folder reader scans its DDL for SNAPSHOT_STALE).
 */
import type { GitHubFileSource } from "../../adapters/github/index.js";
import type { DrizzleFolder } from "../../core/drizzle/types.js";
import type { FileSource } from "../../core/port.js";
import { snapshotFileForSql } from "../../core/drizzle/snapshot-files.js";
import { customMigrationFinding } from "../../core/drizzle/folder-findings.js";

export interface KnownHashSource {
  files: FileSource;
  /** Puts the stored hashes into migrations read as placeholders; returns blob sha → hash of newly read ones. */
  restoreHashes(folder: DrizzleFolder): Promise<Map<string, string>>;
  /**
   * A hand-written migration read as a placeholder cannot be told data-only: reads the text of
   * those (CUSTOM_MIGRATION findings are few) and classifies them again, in place.
   */
  classifyCustomMigrations(folder: DrizzleFolder): Promise<void>;
}

export function knownHashSource(folder: GitHubFileSource, knownByBlob: ReadonlyMap<string, string>): KnownHashSource {
  const placeholders = new Map<string, string>();
  const files: FileSource = {
    async readText(path) {
      if (path.endsWith(".sql")) {
        const blob = await folder.blobSha(path);
        const known = blob === null ? undefined : knownByBlob.get(blob);
        if (known !== undefined && (await folder.blobSha(snapshotFileForSql(path))) !== null) {
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
    async classifyCustomMigrations(parsed) {
      const sqlPathOf = new Map(parsed.migrations.map((migration) => [migration.tag, migration.sqlPath]));
      parsed.findings = await Promise.all(
        parsed.findings.map(async (finding) => {
          const sqlPath = sqlPathOf.get(finding.object);
          if (finding.code !== "CUSTOM_MIGRATION" || sqlPath === undefined || !placeholders.has(sqlPath)) return finding;
          return customMigrationFinding(finding.object, (await folder.readText(sqlPath)) ?? undefined);
        }),
      );
    },
  };
}
