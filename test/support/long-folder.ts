/**
 * A long drizzle-kit 0.x folder written to disk, for the history-cost tests (issue 12): `count`
 * migrations, each adding a small table (its snapshot holds every table so far, as drizzle-kit's
 * do); the indexes in `custom` copy their predecessor's snapshot, as `generate --custom` does.
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
