/**
 * Generated drizzle schemas of N tables, turned into a drizzle-kit 0.31 migrations folder by
 * drizzle-kit's own `generate`, and applied to a fresh database by drizzle-orm's own `migrate()`.
 *
 * The schema is deterministic for a given N (seeded PRNG) and aims for the variety of a real
 * product: several id styles (serial, bigserial, identity, uuid), ~20 column types, enums with
 * defaults, foreign keys with every action, named and unnamed uniques (some NULLS NOT DISTINCT),
 * checks, and index shapes drizzle writes (plain, unique, multi-column, desc, partial, gin).
 * All tables live in `public` so `drizzle-kit pull` (which reads `public` by default) and
 * driftcheck read exactly the same objects.
 *
 * Output: bench/.work/<n>/{schema.ts, drizzle/} (gitignored). A stamp file skips regeneration
 * when nothing changed.
 *
 * CLI: `tsx bench/generate-schema.ts 10 100 1000 [--apply]` (`--apply` also migrates a fresh
 * database and drops it again, as a smoke test).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = path.dirname(BENCH_DIR);
export const WORK_DIR = path.join(BENCH_DIR, ".work");
export const DRIZZLE_KIT_BIN = path.join(REPO_DIR, "node_modules", "drizzle-kit", "bin.cjs");
/** tsx's CLI, for bench scripts that run a TypeScript helper as a process of its own. */
export const TSX_CLI = path.join(REPO_DIR, "node_modules", "tsx", "dist", "cli.mjs");
/** Admin connection straight to the server (never through the delay proxy). */
export const SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
/** Databases this bench creates start with this; leftovers from an aborted run are dropped. */
export const DATABASE_PREFIX = "driftcheck_bench_";

/** Bump when the generator's output changes, so cached folders are rebuilt. */
const GENERATOR_VERSION = 2;

export interface GeneratedSchema {
  tables: number;
  dir: string;
  schemaFile: string;
  drizzleDir: string;
  /** The newest (only) snapshot drizzle-kit wrote. */
  snapshotFile: string;
  counts: { tables: number; columns: number; enums: number; foreignKeys: number; uniques: number; checks: number; indexes: number };
}

/** mulberry32: tiny deterministic PRNG, so every run benchmarks the same schema. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["accounts", "orders", "tracks", "invoices", "events", "users", "teams", "posts", "tags", "files", "plans", "notes"];

type IdStyle = "serial" | "bigserial" | "identity" | "uuid";
/** The FK column whose type matches each id style. */
const FK_COLUMN: Record<IdStyle, (column: string) => string> = {
  serial: (c) => `integer("${c}")`,
  bigserial: (c) => `bigint("${c}", { mode: "number" })`,
  identity: (c) => `integer("${c}")`,
  uuid: (c) => `uuid("${c}")`,
};
const ID_COLUMN: Record<IdStyle, string> = {
  serial: 'serial("id").primaryKey()',
  bigserial: 'bigserial("id", { mode: "number" }).primaryKey()',
  identity: 'integer("id").primaryKey().generatedAlwaysAsIdentity()',
  uuid: 'uuid("id").primaryKey().defaultRandom()',
};

interface ColumnKind {
  name: string;
  /** Builder expression given the column name; `enumName` for enum columns. */
  build(column: string, enumName: string): string;
  numeric?: boolean;
  jsonb?: boolean;
  /** json has no btree operator class: it cannot be part of a unique constraint. */
  noBtree?: boolean;
}

const COLUMN_KINDS: ColumnKind[] = [
  { name: "note", build: (c) => `text("${c}")` },
  { name: "title", build: (c) => `varchar("${c}", { length: 120 }).notNull()` },
  { name: "qty", build: (c) => `integer("${c}").notNull().default(0)`, numeric: true },
  { name: "views", build: (c) => `bigint("${c}", { mode: "number" })`, numeric: true },
  { name: "rank", build: (c) => `smallint("${c}")`, numeric: true },
  { name: "active", build: (c) => `boolean("${c}").notNull().default(false)` },
  { name: "amount", build: (c) => `numeric("${c}", { precision: 12, scale: 2 }).default("0")`, numeric: true },
  { name: "ratio", build: (c) => `real("${c}")` },
  { name: "score", build: (c) => `doublePrecision("${c}")` },
  { name: "day", build: (c) => `date("${c}")` },
  { name: "at_time", build: (c) => `time("${c}")` },
  { name: "span", build: (c) => `interval("${c}")` },
  { name: "seen_at", build: (c) => `timestamp("${c}", { precision: 3 })` },
  { name: "meta", build: (c) => `jsonb("${c}").notNull().default({})`, jsonb: true },
  { name: "payload", build: (c) => `json("${c}")`, noBtree: true },
  { name: "ref", build: (c) => `uuid("${c}").defaultRandom()` },
  { name: "labels", build: (c) => `text("${c}").array()` },
  { name: "ip", build: (c) => `inet("${c}")` },
  { name: "country", build: (c) => `char("${c}", { length: 2 })` },
  { name: "status", build: (c, e) => `${e}("${c}").notNull().default("${"v0"}")` },
  { name: "kind", build: (c, e) => `${e}("${c}")` },
];

