/**
 * What the history-cost tests (issue 12) compare between a folder read lazily and one read
 * whole: the migration status and the findings a check derives, and which files a read touched.
 */
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { attributePendingMigrations, attributionSnapshotTags } from "../../src/core/attribution.js";
import { diffSchemas } from "../../src/core/diff/index.js";
import type { DrizzleFolder } from "../../src/core/drizzle/types.js";
import type { MigrationsTableState } from "../../src/core/introspect/types.js";
import { migrationStatus, migrationsThatWillRun } from "../../src/core/migrations/status.js";
import type { CanonicalSchema } from "../../src/core/model.js";
import type { FileSource } from "../../src/core/port.js";

/** The migrations table as the layout's migrator leaves it after the first `applied` migrations. */
export function tableWith(folder: { layout?: "0.x" | "1.x"; migrations: { tag: string; hash: string; when: number }[] }, applied: number): MigrationsTableState {
  const shape = folder.layout ?? "0.x";
  return {
    ref: { schema: "drizzle", table: "__drizzle_migrations" },
    exists: true,
    shape,
    error: null,
    rows: folder.migrations.slice(0, applied).map((migration, index) => ({ id: String(index + 1), hash: migration.hash, createdAt: String(migration.when), name: shape === "1.x" ? migration.tag : null })),
  };
}

/** What a check derives from a folder when the first `applied` migrations ran and the database is `actual`. */
export async function judge(folder: DrizzleFolder, applied: number, actual: CanonicalSchema) {
  const status = migrationStatus(folder, tableWith(folder, applied), { migrations: "migrate" });
  const willRun = migrationsThatWillRun(status.status);
  const schemaFindings = diffSchemas(folder.expected, actual);
  if (folder.loadSnapshots) await folder.loadSnapshots(attributionSnapshotTags(schemaFindings, folder, willRun));
  const findings = [...status.findings, ...folder.findings, ...attributePendingMigrations(schemaFindings, folder, willRun)];
  return { status: status.status, findings };
}

/** A disk FileSource that records the paths it reads. */
export function counting(dir: string, label: string): { files: FileSource; read: string[] } {
  const disk = createDiskFileSource(dir, label);
  const read: string[] = [];
  return {
    read,
    files: {
      ...disk,
      readText: async (path) => {
        read.push(path);
        return disk.readText(path);
      },
    },
  };
}
