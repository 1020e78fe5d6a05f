/**
 * Long drizzle-kit folders written to disk, for the history-cost tests (issue 12): `count`
 * migrations, each adding a small table; the indexes in `custom` are hand-written migrations
 * that leave the schema as it was, as `generate --custom` writes them. 0.x and 1.x version 8:
 * every snapshot holds every table so far (a custom one copies its predecessor's with new ids);
 * 1.x version 9: a base, then diffs (a custom one has no deltas).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const EMPTY_ID = "00000000-0000-0000-0000-000000000000";

export function writeLongFolder(dir: string, count: number, custom: number[] = []): void {
  const tables: Record<string, unknown> = {};
  const entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[] = [];
  let previous: Record<string, unknown> | null = null;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (let index = 0; index < count; index++) {
    const id = `${custom.includes(index) ? "11111111" : "22222222"}-0000-0000-0000-${String(index).padStart(12, "0")}`;
    const prevId = previous ? String(previous.id) : EMPTY_ID;
    let snapshot: Record<string, unknown>;
    if (custom.includes(index) && previous) {
      snapshot = { ...previous, id, prevId };
    } else {
      const table = `t${String(index).padStart(4, "0")}`;
      tables[`public.${table}`] = {
        name: table, schema: "", indexes: {}, foreignKeys: {}, compositePrimaryKeys: {}, uniqueConstraints: {}, policies: {}, checkConstraints: {}, isRLSEnabled: false,
        columns: { id: { name: "id", type: "serial", primaryKey: true, notNull: true }, label: { name: "label", type: "text", primaryKey: false, notNull: false } },
      };
      snapshot = { id, prevId, version: "7", dialect: "postgresql", tables: { ...tables }, enums: {}, schemas: {}, sequences: {}, roles: {}, policies: {}, views: {}, _meta: { columns: {}, schemas: {}, tables: {} } };
    }
    const tag = `${String(index).padStart(4, "0")}_m`;
    entries.push({ idx: index, version: "7", when: 1_700_000_000_000 + index * 1000, tag, breakpoints: true });
    write(`${tag}.sql`, custom.includes(index) ? `-- Custom SQL migration file ${index}\nSELECT 1;` : `CREATE TABLE "t${String(index).padStart(4, "0")}" ("id" serial PRIMARY KEY NOT NULL, "label" text);`);
    write(`meta/${String(index).padStart(4, "0")}_snapshot.json`, JSON.stringify(snapshot, null, 2));
    previous = snapshot;
  }
  write("meta/_journal.json", JSON.stringify({ version: "7", dialect: "postgresql", entries }, null, 2));
}

/** A drizzle-kit 1.x folder (`<YYYYMMDDHHMMSS>_m/migration.sql` + `snapshot.json`) of snapshot version 8 or 9. */
export function writeLongFolder1x(dir: string, count: number, version: "8" | "9", custom: number[] = []): void {
  const rows: Record<string, unknown>[] = [];
  let previous: { id: string; ddl: Record<string, unknown>[] } | null = null;
  for (let index = 0; index < count; index++) {
    const id = `${custom.includes(index) ? "11111111" : "22222222"}-0000-0000-0000-${String(index).padStart(12, "0")}`;
    const prevIds = [previous?.id ?? EMPTY_ID];
    const table = `t${String(index).padStart(4, "0")}`;
    const added = custom.includes(index) ? [] : tableRows1x(table);
    rows.push(...added);
    let snapshot: Record<string, unknown>;
    if (version === "8") snapshot = { version: "8", dialect: "postgres", id, prevIds, ddl: [...rows], renames: [] };
    else if (previous === null) snapshot = { version: "9", dialect: "postgres", type: "base", id, prevIds, ddl: [...rows], footprints: [] };
    else snapshot = { version: "9", dialect: "postgres", type: "diff", id, prevIds, deltas: added.map((row) => ({ op: "create", row })), footprints: [] };
    const folder = `${folderTime(index)}_m`;
    mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, folder, "migration.sql"), added.length === 0 ? `-- Custom SQL migration file ${index}\nSELECT 1;` : `CREATE TABLE "${table}" ("id" serial PRIMARY KEY, "label" text);`);
    writeFileSync(join(dir, folder, "snapshot.json"), JSON.stringify(snapshot, null, 2));
    previous = { id, ddl: [...rows] };
  }
}

/** `20250101000000` plus `index` minutes: folder names in migration order. */
export function folderTime(index: number): string {
  return new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

function tableRows1x(table: string): Record<string, unknown>[] {
  const column = (name: string, type: string, notNull: boolean) => ({ entityType: "columns", schema: "public", table, name, type, typeSchema: null, notNull, dimensions: 0, default: null, generated: null, identity: null });
  return [
    { entityType: "tables", schema: "public", name: table, isRlsEnabled: false },
    column("id", "serial", true),
    column("label", "text", false),
    { entityType: "pks", schema: "public", table, name: `${table}_pkey`, columns: ["id"], nameExplicit: false },
  ];
}