const FK_ACTIONS = ["cascade", "set null", "restrict", "no action"] as const;

export function schemaSource(tableCount: number): { source: string; counts: GeneratedSchema["counts"] } {
  const random = prng(0x5eed + tableCount);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const pad = (i: number): string => String(i).padStart(4, "0");
  const counts = { tables: tableCount, columns: 0, enums: 0, foreignKeys: 0, uniques: 0, checks: 0, indexes: 0 };

  const lines: string[] = [
    "// Generated by bench/generate-schema.ts: do not edit.",
    'import { sql } from "drizzle-orm";',
    "import {",
    "  pgTable, pgEnum, serial, bigserial, integer, bigint, smallint, text, varchar, char, boolean, numeric,",
    "  real, doublePrecision, date, time, interval, timestamp, json, jsonb, uuid, inet,",
    "  index, uniqueIndex, unique, check,",
    '} from "drizzle-orm/pg-core";',
    "",
  ];

  const enumCount = Math.max(2, Math.round(tableCount / 10));
  counts.enums = enumCount;
  for (let e = 1; e <= enumCount; e++) {
    const values = Array.from({ length: 3 + Math.floor(random() * 4) }, (_, v) => `"v${v}"`);
    lines.push(`export const e${pad(e)} = pgEnum("e${pad(e)}_state", [${values.join(", ")}]);`);
  }
  lines.push("");

  const idStyles: IdStyle[] = [];
  const tableNames: string[] = [];
  for (let i = 1; i <= tableCount; i++) {
    const name = `t${pad(i)}_${pick(WORDS)}`;
    const idStyle = pick<IdStyle>(["serial", "identity", "uuid", "bigserial", "serial", "identity"]);
    idStyles.push(idStyle);
    tableNames.push(name);

    const columns: string[] = [`  id: ${ID_COLUMN[idStyle]},`, `  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),`];
    const numericColumns: string[] = [];
    const jsonbColumns: string[] = [];
    const textColumns: string[] = [];
    const btreeColumns: string[] = [];
    const extraCount = 3 + Math.floor(random() * 8);
    const enumName = `e${pad(1 + Math.floor(random() * enumCount))}`;
    for (let c = 1; c <= extraCount; c++) {
      const kind = pick(COLUMN_KINDS);
      const column = `${kind.name}_${c}`;
      columns.push(`  c${c}: ${kind.build(column, enumName)},`);
      if (kind.numeric) numericColumns.push(`c${c}`);
      if (kind.jsonb) jsonbColumns.push(`c${c}`);
      if (!kind.noBtree) btreeColumns.push(`c${c}`);
      if (kind.name === "note" || kind.name === "title") textColumns.push(`c${c}`);
    }
    columns.push(`  deletedAt: timestamp("deleted_at", { withTimezone: true }),`);

    const extrasConfig: string[] = [];
    // Foreign keys to earlier tables, with an index on each FK column, as most apps do.
    const fkCount = i === 1 ? 0 : random() < 0.6 ? (random() < 0.25 ? 2 : 1) : 0;
    for (let f = 1; f <= fkCount; f++) {
      const target = Math.floor(random() * (i - 1));
      const targetName = tableNames[target]!;
      const targetStyle = idStyles[target]!;
      const action = pick(FK_ACTIONS);
      const column = `parent${f}_id`;
      columns.push(`  parent${f}Id: ${FK_COLUMN[targetStyle](column)}.references(() => ${identifier(targetName)}.id, { onDelete: "${action}" }),`);
      extrasConfig.push(`  index("${name}_parent${f}_idx").on(t.parent${f}Id),`);
      counts.foreignKeys += 1;
      counts.indexes += 1;
    }

    if (random() < 0.4) {
      columns.push(`  code: varchar("code", { length: 64 }).unique(),`);
      counts.uniques += 1;
    }
    if (random() < 0.25 && btreeColumns.length >= 2) {
      const nnd = random() < 0.3 ? ".nullsNotDistinct()" : "";
      extrasConfig.push(`  unique("${name}_pair_uq").on(t.${btreeColumns[0]}, t.${btreeColumns[1]})${nnd},`);
      counts.uniques += 1;
    }
    for (const column of numericColumns.slice(0, random() < 0.5 ? 1 : 0)) {
      extrasConfig.push(`  check("${name}_${column}_nonneg", sql\`\${t.${column}} >= 0\`),`);
      counts.checks += 1;
    }
    if (random() < 0.5) {
      extrasConfig.push(`  index("${name}_created_idx").on(t.createdAt.desc()),`);
      counts.indexes += 1;
    }
    if (random() < 0.3) {
      extrasConfig.push(`  index("${name}_live_idx").on(t.createdAt).where(sql\`\${t.deletedAt} is null\`),`);
      counts.indexes += 1;
    }
    if (jsonbColumns.length > 0 && random() < 0.5) {
      extrasConfig.push(`  index("${name}_meta_gin").using("gin", t.${jsonbColumns[0]}),`);
      counts.indexes += 1;
    }
    if (textColumns.length > 0 && random() < 0.3) {
      extrasConfig.push(`  uniqueIndex("${name}_text_uidx").on(t.${textColumns[0]}, t.createdAt),`);
      counts.indexes += 1;
    }
    counts.columns += columns.length;

    const config = extrasConfig.length > 0 ? `, (t) => [\n${extrasConfig.join("\n")}\n]` : "";
    lines.push(`export const ${identifier(name)} = pgTable("${name}", {\n${columns.join("\n")}\n}${config});`, "");
  }
  return { source: lines.join("\n"), counts };
}

