/**
 * Issue 12's bench input: a long drizzle-kit 0.x history whose newest schema is a generated
 * schema of `tables` tables (drizzle-kit's own snapshot and SQL, bench/generate-schema.ts), split
 * into `count` migrations that each add the next tables in definition order (foreign keys point
 * only at earlier tables, so every intermediate snapshot is consistent). Snapshots hold every
 * table so far, as drizzle-kit's do, so their sizes add up to ~count/2 × the final snapshot.
 *
 * Also written: the same final schema as a 1-migration folder (drizzle-kit's own output), and two
 * databases in the state "every migration but the last applied" (the final schema minus the last
 * migration's tables, and the migrations table drizzle-orm's migrator would have written).
 *
 * CLI: `tsx bench/history-folder.ts [--tables 300] [--count 300]` prints the folders and URLs.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync, readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { runSql } from "../test/support/pg.js";
import { SERVER_URL, WORK_DIR, generateSchema } from "./generate-schema.js";

export interface HistoryBench {
  longDir: string;
  oneDir: string;
  /** The long folder plus one more migration (a push adding one). */
  pushedDir: string;
  longUrl: string;
  oneUrl: string;
  snapshotBytes: number;
  lastTables: string[];
}

const DB_PREFIX = "driftcheck_bench_history_";

