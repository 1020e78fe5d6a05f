import { describe, expect, it } from "vitest";
import { changesSchemaObjects, ddlObjects, scanDdl } from "../../src/core/sql/ddl-objects.js";
import { customMigrationFinding } from "../../src/core/drizzle/folder-findings.js";

const names = (sql: string) => ddlObjects(sql).map((o) => `${o.kind} ${o.schema}.${o.name}`);

describe("changesSchemaObjects: data-only migrations are not schema changes", () => {
  it.each([
    ["UPDATE \"users\" SET \"plan\" = 'free' WHERE \"plan\" IS NULL;"],
    ["INSERT INTO roles (name) VALUES ('admin'), ('create table x');\n--> statement-breakpoint\nDELETE FROM sessions;"],
    ["WITH moved AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM moved;"],
    ["BEGIN; UPDATE t SET x = 1; COMMIT;"],
    ["-- backfill\nCREATE TEMP TABLE tmp ON COMMIT DROP AS SELECT id FROM users;\nUPDATE users SET flag = true FROM tmp WHERE users.id = tmp.id;"],
    ["DO $$ BEGIN UPDATE users SET name = lower(name); PERFORM pg_sleep(0); END $$;"],
    ["INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET v = 2;"],
    ["COMMENT ON TABLE users IS 'people';\nGRANT SELECT ON users TO reader;\nANALYZE users;"],
    ["/* ALTER TABLE users DROP COLUMN x; */ SELECT 1;"],
    [""],
    // drizzle-kit's `generate --custom` header, left alone: only comments.
    ["-- Custom SQL migration file, put your code below! --"],
    ["-- Custom SQL migration file, put your code below! --\n-- CREATE EXTENSION IF NOT EXISTS postgis;\n/* nothing yet */\n"],
    // Maintenance and session statements.
    ["ANALYZE \"users\";\n--> statement-breakpoint\nVACUUM (ANALYZE) users;\nREINDEX TABLE users;\nCLUSTER users USING users_pkey;"],
    ["REFRESH MATERIALIZED VIEW CONCURRENTLY \"stats\";\nSET lock_timeout = '5s';\nRESET lock_timeout;\nNOTIFY schema_changed, 'x';"],
    ["SELECT set_config('app.tenant', '1', false);\nSELECT pg_advisory_xact_lock(42);"],
    // A helper created, used and dropped again in the same file.
    [
      'CREATE OR REPLACE FUNCTION "latitude"."tmp_backfill"(v jsonb) RETURNS jsonb AS $$ SELECT v $$ LANGUAGE sql;\n' +
        'UPDATE "latitude"."issues" SET "c" = "latitude"."tmp_backfill"("c");\n' +
        'DROP FUNCTION "latitude"."tmp_backfill"(jsonb);',
    ],
    ["CREATE FUNCTION tmp_backfill() RETURNS void LANGUAGE plpgsql AS $$ BEGIN UPDATE t SET x = 1; END $$;\nSELECT tmp_backfill();\nDROP FUNCTION IF EXISTS tmp_backfill();"],
    ["CREATE PROCEDURE p() LANGUAGE sql AS $$ DELETE FROM t $$;\nDROP PROCEDURE p;"],
    ["CREATE TABLE work_ids (id int);\nCREATE INDEX work_ids_idx ON work_ids (id);\nINSERT INTO work_ids SELECT id FROM users;\nALTER TABLE work_ids ADD COLUMN done boolean;\nUPDATE users SET x = 1 FROM work_ids w WHERE w.id = users.id;\nDROP TABLE work_ids;"],
    ["CREATE TEMP TABLE ids AS SELECT id FROM users;\nCREATE INDEX ON ids (id);\nALTER TABLE ids ADD PRIMARY KEY (id);\nUPDATE users SET x = 1 FROM ids WHERE ids.id = users.id;"],
    ["CREATE INDEX tmp_speedup ON users (email);\nUPDATE users SET email = lower(email);\nDROP INDEX tmp_speedup;"],
    ["CREATE TEMP TABLE t (id int);\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();\nDROP TABLE t;"],
  ])("%s", (sql) => {
    expect(changesSchemaObjects(sql)).toBe(false);
  });

  it.each([
    ['CREATE TABLE "users" ("id" serial PRIMARY KEY);'],
    ["UPDATE t SET x = 1;\nALTER TABLE t ADD COLUMN y text;"],
    ["create extension if not exists pg_trgm;"],
    ["CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;"],
    ["DO $$ BEGIN CREATE TYPE \"public\".\"mood\" AS ENUM('a'); EXCEPTION WHEN duplicate_object THEN null; END $$;"],
    ["DO $$ BEGIN EXECUTE format('ALTER TABLE %I ADD c int', 't'); END $$;"],
    ["CALL migrate_things();"],
    ["DROP INDEX IF EXISTS idx;"],
    // Net effects: what stays, what was there before, what a helper did when called.
    ["CREATE FUNCTION keep_me() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\nCREATE FUNCTION helper() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\nDROP FUNCTION helper();"],
    ["DROP FUNCTION IF EXISTS old_helper();\nCREATE FUNCTION old_helper() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql;\nDROP FUNCTION old_helper();"],
    ["CREATE TABLE t2 (id int);\nDROP TABLE t2;\nCREATE TABLE t2 (id int);"],
    ["CREATE FUNCTION h() RETURNS void LANGUAGE plpgsql AS $$ BEGIN ALTER TABLE users ADD COLUMN c int; END $$;\nSELECT h();\nDROP FUNCTION h();"],
    ["CREATE TABLE work (id int);\nALTER TABLE work RENAME TO kept;\nDROP TABLE IF EXISTS work;"],
    ["CREATE TEMP TABLE ids (id int);\nCREATE INDEX users_ids_idx ON users (id);"],
    ["CREATE INDEX tmp_speedup ON users (email);\nDROP INDEX other_idx;"],
    ["CREATE ROLE helper_role;\nDROP ROLE helper_role;"],
  ])("%s changes schema objects", (sql) => {
    expect(changesSchemaObjects(sql)).toBe(true);
  });
});

