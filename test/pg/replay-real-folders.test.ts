/**
 * Replay on folders as real projects write them (issue 11 §3), on embedded PGlite and on a
 * PostgreSQL 15 scratch database, each checked against what drizzle-orm's own migrator does
 * with the same folder on PostgreSQL 15:
 *  - a temp table (ON COMMIT DROP) filled in one statement and read by the next, even in the
 *    next migration: every migration runs in ONE transaction;
 *  - an explicit `COMMIT;` in a file ends that transaction, so a later CREATE INDEX CONCURRENTLY
 *    runs (and without it fails, as it does for the migrator);
 *  - extensions the migrations create (uuid-ossp, pg_trgm), and those the checked database has
 *    that no migration creates (pre-created on the scratch database, in their schema);
 *  - a prelude (--replay-prelude, or replay.prelude in driftcheck.json) for what the migrations
 *    assume exists; its failure is reported as the prelude's.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { SERVER_URL, createTestDatabase, type TestDatabase } from "../support/pg.js";
import { captureIo } from "./cli-support.js";

const dirs: string[] = [];
const databases: TestDatabase[] = [];

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A drizzle-kit 0.x folder (journal + SQL; no snapshot: replay does not read one). */
function folder(migrations: Record<string, string>, extra: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "driftcheck-replay-real-"));
  dirs.push(root);
  const dir = join(root, "drizzle");
  mkdirSync(join(dir, "meta"), { recursive: true });
  const entries = Object.entries(migrations).map(([tag, sql], idx) => {
    writeFileSync(join(dir, `${tag}.sql`), sql);
    return { idx, version: "7", when: 1_700_000_000_000 + idx, tag, breakpoints: true };
  });
  writeFileSync(join(dir, "meta", "_journal.json"), JSON.stringify({ version: "7", dialect: "postgresql", entries }));
  for (const [name, text] of Object.entries(extra)) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return dir;
}

async function cli(args: string[], cwd: string) {
  const { io, out } = captureIo(cwd, {});
  const code = await run(args, io);
  return { code, ...out };
}

interface ReplayDoc {
  schema: { tables: Record<string, { columns: Record<string, { type: string; default: string | null }>; indexes: Record<string, unknown> }> };
}

/** `driftcheck replay` on PGlite (no URL) or on a PostgreSQL 15 scratch database. */
async function replay(dir: string, scratch: "pglite" | "pg15", extra: string[] = []) {
  const args = ["replay", "--drizzle", dir, ...(scratch === "pg15" ? ["--scratch-url", SERVER_URL] : []), ...extra];
  const result = await cli(args, join(dir, ".."));
  return { ...result, doc: result.code === 0 ? (JSON.parse(result.stdout) as ReplayDoc) : null };
}

/** drizzle-orm's migrator on a fresh PostgreSQL 15 database; the error message when it fails. */
async function drizzleMigrate(dir: string, setupSql?: string): Promise<{ db: TestDatabase; error: string | null }> {
  const db = await createTestDatabase("h11_replay_real");
  databases.push(db);
  if (setupSql) await db.exec(setupSql);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await migrate(drizzle(client), { migrationsFolder: dir });
    return { db, error: null };
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return { db, error: cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error) };
  } finally {
    await client.end();
  }
}

async function checkReplay(db: TestDatabase, dir: string, extra: string[] = []) {
  const result = await cli(["check", "--database-url", db.url, "--drizzle", dir, "--expected", "replay", "--format", "json", "--fail-on", "info", ...extra], join(dir, ".."));
  const report = JSON.parse(result.stdout) as { findings: { code: string; object: string }[]; error?: { message: string } };
  return { ...result, report, findings: report.findings.map((f) => `${f.code} ${f.object}`) };
}

