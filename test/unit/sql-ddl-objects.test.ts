import { describe, expect, it } from "vitest";
import { changesSchemaObjects, ddlObjects, scanDdl } from "../../src/core/sql/ddl-objects.js";

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
