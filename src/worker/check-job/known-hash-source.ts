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
import type { DerivedValues, FileSource } from "../../core/port.js";
import { snapshotFileForSql } from "../../core/drizzle/snapshot-files.js";
import { customMigrationNotice, isDataOnlySql } from "../../core/drizzle/folder-findings.js";

/** The kind under which "this custom migration's SQL changes data only" is kept by blob sha (FileSource.derived). */
export const CUSTOM_SQL_KIND = "custom-sql-data-only-v1";

export interface KnownHashSource {
  files: FileSource;
  /** Puts the stored hashes into migrations read as placeholders; returns blob sha → hash of newly read ones. */
  restoreHashes(folder: DrizzleFolder): Promise<Map<string, string>>;
  /**
   * A hand-written migration read as a placeholder cannot be told data-only: classifies those
   * again, in place, from `cache` (by blob sha) or else from their text (CUSTOM_MIGRATION
   * findings are few), remembering the answer in `cache`.
   */
  classifyCustomMigrations(folder: DrizzleFolder, cache?: DerivedValues): Promise<void>;
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
    ...(folder.prefetch ? { prefetch: (paths: readonly string[]) => folder.prefetch!(paths) } : {}),
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
    async classifyCustomMigrations(parsed, cache) {
      const sqlPathOf = new Map(parsed.migrations.map((migration) => [migration.tag, migration.sqlPath]));
      parsed.findings = await Promise.all(
        parsed.findings.map(async (finding) => {
          const sqlPath = sqlPathOf.get(finding.object);
          if (finding.code !== "CUSTOM_MIGRATION" || sqlPath === undefined) return finding;
          if (!placeholders.has(sqlPath)) {
            // Classified by the reader from the text it read: remembered for the checks that will skip it.
            await cache?.put(sqlPath, CUSTOM_SQL_KIND, (finding.expected as { dataOnly?: boolean } | null)?.dataOnly ? "data-only" : "changes-schema");
            return finding;
          }
          const cached = await cache?.get(sqlPath, CUSTOM_SQL_KIND);
          if (cached !== undefined) return customMigrationNotice(finding.object, cached === "data-only");
          const text = (await folder.readText(sqlPath)) ?? undefined;
          const dataOnly = isDataOnlySql(text);
          // Only a text actually read is remembered: an unread one says nothing about the blob.
          if (text) await cache?.put(sqlPath, CUSTOM_SQL_KIND, dataOnly ? "data-only" : "changes-schema");
          return customMigrationNotice(finding.object, dataOnly);
        }),
      );
    },
  };
}