function identifier(tableName: string): string {
  return tableName.replace(/_(\w)/g, (_, ch: string) => ch.toUpperCase());
}

/** Writes schema.ts and runs `drizzle-kit generate` (0.31) unless the cached output is current. */
export function generateSchema(tableCount: number, log: (line: string) => void = () => {}): GeneratedSchema {
  const dir = path.join(WORK_DIR, String(tableCount));
  const schemaFile = path.join(dir, "schema.ts");
  const drizzleDir = path.join(dir, "drizzle");
  const stampFile = path.join(dir, "stamp.json");
  const { source, counts } = schemaSource(tableCount);
  const stamp = JSON.stringify({ generator: GENERATOR_VERSION, tables: tableCount, length: source.length });

  const snapshotFile = path.join(drizzleDir, "meta", "0000_snapshot.json");
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp && existsSync(snapshotFile)) {
    log(`schema ${tableCount}: cached in ${path.relative(REPO_DIR, dir)}`);
    return { tables: tableCount, dir, schemaFile, drizzleDir, snapshotFile, counts };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(schemaFile, source);
  log(`schema ${tableCount}: drizzle-kit generate …`);
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [DRIZZLE_KIT_BIN, "generate", "--dialect", "postgresql", "--schema", "./schema.ts", "--out", "./drizzle", "--name", "init"],
    { cwd: dir, encoding: "utf8", timeout: 600_000 },
  );
  if (result.status !== 0 || !existsSync(snapshotFile)) {
    throw new Error(`drizzle-kit generate failed for ${tableCount} tables:\n${result.stdout}\n${result.stderr}`);
  }
  log(`schema ${tableCount}: generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  writeFileSync(stampFile, stamp);
  return { tables: tableCount, dir, schemaFile, drizzleDir, snapshotFile, counts };
}

export interface BenchDatabase {
  name: string;
  /** Direct URL (no proxy). */
  url: string;
  drop(): Promise<void>;
}

async function adminQuery(sqlText: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await client.query(sqlText);
  } finally {
    await client.end();
  }
}

/** Drops databases left behind by an earlier, interrupted run of this bench. */
export async function dropLeftoverDatabases(): Promise<string[]> {
  const result = await adminQuery(`SELECT datname FROM pg_database WHERE datname LIKE '${DATABASE_PREFIX}%'`);
  const names = result.rows.map((row: { datname: string }) => row.datname);
  for (const name of names) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  return names;
}

/** A fresh database with the generated folder applied by drizzle-orm 0.45's own migrator. */
export async function createBenchDatabase(schema: GeneratedSchema): Promise<BenchDatabase> {
  const name = `${DATABASE_PREFIX}${schema.tables}_${Date.now().toString(36)}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = `postgresql://postgres@127.0.0.1:5432/${name}`;
  const drop = async (): Promise<void> => {
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  try {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await migrate(drizzle(client), { migrationsFolder: schema.drizzleDir });
    } finally {
      await client.end();
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, url, drop };
}

async function main(argv: string[]): Promise<void> {
  const sizes = argv.filter((arg) => /^\d+$/.test(arg)).map(Number);
  for (const size of sizes.length > 0 ? sizes : [10, 100, 1000]) {
    const schema = generateSchema(size, console.log);
    console.log(`schema ${size}: ${JSON.stringify(schema.counts)}`);
    if (argv.includes("--apply")) {
      const started = performance.now();
      const database = await createBenchDatabase(schema);
      console.log(`schema ${size}: applied to ${database.name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      await database.drop();
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main(process.argv.slice(2));
}
