/** Test helpers: an in-memory FileSource and small hand-written drizzle-kit folders. */
import type { FileSource } from "../../src/core/port.js";

export function memoryFiles(files: Record<string, string>, description = "memory:drizzle"): FileSource {
  return {
    async readText(path) {
      return Object.prototype.hasOwnProperty.call(files, path) ? files[path]! : null;
    },
    async list(dir) {
      const prefix = dir === "" ? "" : `${dir.replace(/\/$/, "")}/`;
      const names = new Set<string>();
      for (const path of Object.keys(files)) {
        if (!path.startsWith(prefix)) continue;
        names.add(path.slice(prefix.length).split("/")[0]!);
      }
      return [...names].sort();
    },
    describe() {
      return description;
    },
  };
}

export interface TinyMigration {
  tag: string;
  when: number;
  sql: string;
  /** Snapshot tables/enums etc.; null = no snapshot file. */
  snapshot: Record<string, unknown> | null;
}

let counter = 0;

/** A v7 snapshot around the given parts (ids are fresh each call, as drizzle-kit writes them). */
export function snapshotV7(parts: Record<string, unknown> = {}, prevId = "00000000-0000-0000-0000-000000000000"): Record<string, unknown> {
  counter += 1;
  return {
    id: `00000000-0000-0000-0000-${String(counter).padStart(12, "0")}`,
    prevId,
    version: "7",
    dialect: "postgresql",
    tables: {},
    enums: {},
    schemas: {},
    sequences: {},
    roles: {},
    policies: {},
    views: {},
    _meta: { columns: {}, schemas: {}, tables: {} },
    ...parts,
  };
}

export function journalFolder(migrations: TinyMigration[], dialect = "postgresql"): Record<string, string> {
  const files: Record<string, string> = {
    "meta/_journal.json": JSON.stringify({
      version: "7",
      dialect,
      entries: migrations.map((migration, idx) => ({ idx, version: "7", when: migration.when, tag: migration.tag, breakpoints: true })),
    }),
  };
  migrations.forEach((migration, idx) => {
    files[`${migration.tag}.sql`] = migration.sql;
    if (migration.snapshot) files[`meta/${String(idx).padStart(4, "0")}_snapshot.json`] = JSON.stringify(migration.snapshot, null, 2);
  });
  return files;
}

export function usersTable(columns: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "public.users": {
      name: "users",
      schema: "",
      columns,
      indexes: {},
      foreignKeys: {},
      compositePrimaryKeys: {},
      uniqueConstraints: {},
      policies: {},
      checkConstraints: {},
      isRLSEnabled: false,
      ...extra,
    },
  };
}
