/**
 * migrationStatus against the rows drizzle-orm 0.45's own migrator writes (PGlite driver):
 * applied, pending, and the SKIPPED case — an entry whose `when` is older than the newest row,
 * which the real migrator silently never applies.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { afterAll, describe, expect, it } from "vitest";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import { migrationStatus } from "../../src/core/migrations/status.js";
import type { MigrationsTableState } from "../../src/core/introspect/types.js";
import type { FileSource } from "../../src/core/port.js";

const root = mkdtempSync(join(tmpdir(), "driftcheck-h2-status-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Entry {
  tag: string;
  when: number;
  sql: string;
}

function writeFolder(name: string, entries: Entry[]): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "meta"), { recursive: true });
  writeFileSync(
    join(dir, "meta/_journal.json"),
    JSON.stringify({ version: "7", dialect: "postgresql", entries: entries.map((e, idx) => ({ idx, version: "7", when: e.when, tag: e.tag, breakpoints: true })) }),
  );
  for (const entry of entries) writeFileSync(join(dir, `${entry.tag}.sql`), entry.sql);
  return dir;
}

function files(dir: string): FileSource {
  return {
    readText: async (path) => readFile(join(dir, path), "utf8").catch(() => null),
    list: async (path) => readdir(join(dir, path)).catch(() => []),
    describe: () => dir,
  };
}

async function tableState(db: PGlite): Promise<MigrationsTableState> {
  const result = await db.query<{ id: string; hash: string; created_at: string }>(
    "select id::text, hash, created_at::text from drizzle.__drizzle_migrations order by id",
  );
  return {
    ref: { schema: "drizzle", table: "__drizzle_migrations" },
    exists: true,
    shape: "0.x",
    rows: result.rows.map((row) => ({ id: row.id, hash: row.hash, createdAt: row.created_at, name: null })),
    error: null,
  };
}

const first: Entry = { tag: "0000_users", when: 1_700_000_000_000, sql: 'CREATE TABLE "users" ("id" serial PRIMARY KEY);' };
const second: Entry = { tag: "0001_posts", when: 1_700_000_100_000, sql: 'CREATE TABLE "posts" ("id" serial PRIMARY KEY);' };
// Merged from another branch with an older timestamp than `second`.
const older: Entry = { tag: "0002_tags", when: 1_700_000_050_000, sql: 'CREATE TABLE "tags" ("id" serial PRIMARY KEY);\n' };
const third: Entry = { tag: "0003_likes", when: 1_700_000_200_000, sql: 'CREATE TABLE "likes" ("id" serial PRIMARY KEY);' };

describe("migrationStatus on drizzle-orm migrator rows", () => {
  it("matches hashes, reports pending, and predicts the entries the migrator skips", async () => {
    const db = new PGlite();
    try {
      await migrate(drizzle(db), { migrationsFolder: writeFolder("step1", [first, second]) });
      const full = writeFolder("full", [first, second, older, third]);

      const before = migrationStatus(await readDrizzleFolder(files(full)), await tableState(db), { migrations: "migrate" });
      expect(before.status.entries.map((e) => e.state)).toEqual(["applied", "applied", "skipped", "pending"]);
      expect(before.findings.map((f) => [f.code, f.object])).toEqual([
        ["MIGRATION_SKIPPED", "0002_tags"],
        ["MIGRATION_PENDING", "0003_likes"],
      ]);

      // The real migrator agrees: it applies 0003 and never 0002.
      await migrate(drizzle(db), { migrationsFolder: full });
      const tables = await db.query<{ relname: string }>("select relname from pg_class where relname in ('tags','likes') order by 1");
      expect(tables.rows.map((row) => row.relname)).toEqual(["likes"]);
      const after = migrationStatus(await readDrizzleFolder(files(full)), await tableState(db), { migrations: "migrate" });
      expect(after.findings.map((f) => [f.code, f.object])).toEqual([["MIGRATION_SKIPPED", "0002_tags"]]);

      // Editing an applied file: same `when`, other hash.
      const edited = writeFolder("edited", [first, { ...second, sql: `${second.sql}\n-- tweak` }, older, third]);
      const status = migrationStatus(await readDrizzleFolder(files(edited)), await tableState(db), { migrations: "migrate" });
      expect(status.findings.map((f) => [f.code, f.object])).toEqual([
        ["MIGRATION_EDITED", "0001_posts"],
        ["MIGRATION_SKIPPED", "0002_tags"],
      ]);
    } finally {
      await db.close();
    }
  });
});
