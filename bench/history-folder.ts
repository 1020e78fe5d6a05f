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
 * Layouts 1.x-v8 and 1.x-v9 (`--layout`): the same three 0.x folders, each turned into a drizzle-kit
 * 1.x folder (`<YYYYMMDDHHMMSS>_<tag>/migration.sql + snapshot.json`) by drizzle-kit 1.x's own `up`
 * — 1.0.0-rc.4's (tools/drizzle-kit-1-v8) writes snapshot version 8 (whole schemas, as big as
 * 0.x's), 1.0.0-rc.5's (tools/drizzle-kit-1) version 9 (a base, then diffs). Their databases are
 * migrated by drizzle-orm 1.x's own migrator (its migrations table differs from 0.x's): the long
 * folder's every migration but the newest; the 1-migration twin's none, over the same schema.
 *
 * CLI: `tsx bench/history-folder.ts [--tables 300] [--count 300] [--layout 0.x|1.x-v8|1.x-v9]`
 * prints the folders and URLs.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync, readdirSync, mkdtempSync, linkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate1xPg } from "../test/support/drizzle-orm-1x.js";
import { runSql } from "../test/support/pg.js";
import { REPO_DIR, SERVER_URL, WORK_DIR, generateSchema } from "./generate-schema.js";

export type HistoryLayout = "0.x" | "1.x-v8" | "1.x-v9";
export const HISTORY_LAYOUTS: HistoryLayout[] = ["0.x", "1.x-v8", "1.x-v9"];

/** Bump when the 1.x folders this writes change, so cached ones are rebuilt. */
const HISTORY_FOLDER_VERSION = 1;

/** drizzle-kit 1.x's CLI whose `up` writes each 1.x layout, and the snapshot version it writes. */
const UP_TOOL: Record<Exclude<HistoryLayout, "0.x">, { bin: string; version: string }> = {
  "1.x-v8": { bin: path.join(REPO_DIR, "tools", "drizzle-kit-1-v8", "node_modules", "drizzle-kit", "bin.cjs"), version: "8" },
  "1.x-v9": { bin: path.join(REPO_DIR, "tools", "drizzle-kit-1", "node_modules", "drizzle-kit", "bin.cjs"), version: "9" },
};

export interface HistoryBench {
  layout: HistoryLayout;
  longDir: string;
  oneDir: string;
  /** The long folder plus one more migration (a push adding one). */
  pushedDir: string;
  longUrl: string;
  oneUrl: string;
  snapshotBytes: number;
  /** The long folder's newest snapshot file. */
  newestSnapshot: string;
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

export async function prepareHistoryBench(tables = 300, count = 300, log: (line: string) => void = console.log, layout: HistoryLayout = "0.x"): Promise<HistoryBench> {
  const schema = generateSchema(tables, log);
  const final = JSON.parse(readFileSync(schema.snapshotFile, "utf8")) as Snapshot;
  const initFile = readdirSync(schema.drizzleDir).find((name) => name.endsWith(".sql"))!;
  const initSql = readFileSync(path.join(schema.drizzleDir, initFile), "utf8");
  const statements = initSql.split("--> statement-breakpoint").map((statement) => statement.trim()).filter(Boolean);
  const order = tableOrder(schema.schemaFile);
  const base = path.join(WORK_DIR, `history-${tables}x${count}${layout === "0.x" ? "" : `-${layout}`}`);
  const longDir = path.join(base, "long", "drizzle");
  const pushedDir = path.join(base, "pushed", "drizzle");
  const oneDir = path.join(base, "one", "drizzle");
  // 1.x folders take minutes of `up`: kept while their inputs are the same (the stamp).
  const stampFile = path.join(base, "stamp.json");
  const stamp = JSON.stringify({ version: HISTORY_FOLDER_VERSION, tables, count, layout, schema: statSync(schema.snapshotFile).size, up: layout === "0.x" ? null : upToolVersion(layout) });
  const cached = layout !== "0.x" && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp;
  let bytes = 0;
  let lastTables = order.slice(Math.floor((order.length * (count - 1)) / count));
  if (cached) {
    log(`${path.relative(WORK_DIR, base)}: cached`);
  } else {
    rmSync(stampFile, { force: true });
    ({ bytes, lastTables } = writeHistory(longDir, final, statements, order, count));
    // The push: the long folder plus one small migration (its files are the only new blobs).
    writeHistory(pushedDir, final, statements, order, count);
    appendMigration(pushedDir, order, count);
    rmSync(oneDir, { recursive: true, force: true });
    mkdirSync(path.join(oneDir, "meta"), { recursive: true });
    for (const file of [initFile, "meta/_journal.json", "meta/0000_snapshot.json"]) write(path.join(oneDir, file), readFileSync(path.join(schema.drizzleDir, file), "utf8"));
  }
  if (layout === "0.x") {
    const longUrl = await prepareDatabase(`${DB_PREFIX}long`, initSql, lastTables, longDir, count - 1);
    const oneUrl = await prepareDatabase(`${DB_PREFIX}one`, initSql, lastTables, oneDir, 0);
    return { layout, longDir, oneDir, pushedDir, longUrl, oneUrl, snapshotBytes: bytes, newestSnapshot: path.join(longDir, "meta", `${String(count - 1).padStart(4, "0")}_snapshot.json`), lastTables };
  }
  if (!cached) {
    for (const dir of [longDir, pushedDir, oneDir]) upgradeFolder(dir, layout, log);
    // The push must differ from the long folder by its new migration only, as a real push would.
    const longFiles = folderFiles(longDir);
    const pushedFiles = folderFiles(pushedDir);
    const added = [...pushedFiles.keys()].filter((file) => !longFiles.has(file));
    const differing = [...longFiles].filter(([file, text]) => !pushedFiles.get(file)?.equals(text)).map(([file]) => file);
    if (differing.length > 0 || added.length !== 2) throw new Error(`drizzle-kit up wrote the pushed folder's history differently from the long folder's: ${[...differing, ...added].slice(0, 6).join(", ")}`);
    writeFileSync(stampFile, stamp);
  }
  const migrations = migrationDirs(longDir);
  const snapshotBytes = migrations.reduce((sum, dir) => sum + statSync(path.join(longDir, dir, "snapshot.json")).size, 0);
  const lastDropped = lastTables.map((table) => `DROP TABLE "${table}" CASCADE`).join(";\n");
  const longUrl = await prepareDatabase1x(`${DB_PREFIX}long_${layout.slice(4)}`, longDir, null);
  const oneUrl = await prepareDatabase1x(`${DB_PREFIX}one_${layout.slice(4)}`, oneDir, `${initSql}\n--> statement-breakpoint\n${lastDropped}`);
  return { layout, longDir, oneDir, pushedDir, longUrl, oneUrl, snapshotBytes, newestSnapshot: path.join(longDir, migrations.at(-1)!, "snapshot.json"), lastTables };
}

/** A 1.x folder's migration sub-folders in drizzle-orm 1.x's migrator's order. */
function migrationDirs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
}