const TEMP_TABLE = {
  "0000_items": [
    'CREATE TABLE "items" ("id" integer PRIMARY KEY NOT NULL, "name" text NOT NULL);',
    "CREATE TEMP TABLE staging ON COMMIT DROP AS SELECT 1 AS id, 'one'::text AS name;",
    'INSERT INTO "items" SELECT id, name FROM staging;',
  ].join("\n--> statement-breakpoint\n"),
  // The next migration still sees the temp table: the migrator commits once, at the very end.
  "0001_backfill": ['ALTER TABLE "items" ADD COLUMN "label" text;', 'UPDATE "items" SET "label" = s.name FROM staging s WHERE s.id = "items"."id";', 'DROP TABLE staging;'].join(
    "\n--> statement-breakpoint\n",
  ),
};

describe.each(["pglite", "pg15"] as const)("replay on %s applies migrations as drizzle-orm's migrator does", (scratch) => {
  it("a temp table ON COMMIT DROP used by the next statement and the next migration", async () => {
    const dir = folder(TEMP_TABLE);
    expect((await drizzleMigrate(dir)).error).toBeNull();
    const result = await replay(dir, scratch);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(Object.keys(result.doc!.schema.tables["public.items"]!.columns).sort()).toEqual(["id", "label", "name"]);
  });

  it("a COMMIT; in a file ends the transaction: CREATE INDEX CONCURRENTLY after it runs, without it fails, naming file and line", async () => {
    const create = 'CREATE TABLE "items" ("id" integer PRIMARY KEY NOT NULL, "name" text);';
    const concurrently = 'CREATE INDEX CONCURRENTLY "items_name_idx" ON "items" ("name");';
    const committed = folder({ "0000_items": create, "0001_index": `COMMIT;\n--> statement-breakpoint\n${concurrently}` });
    expect((await drizzleMigrate(committed)).error).toBeNull();
    const ok = await replay(committed, scratch);
    expect(ok.code).toBe(0);
    expect(Object.keys(ok.doc!.schema.tables["public.items"]!.indexes)).toEqual(["items_name_idx"]);

    const inTransaction = folder({ "0000_items": create, "0001_index": `-- no commit\n\n${concurrently}` });
    expect((await drizzleMigrate(inTransaction)).error).toMatch(/cannot run inside a transaction block/);
    const failed = await replay(inTransaction, scratch);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("Replaying migration 0001_index failed at statement 1 of 1 (0001_index.sql line 1)");
    expect(failed.stderr).toContain("CREATE INDEX CONCURRENTLY cannot run inside a transaction block");
    expect(failed.stderr).toContain("End the transaction before it with a `COMMIT;` statement");
  });

  it("extensions the migrations create: uuid-ossp and pg_trgm", async () => {
    const dir = folder({
      "0000_ext": ['CREATE EXTENSION IF NOT EXISTS "uuid-ossp";', "CREATE EXTENSION IF NOT EXISTS pg_trgm;"].join("\n--> statement-breakpoint\n"),
      "0001_docs": [
        'CREATE TABLE "docs" ("id" uuid PRIMARY KEY DEFAULT uuid_generate_v4() NOT NULL, "title" text NOT NULL);',
        'CREATE INDEX "docs_title_trgm" ON "docs" USING gin ("title" gin_trgm_ops);',
      ].join("\n--> statement-breakpoint\n"),
    });
    const migrated = await drizzleMigrate(dir);
    expect(migrated.error).toBeNull();
    const result = await replay(dir, scratch);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.doc!.schema.tables["public.docs"]!.columns["id"]!.default).toBe("public.uuid_generate_v4()");
    if (scratch === "pglite") {
      const check = await checkReplay(migrated.db, dir);
      expect(check.report.error).toBeUndefined();
      expect(check.findings).toEqual([]);
      expect(check.code).toBe(0);
    }
  });

  it("a prelude for what the migrations assume exists; without it the migration fails, naming file and line", async () => {
    const prelude = "CREATE SCHEMA auth;\nCREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT NULL::uuid; $$;\n";
    const dir = folder(
      { "0000_notes": '\n\nCREATE TABLE "notes" ("id" serial PRIMARY KEY NOT NULL, "owner" uuid DEFAULT auth.uid());' },
      { "prelude.sql": prelude, "bad-prelude.sql": "CREATE SCHEMA auth;\nCREATE FUNCTION auth.uid( RETURNS uuid;\n" },
    );
    const without = await replay(dir, scratch);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain("Replaying migration 0000_notes failed at statement 1 of 1 (0000_notes.sql line 3)");
    expect(without.stderr).toContain("--replay-prelude FILE");

    const withPrelude = await replay(dir, scratch, ["--replay-prelude", "prelude.sql"]);
    expect(withPrelude.stderr).toBe("");
    expect(withPrelude.code).toBe(0);
    expect(withPrelude.doc!.schema.tables["public.notes"]!.columns["owner"]!.default).toBe("auth.uid()");

    const bad = await replay(dir, scratch, ["--replay-prelude", "bad-prelude.sql"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("The replay prelude ./bad-prelude.sql failed at statement 2 of 2 (line 2): syntax error");

    const missing = await replay(dir, scratch, ["--replay-prelude", "nope.sql"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Replay prelude ./nope.sql (from --replay-prelude) does not exist.");
  });
});

describe("the prelude from driftcheck.json, and check --expected replay with it", () => {
  it("replay.prelude is relative to driftcheck.json; the check on a database migrated the same way is clean", async () => {
    const prelude = "CREATE SCHEMA auth;\nCREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT NULL::uuid; $$;\n";
    const dir = folder(
      { "0000_notes": 'CREATE TABLE "notes" ("id" serial PRIMARY KEY NOT NULL, "owner" uuid DEFAULT auth.uid());' },
      { "config/driftcheck.json": JSON.stringify({ drizzle: "../drizzle", replay: { prelude: "sql/prelude.sql" } }), "config/sql/prelude.sql": prelude },
    );
    const config = join(dir, "..", "config", "driftcheck.json");
    const migrated = await drizzleMigrate(dir, prelude);
    expect(migrated.error).toBeNull();
    // Run from elsewhere: the prelude path is the file's, not the working directory's.
    const result = await cli(["check", "--config", config, "--database-url", migrated.db.url, "--expected", "replay", "--format", "json", "--fail-on", "info"], tmpdir());
    const report = JSON.parse(result.stdout) as { findings: unknown[]; error?: unknown };
    expect(report.error).toBeUndefined();
    expect(report.findings).toEqual([]);
    expect(result.code).toBe(0);

    const withoutConfig = await checkReplay(migrated.db, dir);
    expect(withoutConfig.code).toBe(1);
    expect(withoutConfig.report.error?.message).toContain("Replaying migration 0000_notes failed at statement 1 of 1");
  });
});

describe("extensions the checked database has, created on the scratch database first", () => {
  it("a platform-created extension (in its own schema) the migrations use but never create; one PGlite lacks is a note", async () => {
    const platform = "CREATE SCHEMA extensions;\nCREATE EXTENSION citext WITH SCHEMA extensions;\nCREATE EXTENSION pg_trgm;\nCREATE EXTENSION pgstattuple;";
    const dir = folder({
      "0000_tags": [
        'CREATE TABLE "tags" ("id" integer PRIMARY KEY NOT NULL, "name" extensions.citext NOT NULL, "label" text);',
        'CREATE INDEX "tags_label_trgm" ON "tags" USING gin ("label" gin_trgm_ops);',
      ].join("\n--> statement-breakpoint\n"),
    });
    const migrated = await drizzleMigrate(dir, platform);
    expect(migrated.error).toBeNull();

    const pglite = await checkReplay(migrated.db, dir);
    expect(pglite.report.error).toBeUndefined();
    expect(pglite.findings).toEqual([]);
    expect(pglite.code).toBe(0);
    expect(pglite.stderr).toContain("the checked database has extension pgstattuple, which embedded PGlite cannot provide");

    const server = await checkReplay(migrated.db, dir, ["--scratch-url", SERVER_URL]);
    expect(server.report.error).toBeUndefined();
    expect(server.findings).toEqual([]);
    expect(server.stderr).toBe("");

    // The standalone replay knows no checked database: the migration fails for want of citext.
    const alone = await replay(dir, "pglite");
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('schema "extensions" does not exist');
  });
});