describe("ddlObjects: the objects DDL statements name", () => {
  it("reads drizzle-kit's own statements, quoted and qualified", () => {
    const sql = [
      'CREATE TYPE "public"."mood" AS ENUM(\'sad\', \'ok\');',
      'CREATE TABLE "app"."accounts" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"owner" integer REFERENCES "users"("id")\n);',
      'ALTER TABLE "users" ADD COLUMN "email" varchar(255);',
      'CREATE UNIQUE INDEX IF NOT EXISTS "users_email_idx" ON "users" USING btree ("email");',
      'CREATE INDEX ON "orders" ("at");',
      'CREATE SEQUENCE "public"."counter" INCREMENT BY 2;',
      'CREATE SCHEMA IF NOT EXISTS "audit";',
      'CREATE MATERIALIZED VIEW "stats" AS SELECT 1;',
      'CREATE POLICY "own" ON "app"."accounts" AS PERMISSIVE FOR SELECT TO public USING (true);',
    ].join("\n--> statement-breakpoint\n");
    expect(names(sql)).toEqual([
      "type public.mood",
      "table app.accounts",
      "table public.users",
      "index public.users_email_idx",
      "table public.orders",
      "sequence public.counter",
      "schema audit.audit",
      "view public.stats",
    ]);
  });

  it("names both sides of a rename and a move", () => {
    expect(names('ALTER TABLE "acct_temp" RENAME TO "acct";')).toEqual(["table public.acct_temp", "table public.acct"]);
    expect(names("ALTER TABLE users RENAME COLUMN a TO b;")).toEqual(["table public.users"]);
    expect(names("ALTER INDEX IF EXISTS app.old_idx RENAME TO new_idx;")).toEqual(["index app.old_idx", "index app.new_idx"]);
    expect(names("ALTER TYPE mood SET SCHEMA app;")).toEqual(["type public.mood", "type app.mood"]);
    expect(names("ALTER TYPE \"mood\" ADD VALUE 'happy';")).toEqual(["type public.mood"]);
    expect(names("ALTER SCHEMA a RENAME TO b;")).toEqual(["schema a.a", "schema b.b"]);
  });

  it("lists every dropped object", () => {
    expect(names('DROP TABLE IF EXISTS "a", app."b" CASCADE;\nDROP INDEX CONCURRENTLY "x_idx";\nDROP TYPE mood;')).toEqual([
      "table public.a",
      "table app.b",
      "index public.x_idx",
      "type public.mood",
    ]);
  });

  it("reads DDL inside DO blocks and EXECUTE of a literal; built SQL is opaque", () => {
    expect(names("DO $$ BEGIN IF NOT EXISTS (SELECT 1) THEN ALTER TABLE \"t\" ADD CONSTRAINT c CHECK (x > 0); END IF; END $$;")).toEqual(["table public.t"]);
    expect(names("DO $body$ BEGIN EXECUTE 'CREATE INDEX i ON t (x)'; END $body$;")).toEqual(["table public.t", "index public.i"]);
    const built = scanDdl("DO $$ BEGIN EXECUTE 'ALTER TABLE ' || quote_ident(name) || ' ADD c int'; END $$;");
    expect(built).toMatchObject({ objects: [], changesSchema: true, opaque: true });
  });

  it("ignores temporary tables, strings and comments", () => {
    expect(names("CREATE TEMPORARY TABLE scratch (id int);\nINSERT INTO log VALUES ('DROP TABLE users');\n-- DROP TABLE users;")).toEqual([]);
  });
});

describe("customMigrationFinding: an unread file is never data-only", () => {
  it("a comment-only file is data-only; an empty text (a file the reader did not fetch) is not", () => {
    expect(customMigrationFinding("0003_blank", "-- Custom SQL migration file, put your code below! --\n").expected).toEqual({ dataOnly: true });
    expect(customMigrationFinding("0003_unread", "").expected).toBeNull();
    expect(customMigrationFinding("0003_unread", undefined).expected).toBeNull();
  });
});