function folderFiles(dir: string): Map<string, Buffer> {
  return new Map(migrationDirs(dir).flatMap((sub) => readdirSync(path.join(dir, sub)).map((file) => [`${sub}/${file}`, readFileSync(path.join(dir, sub, file))] as const)));
}

function upToolVersion(layout: Exclude<HistoryLayout, "0.x">): string {
  return (JSON.parse(readFileSync(path.join(path.dirname(UP_TOOL[layout].bin), "package.json"), "utf8")) as { version: string }).version;
}

/** Turns a 0.x folder into a 1.x one in place with drizzle-kit 1.x's own `up`, and checks what it wrote. */
function upgradeFolder(dir: string, layout: Exclude<HistoryLayout, "0.x">, log: (line: string) => void): void {
  const { bin, version } = UP_TOOL[layout];
  const started = performance.now();
  // --out relative to cwd: rc.4's `up` prefixes "./" to it.
  const result = spawnSync(process.execPath, [bin, "up", "--dialect", "postgresql", "--out", path.basename(dir)], { cwd: path.dirname(dir), encoding: "utf8", timeout: 1_200_000, maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`drizzle-kit up (${layout}) failed on ${dir}:\n${result.stdout}\n${result.stderr}`);
  const migrations = migrationDirs(dir);
  const versions = new Set(migrations.map((sub) => (JSON.parse(readFileSync(path.join(dir, sub, "snapshot.json"), "utf8")) as { version: string }).version));
  if (existsSync(path.join(dir, "meta")) || versions.size !== 1 || !versions.has(version)) {
    throw new Error(`drizzle-kit up (${layout}) did not write a version ${version} 1.x folder in ${dir}: meta/ ${existsSync(path.join(dir, "meta")) ? "left" : "gone"}, snapshot versions ${[...versions].join(", ")}`);
  }
  log(`${path.relative(WORK_DIR, dir)}: drizzle-kit up → ${migrations.length} migrations, snapshot version ${version}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * A fresh database migrated by drizzle-orm 1.x's own migrator with the folder's every migration
 * but the newest (their migration.sql files linked into a temporary folder); `schemaSql` first,
 * when given (the 1-migration twin: its schema stands, no migration recorded).
 */
async function prepareDatabase1x(name: string, folder: string, schemaSql: string | null): Promise<string> {
  await admin(`DROP DATABASE IF EXISTS ${name}`);
  await admin(`CREATE DATABASE ${name}`);
  const url = SERVER_URL.replace(/\/postgres$/, `/${name}`);
  const partial = mkdtempSync(path.join(tmpdir(), "driftcheck-history-"));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sub of migrationDirs(folder).slice(0, -1)) {
      mkdirSync(path.join(partial, sub));
      linkSync(path.join(folder, sub, "migration.sql"), path.join(partial, sub, "migration.sql"));
    }
    for (const statement of (schemaSql ?? "").split("--> statement-breakpoint")) if (statement.trim()) await client.query(statement);
    await migrate1xPg(client, partial);
  } finally {
    await client.end();
    rmSync(partial, { recursive: true, force: true });
  }
  return url;
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

/** `--layout 0.x|1.x-v8|1.x-v9` from argv (0.x when absent). */
export function layoutArg(argv: string[] = process.argv): HistoryLayout {
  const at = argv.indexOf("--layout");
  if (at === -1) return "0.x";
  const layout = argv[at + 1] as HistoryLayout;
  if (!HISTORY_LAYOUTS.includes(layout)) throw new Error(`--layout takes ${HISTORY_LAYOUTS.join(", ")}, not ${argv[at + 1]}`);
  return layout;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const arg = (name: string, fallback: number) => {
    const at = process.argv.indexOf(name);
    return at === -1 ? fallback : Number(process.argv[at + 1]);
  };
  const bench = await prepareHistoryBench(arg("--tables", 300), arg("--count", 300), console.log, layoutArg());
  console.log(JSON.stringify({ ...bench, finalSnapshotBytes: statSync(bench.newestSnapshot).size }, null, 2));
}