type Snapshot = Record<string, unknown> & { tables: Record<string, unknown> };

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Table names in definition order, from the generated schema.ts. */
function tableOrder(schemaFile: string): string[] {
  return [...readFileSync(schemaFile, "utf8").matchAll(/pgTable\("([^"]+)"/g)].map((match) => match[1]!);
}

function writeHistory(dir: string, final: Snapshot, statements: string[], order: string[], count: number): { bytes: number; lastTables: string[] } {
  rmSync(dir, { recursive: true, force: true });
  // Floor: the last step then adds at least one table (the one the databases leave out).
  const tablesPer = (index: number) => Math.floor((order.length * (index + 1)) / count);
  const keyOf = (name: string) => Object.keys(final.tables).find((key) => key === `public.${name}` || key.endsWith(`.${name}`))!;
  const byTable = new Map<string, string[]>();
  const other: string[] = [];
  for (const statement of statements) {
    const created = /CREATE TABLE (?:IF NOT EXISTS )?"(?:[^"]+"\.")?([^"]+)"/.exec(statement)?.[1] ?? /ON "(?:[^"]+"\.")?([^"]+)"/.exec(statement)?.[1] ?? /ALTER TABLE "(?:[^"]+"\.")?([^"]+)"/.exec(statement)?.[1];
    if (created && order.includes(created)) byTable.set(created, [...(byTable.get(created) ?? []), statement]);
    else other.push(statement);
  }
  const entries = [];
  let previousId = "00000000-0000-0000-0000-000000000000";
  let bytes = 0;
  let lastTables: string[] = [];
  for (let index = 0; index < count; index++) {
    const from = index === 0 ? 0 : tablesPer(index - 1);
    const added = order.slice(from, tablesPer(index));
    lastTables = added;
    const tables = Object.fromEntries(order.slice(0, tablesPer(index)).map((name) => [keyOf(name), final.tables[keyOf(name)]]));
    const id = `b0000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
    const snapshot = { ...final, id, prevId: previousId, tables };
    previousId = id;
    const tag = `${String(index).padStart(4, "0")}_step_${index}`;
    const sql = [...(index === 0 ? other : []), ...added.flatMap((name) => byTable.get(name) ?? [])];
    write(path.join(dir, `${tag}.sql`), sql.length > 0 ? sql.join("\n--> statement-breakpoint\n") : `-- step ${index}: no tables\nSELECT 1;`);
    const text = JSON.stringify(snapshot, null, 2);
    bytes += text.length;
    write(path.join(dir, "meta", `${String(index).padStart(4, "0")}_snapshot.json`), text);
    entries.push({ idx: index, version: "7", when: 1_750_000_000_000 + index * 60_000, tag, breakpoints: true });
  }
  write(path.join(dir, "meta", "_journal.json"), JSON.stringify({ version: "7", dialect: "postgresql", entries }, null, 2));
  return { bytes, lastTables };
}

const admin = (sql: string, url = SERVER_URL) => runSql(url, sql);

/** The final schema minus `dropTables`, with migrations-table rows for the folder's first `applied` entries. */
async function prepareDatabase(name: string, initSql: string, dropTables: string[], folder: string, applied: number): Promise<string> {
  await admin(`DROP DATABASE IF EXISTS ${name}`);
  await admin(`CREATE DATABASE ${name}`);
  const url = SERVER_URL.replace(/\/postgres$/, `/${name}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of initSql.split("--> statement-breakpoint")) if (statement.trim()) await client.query(statement);
    for (const table of dropTables) await client.query(`DROP TABLE "${table}" CASCADE`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS drizzle; CREATE TABLE drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`);
    const journal = JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] };
    for (const entry of journal.entries.slice(0, applied)) {
      const hash = createHash("sha256").update(readFileSync(path.join(folder, `${entry.tag}.sql`))).digest("hex");
      await client.query("INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)", [hash, entry.when]);
    }
  } finally {
    await client.end();
  }
  return url;
}

export async function prepareHistoryBench(tables = 300, count = 300, log: (line: string) => void = console.log): Promise<HistoryBench> {
  const schema = generateSchema(tables, log);
  const final = JSON.parse(readFileSync(schema.snapshotFile, "utf8")) as Snapshot;
  const initFile = readdirSync(schema.drizzleDir).find((name) => name.endsWith(".sql"))!;
  const initSql = readFileSync(path.join(schema.drizzleDir, initFile), "utf8");
  const statements = initSql.split("--> statement-breakpoint").map((statement) => statement.trim()).filter(Boolean);
  const order = tableOrder(schema.schemaFile);
  const base = path.join(WORK_DIR, `history-${tables}x${count}`);
  const longDir = path.join(base, "long", "drizzle");
  const pushedDir = path.join(base, "pushed", "drizzle");
  const { bytes, lastTables } = writeHistory(longDir, final, statements, order, count);
  // The push: the long folder plus one small migration (its files are the only new blobs).
  writeHistory(pushedDir, final, statements, order, count);
  appendMigration(pushedDir, order, count);
  const oneDir = path.join(base, "one", "drizzle");
  rmSync(oneDir, { recursive: true, force: true });
  mkdirSync(path.join(oneDir, "meta"), { recursive: true });
  for (const file of [initFile, "meta/_journal.json", "meta/0000_snapshot.json"]) write(path.join(oneDir, file), readFileSync(path.join(schema.drizzleDir, file), "utf8"));
  const longUrl = await prepareDatabase(`${DB_PREFIX}long`, initSql, lastTables, longDir, count - 1);
  const oneUrl = await prepareDatabase(`${DB_PREFIX}one`, initSql, lastTables, oneDir, 0);
  return { longDir, oneDir, pushedDir, longUrl, oneUrl, snapshotBytes: bytes, lastTables };
}

/**
 * Appends one migration to a folder written by writeHistory: the last snapshot with one more
 * column on the last table (what a small follow-up `drizzle-kit generate` adds).
 */
function appendMigration(dir: string, order: string[], count: number): void {
  const journalFile = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalFile, "utf8")) as { entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[] };
  const last = JSON.parse(readFileSync(path.join(dir, "meta", `${String(count - 1).padStart(4, "0")}_snapshot.json`), "utf8")) as Snapshot;
  const table = order[order.length - 1]!;
  const key = Object.keys(last.tables).find((candidate) => candidate.endsWith(`.${table}`))!;
  const tableDef = last.tables[key] as { columns: Record<string, unknown> };
  const next = {
    ...last,
    id: `c0000000-0000-4000-8000-${String(count).padStart(12, "0")}`,
    prevId: last.id,
    tables: { ...last.tables, [key]: { ...tableDef, columns: { ...tableDef.columns, pushed_note: { name: "pushed_note", type: "text", primaryKey: false, notNull: false } } } },
  };
  const tag = `${String(count).padStart(4, "0")}_pushed_note`;
  write(path.join(dir, `${tag}.sql`), `ALTER TABLE "${table}" ADD COLUMN "pushed_note" text;`);
  write(path.join(dir, "meta", `${String(count).padStart(4, "0")}_snapshot.json`), JSON.stringify(next, null, 2));
  journal.entries.push({ idx: count, version: "7", when: 1_750_000_000_000 + count * 60_000, tag, breakpoints: true });
  write(journalFile, JSON.stringify(journal, null, 2));
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const arg = (name: string, fallback: number) => {
    const at = process.argv.indexOf(name);
    return at === -1 ? fallback : Number(process.argv[at + 1]);
  };
  const bench = await prepareHistoryBench(arg("--tables", 300), arg("--count", 300));
  const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);
  console.log(JSON.stringify({ ...bench, finalSnapshotBytes: sizeOf(path.join(bench.longDir, "meta", "0299_snapshot.json")) }, null, 2));
}
