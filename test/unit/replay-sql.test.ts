/**
 * The text side of replay and verify, without a database: statements with their lines, the
 * extensions and schemas some SQL creates, the objects each statement touches, the last
 * statement touching a finding's object, the extensions PGlite ships, and when `check` points
 * to `driftcheck verify`.
 */
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { PGLITE_EXTENSIONS } from "../../src/adapters/pglite/extensions.js";
import type { DrizzleFolder, MigrationFile } from "../../src/core/drizzle/types.js";
import type { MigrationStatus } from "../../src/core/migrations/types.js";
import { createdExtensions, createdSchemas } from "../../src/core/sql/extensions.js";
import { breakpointStatements, sqlFileStatements } from "../../src/core/sql/statements.js";
import { locateInMigrations, statementTouches } from "../../src/core/verify/index.js";
import { statementObjects } from "../../src/core/verify/statement-objects.js";
import { verifyHintApplies } from "../../src/core/verify/hint.js";

describe("statements with their lines", () => {
  it("splits a migration on the breakpoint marker, with each statement's first line", () => {
    const sql = 'CREATE TABLE "a" (\n  "id" integer\n);\n--> statement-breakpoint\n\nCREATE INDEX "i" ON "a" ("id");--> statement-breakpoint\n-- only a comment\n';
    expect(breakpointStatements(sql)).toEqual([
      { text: 'CREATE TABLE "a" (\n  "id" integer\n);', line: 1 },
      { text: 'CREATE INDEX "i" ON "a" ("id");', line: 6 },
    ]);
  });

  it("splits a plain SQL file on the semicolons in code only", () => {
    const sql = [
      "CREATE SCHEMA auth;",
      "CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql AS $$ SELECT 'a;b'::text::uuid; $$;",
      "-- a comment; with a semicolon",
      "COMMENT ON SCHEMA auth IS 'x;y';",
      "SELECT 1",
    ].join("\n");
    expect(sqlFileStatements(sql).map((s) => [s.line, s.text.slice(0, 20)])).toEqual([
      [1, "CREATE SCHEMA auth;"],
      [2, "CREATE FUNCTION auth"],
      [3, "-- a comment; with a"],
      [5, "SELECT 1"],
    ]);
  });
});

describe("extensions and schemas the SQL creates", () => {
  it("finds CREATE EXTENSION in any spelling, inside DO bodies too, never in comments or strings", () => {
    const sql = [
      'CREATE EXTENSION IF NOT EXISTS "uuid-ossp";',
      "create extension pg_trgm with schema public;",
      "-- CREATE EXTENSION hstore;",
      "SELECT 'create extension ltree';",
      "DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS citext; EXCEPTION WHEN others THEN NULL; END $$;",
      'CREATE EXTENSION "vector";',
    ].join("\n");
    expect(createdExtensions(sql)).toEqual(["uuid-ossp", "pg_trgm", "citext", "vector"]);
    expect(createdSchemas('CREATE SCHEMA IF NOT EXISTS "extensions";\nCREATE SCHEMA auth;')).toEqual(["extensions", "auth"]);
  });
});

describe("PGlite's extensions", () => {
  it("lists every contrib module the installed @electric-sql/pglite ships (auto_explain is a library), and pgvector", () => {
    const pgliteDir = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
    const contrib = readdirSync(join(pgliteDir, "contrib"))
      .filter((file) => file.endsWith(".js"))
      .map((file) => file.replace(/\.js$/, "").replace("uuid_ossp", "uuid-ossp"))
      .filter((name) => name !== "auto_explain");
    expect(Object.keys(PGLITE_EXTENSIONS).sort()).toEqual([...contrib, "vector"].sort());
  });
});

describe("objects a statement touches", () => {
  const keys = (sql: string) => [...statementObjects(sql)].sort();

  it("CREATE TABLE: the table, its columns, named constraints and the primary key", () => {
    expect(keys('CREATE TABLE "app"."users" (\n"id" integer PRIMARY KEY NOT NULL,\n"email" text CONSTRAINT "users_email_key" UNIQUE,\nCONSTRAINT "users_id_check" CHECK ("id" > 0)\n);')).toEqual([
      "col:app.users.email",
      "col:app.users.id",
      "con:app.users.users_email_key",
      "con:app.users.users_id_check",
      "pk:app.users",
      "rel:app.users",
    ]);
    expect(keys("CREATE TEMP TABLE staging ON COMMIT DROP AS SELECT 1")).toEqual([]);
  });

  it("ALTER TABLE actions: columns, constraints, renames, row-level security", () => {
    expect(keys('ALTER TABLE "users" ADD COLUMN "age" integer, ALTER COLUMN "email" SET NOT NULL, DROP CONSTRAINT IF EXISTS "old"')).toEqual([
      "col:public.users.age",
      "col:public.users.email",
      "con:public.users.old",
      "rel:public.users",
    ]);
    expect(keys('ALTER TABLE "users" ADD CONSTRAINT "users_org_fk" FOREIGN KEY ("org") REFERENCES "orgs"("id")')).toEqual(["con:public.users.users_org_fk", "rel:public.users"]);
    expect(keys("ALTER TABLE users RENAME COLUMN mail TO email")).toEqual(["col:public.users.email", "col:public.users.mail", "rel:public.users", "renamed:col:public.users.mail>email"]);
    expect(keys("ALTER TABLE users RENAME TO members")).toEqual(["rel:public.members", "rel:public.users", "renamed:rel:public.users>members"]);
    expect(keys('ALTER TABLE "users" ENABLE ROW LEVEL SECURITY')).toEqual(["rel:public.users", "rls:public.users"]);
  });

  it("indexes (in the table's schema), types, views, policies, schemas, and statements inside a DO body", () => {
    expect(keys('CREATE UNIQUE INDEX IF NOT EXISTS "u_idx" ON "app"."users" USING btree ("email")')).toEqual(["rel:app.u_idx"]);
    expect(keys('DROP INDEX "u_idx", app.other')).toEqual(["rel:app.other", "rel:public.u_idx"]);
    expect(keys("CREATE TYPE \"public\".\"mood\" AS ENUM('a', 'b')")).toEqual(["type:public.mood"]);
    expect(keys("ALTER TYPE mood ADD VALUE 'c'")).toEqual(["type:public.mood"]);
    expect(keys("CREATE OR REPLACE VIEW v AS SELECT 1")).toEqual(["rel:public.v"]);
    expect(keys('CREATE POLICY "own" ON "users" AS PERMISSIVE FOR SELECT TO public USING (true)')).toEqual(["pol:public.users.own"]);
    expect(keys("CREATE SCHEMA IF NOT EXISTS audit")).toEqual(["schema:audit"]);
    expect(keys('DO $$ BEGIN\n ALTER TABLE "posts" ADD CONSTRAINT "posts_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id");\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;')).toEqual([
      "con:public.posts.posts_user_fk",
      "rel:public.posts",
    ]);
  });
});

function migration(tag: string, sql: string): MigrationFile {
  return { idx: 0, tag, when: 0, sqlPath: `${tag}.sql`, sql, hash: "", snapshotPath: `meta/${tag.slice(0, 4)}_snapshot.json`, snapshot: null };
}

describe("the last statement touching a finding's object", () => {
  const migrations = [
    migration("0000_init", 'CREATE TABLE "users" (\n"id" integer PRIMARY KEY,\n"email" text\n);\n--> statement-breakpoint\nCREATE INDEX "users_email_idx" ON "users" ("email");'),
    migration("0001_more", 'ALTER TABLE "users" ADD COLUMN "age" integer;--> statement-breakpoint\n\nALTER TABLE "users" ALTER COLUMN "email" SET NOT NULL;'),
  ];
  const touches = statementTouches(migrations);
  const at = (kind: string, object: string) => {
    const found = locateInMigrations({ kind: kind as never, object }, touches);
    return found && `${found.migration.sqlPath}:${found.line}${found.exact ? "" : " (table)"}`;
  };

  it("is the newest statement naming the object (at the line naming it), else the newest touching its table, else none", () => {
    expect(at("column", "public.users.email")).toBe("0001_more.sql:3");
    // Inside a multi-line CREATE TABLE: the column's own line.
    expect(at("column", "public.users.id")).toBe("0000_init.sql:2");
    expect(at("index", "public.users.users_email_idx")).toBe("0000_init.sql:6");
    expect(at("index", "public.users.users_age_idx")).toBe("0001_more.sql:3 (table)");
    expect(at("table", "public.users")).toBe("0001_more.sql:3");
    expect(at("table", "public.orders")).toBeNull();
  });

  it("follows renames back in time: the column of a renamed table, a renamed column", () => {
    const renamed = statementTouches([
      migration("0000_init", 'CREATE TABLE "acct_temp" (\n"id" integer PRIMARY KEY,\n"mail" text\n);'),
      migration("0001_rename", 'ALTER TABLE "acct_temp" RENAME TO "acct";'),
      migration("0002_column", 'ALTER TABLE "acct" RENAME COLUMN "mail" TO "email";'),
    ]);
    const where = (kind: string, object: string) => {
      const found = locateInMigrations({ kind: kind as never, object }, renamed);
      return found && `${found.migration.sqlPath}:${found.line}${found.exact ? "" : " (table)"}`;
    };
    expect(where("column", "public.acct.id")).toBe("0000_init.sql:2");
    expect(where("column", "public.acct.email")).toBe("0002_column.sql:1");
    // The inline PRIMARY KEY is on the column's line, not the CREATE TABLE's.
    expect(where("primary_key", "public.acct.acct_temp_pkey")).toBe("0000_init.sql:2");
    expect(where("column", "public.acct.nope")).toBe("0002_column.sql:1 (table)");
  });
});

describe("the table's primary key: any statement on a constraint that is (or was) its primary key, whatever the name", () => {
  // PostgreSQL matches a table's primary key by table, not by name: the snapshot may expect
  // `memberships_pkey` while the SQL made and dropped `memberships_workspace_id_user_id_pk`.
  const BREAK = "--> statement-breakpoint\n";
  const where = (files: string[], object: string, kind = "primary_key") => {
    const found = locateInMigrations({ kind: kind as never, object }, statementTouches(files.map((sql, i) => migration(`000${i}_m`, sql))));
    return found && `${found.migration.sqlPath}:${found.line}${found.exact ? "" : " (table)"}`;
  };
  const memberships = [
    'CREATE TABLE "latitude"."memberships" (',
    '\t"workspace_id" bigint NOT NULL,',
    '\t"user_id" text NOT NULL,',
    '\t"created_at" timestamp DEFAULT now() NOT NULL,',
    '\tCONSTRAINT "memberships_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")',
    ");",
  ].join("\n");

  it("a composite key dropped by its own name, the snapshot expecting another: the DROP CONSTRAINT", () => {
    const files = [
      memberships,
      'ALTER TABLE "latitude"."memberships" ADD COLUMN "id" bigserial NOT NULL;',
      `ALTER TABLE "latitude"."memberships" DROP CONSTRAINT "memberships_workspace_id_user_id_pk";${BREAK}ALTER TABLE "latitude"."memberships" ADD COLUMN "role" text;`,
    ];
    expect(where(files, "latitude.memberships.memberships_pkey")).toBe("0002_m.sql:1");
    // Before the drop: the key's own line in the CREATE TABLE.
    expect(where(files.slice(0, 2), "latitude.memberships.memberships_pkey")).toBe("0000_m.sql:5");
    // The key added after it by the snapshot's name (drizzle's order): that ADD CONSTRAINT.
    const added = `${files[2]}${BREAK}ALTER TABLE "latitude"."memberships" ADD CONSTRAINT "memberships_pkey" PRIMARY KEY("id");`;
    expect(where([files[0]!, files[1]!, added], "latitude.memberships.memberships_pkey")).toBe("0002_m.sql:3");
    // Or unnamed (PostgreSQL names it memberships_pkey), on its own line.
    const unnamed = `${files[2]}${BREAK}ALTER TABLE "latitude"."memberships"\n  ADD PRIMARY KEY ("id");`;
    expect(where([files[0]!, files[1]!, unnamed], "latitude.memberships.memberships_pkey")).toBe("0002_m.sql:4");
  });

  it("PostgreSQL's implicit name of an unnamed key (clipped to 63 bytes), dropped later", () => {
    const create = 'CREATE TABLE "users" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"email" text\n);';
    const drop = 'ALTER TABLE "users" DROP CONSTRAINT "users_pkey";';
    expect(where([create, 'ALTER TABLE "users" ADD COLUMN "age" integer;', drop, 'ALTER TABLE "users" ADD COLUMN "x" integer;'], "public.users.users_id_email_pk")).toBe("0002_m.sql:1");
    const long = "t".repeat(60);
    const clipped = `${"t".repeat(58)}_pkey`;
    expect(where([`CREATE TABLE "${long}" ("id" integer PRIMARY KEY);`, `ALTER TABLE "${long}" DROP CONSTRAINT "${clipped}";`], `public.${long}.${long}_id_pk`)).toBe("0001_m.sql:1");
    // A table-level unnamed key, and one added by ALTER TABLE, are named so too.
    expect(where(['CREATE TABLE "a" (\n"x" integer,\nPRIMARY KEY ("x")\n);', 'ALTER TABLE "a" DROP CONSTRAINT "a_pkey";'], "public.a.a_x_pk")).toBe("0001_m.sql:1");
    expect(where(['CREATE TABLE "a" ("x" integer);', 'ALTER TABLE "a" ADD PRIMARY KEY ("x");', 'ALTER TABLE a DROP CONSTRAINT a_pkey;'], "public.a.other_pk")).toBe("0002_m.sql:1");
  });

  it("renames are followed: of the constraint, of its index, of its table, of its schema", () => {
    const create = 'CREATE TABLE "acct_tmp" (\n"id" integer PRIMARY KEY\n);';
    // RENAME CONSTRAINT: the rename, then a drop under the new name.
    expect(where([create, 'ALTER TABLE "acct_tmp" RENAME CONSTRAINT "acct_tmp_pkey" TO "acct_pk";', 'ALTER TABLE "acct_tmp" ADD COLUMN "x" integer;'], "public.acct_tmp.acct_tmp_id_pk")).toBe("0001_m.sql:1");
    expect(where([create, 'ALTER TABLE "acct_tmp" RENAME CONSTRAINT "acct_tmp_pkey" TO "acct_pk";', 'ALTER TABLE "acct_tmp" ADD COLUMN "x" integer;', 'ALTER TABLE "acct_tmp" DROP CONSTRAINT "acct_pk";'], "public.acct_tmp.other")).toBe("0003_m.sql:1");
    // ALTER INDEX … RENAME renames the constraint the index backs.
    expect(where([create, 'ALTER INDEX "acct_tmp_pkey" RENAME TO "acct_pk";', 'ALTER TABLE "acct_tmp" ADD COLUMN "x" integer;'], "public.acct_tmp.other")).toBe("0001_m.sql:1");
    expect(where([create, 'ALTER INDEX "acct_tmp_pkey" RENAME TO "acct_pk";', 'ALTER TABLE "acct_tmp" ADD COLUMN "x" integer;', 'ALTER TABLE "acct_tmp" DROP CONSTRAINT "acct_pk";'], "public.acct_tmp.other")).toBe("0003_m.sql:1");
    // So does ALTER TABLE on the index.
    expect(where([create, 'ALTER TABLE "acct_tmp_pkey" RENAME TO "acct_pk";', 'ALTER TABLE "acct_tmp" ADD COLUMN "x" integer;', 'ALTER TABLE "acct_tmp" DROP CONSTRAINT "acct_pk";'], "public.acct_tmp.other")).toBe("0003_m.sql:1");
    // The table renamed: its key keeps the old implicit name.
    expect(where([create, 'ALTER TABLE "acct_tmp" RENAME TO "acct";', 'ALTER TABLE "acct" ADD COLUMN "x" integer;', 'ALTER TABLE "acct" DROP CONSTRAINT "acct_tmp_pkey";'], "public.acct.acct_pkey")).toBe("0003_m.sql:1");
    // Moved to another schema.
    expect(where([create, 'ALTER TABLE "acct_tmp" SET SCHEMA "app";', 'ALTER TABLE "app"."acct_tmp" DROP CONSTRAINT "acct_tmp_pkey";'], "app.acct_tmp.other")).toBe("0002_m.sql:1");
  });

  it("a column of the key dropped drops the key; a column of it renamed changes it", () => {
    const create = 'CREATE TABLE "t" (\n"id" serial PRIMARY KEY NOT NULL,\n"a" integer NOT NULL,\n"b" integer NOT NULL\n);';
    expect(where([create, 'ALTER TABLE "t" DROP COLUMN "id";', 'ALTER TABLE "t" ADD COLUMN "c" integer;'], "public.t.t_pkey")).toBe("0001_m.sql:1");
    const composite = 'CREATE TABLE "t" (\n"a" integer NOT NULL,\n"b" integer NOT NULL,\n"c" integer,\nCONSTRAINT "t_a_b_pk" PRIMARY KEY("a","b")\n);';
    expect(where([composite, 'ALTER TABLE "t" RENAME COLUMN "b" TO "bb";', 'ALTER TABLE "t" DROP COLUMN "bb";', 'ALTER TABLE "t" DROP COLUMN "c";'], "public.t.t_pkey")).toBe("0002_m.sql:1");
    expect(where([composite, 'ALTER TABLE "t" RENAME COLUMN "b" TO "bb";', 'ALTER TABLE "t" DROP COLUMN "c";'], "public.t.t_pkey")).toBe("0001_m.sql:1");
    // A column not in the key: not the key's statement.
    expect(where([composite, 'ALTER TABLE "t" DROP COLUMN "c";'], "public.t.t_pkey")).toBe("0000_m.sql:5");
  });

  it("not the key: another constraint, another table's key of the same name, a name that stopped being the key", () => {
    const create = 'CREATE TABLE "t" (\n"id" integer PRIMARY KEY,\n"email" text CONSTRAINT "t_email_key" UNIQUE,\n"o" integer\n);';
    expect(where([create, 'ALTER TABLE "t" DROP CONSTRAINT "t_email_key";'], "public.t.t_id_pk")).toBe("0000_m.sql:2");
    expect(where([create, 'CREATE TABLE "other"."u" ("id" integer CONSTRAINT "t_pkey" PRIMARY KEY);', 'ALTER TABLE "other"."u" DROP CONSTRAINT "t_pkey";'], "public.t.t_id_pk")).toBe("0000_m.sql:2");
    expect(where([create, 'CREATE TABLE "other"."t" ("id" integer PRIMARY KEY);', 'ALTER TABLE "other"."t" DROP CONSTRAINT "t_pkey";'], "public.t.t_id_pk")).toBe("0000_m.sql:2");
    // Dropped, then the same name reused for a foreign key: dropping that is not the key's business.
    const reused = [create, 'ALTER TABLE "t" DROP CONSTRAINT "t_pkey";', 'ALTER TABLE "t" ADD CONSTRAINT "t_pkey" FOREIGN KEY ("o") REFERENCES "t"("id");'];
    expect(where([...reused, 'ALTER TABLE "t" DROP CONSTRAINT "t_pkey";'], "public.t.t_id_pk")).toBe("0001_m.sql:1");
    // The table dropped (its key with it) and created anew without a key: the old key's name,
    // reused by a unique constraint, is not the key's.
    const recreated = [create, 'DROP TABLE "t";', 'CREATE TABLE "t" ("id" integer, "k" integer CONSTRAINT "t_pkey" UNIQUE);', 'ALTER TABLE "t" ADD COLUMN "x" integer;', 'ALTER TABLE "t" DROP CONSTRAINT "t_pkey";'];
    expect(where(recreated, "public.t.t_id_pk")).toBe("0001_m.sql:1");
    expect(where(recreated.slice(2), "public.t.t_id_pk")).toBe("0002_m.sql:1 (table)");
  });

  it("without breakpoints, and inside a DO body: the same, statement by statement", () => {
    const sql = `${memberships}\nALTER TABLE "latitude"."memberships" ADD COLUMN "id" bigserial NOT NULL;\nDO $$ BEGIN\n ALTER TABLE "latitude"."memberships" DROP CONSTRAINT "memberships_workspace_id_user_id_pk";\nEXCEPTION\n WHEN undefined_object THEN null;\nEND $$;\nALTER TABLE "latitude"."memberships" ADD COLUMN "role" text;`;
    expect(where([sql], "latitude.memberships.memberships_pkey")).toBe("0000_m.sql:9");
  });
});

describe("NAME_MISMATCH: the object under the name the SQL gave it", () => {
  // The database (the replayed SQL) has the snapshot's object under another name: the statements
  // naming that one are the object's.
  const create = 'CREATE TABLE "users" (\n\t"id" integer PRIMARY KEY NOT NULL,\n\t"email" text,\n\tCONSTRAINT "users_email_unique" UNIQUE("email")\n);';
  const touches = statementTouches([
    migration("0000_init", create),
    migration("0001_more", 'ALTER TABLE "users" ADD COLUMN "age" integer;--> statement-breakpoint\nCREATE INDEX "users_age" ON "users" USING btree ("age");--> statement-breakpoint\nALTER TABLE "users" ADD COLUMN "x" integer;'),
  ]);
  const at = (kind: string, object: string, actual: unknown) => {
    const found = locateInMigrations({ kind: kind as never, object, code: "NAME_MISMATCH", actual }, touches);
    return found && `${found.migration.sqlPath}:${found.line}${found.exact ? "" : " (table)"}`;
  };

  it("a unique, an index: the statement that made them under the database's name", () => {
    expect(at("unique", "public.users.users_email_key", "users_email_unique")).toBe("0000_init.sql:4");
    expect(at("index", "public.users.users_age_idx", "users_age")).toBe("0001_more.sql:2");
    // Only NAME_MISMATCH's actual is a name.
    expect(locateInMigrations({ kind: "unique", object: "public.users.users_email_key", code: "UNIQUE_MISSING", actual: "users_email_unique" }, touches)?.exact).toBe(false);
  });
});

describe("a column is located in its own table's statement, never in another table's naming it", () => {
  // The same column name on other tables, before and after the one creating a.status. A foreign
  // key naming a.status as its REFERENCES target does not touch it: it neither creates nor changes
  // the column (it needs a unique key there, which is an object of its own).
  const BREAK = "--> statement-breakpoint\n";
  const others = [
    'CREATE TABLE "b" (\n"id" integer,\n"status" text\n);',
    'ALTER TABLE "c" ADD COLUMN "status" text;',
    'CREATE INDEX "c_status_idx" ON "c" USING btree ("status");',
    'ALTER TABLE "x" ADD CONSTRAINT "x_status_fk" FOREIGN KEY ("status") REFERENCES "public"."a"("status");',
    "alter table b add column Status text;",
    'CREATE TABLE "other"."a" (\n"status" text\n);',
    'CREATE TABLE "status" (\n"id" integer\n);',
  ];
  const createA = 'CREATE TABLE "public"."a" (\n"id" integer,\n"status" text\n);';
  const where = (files: string[], kind = "column", object = "public.a.status") => {
    const found = locateInMigrations({ kind: kind as never, object }, statementTouches(files.map((sql, i) => migration(`000${i}_m`, sql))));
    return found && `${found.migration.sqlPath}:${found.line}${found.exact ? "" : " (table)"}`;
  };
  /** 1-based line of the first line of `sql` containing `text`, after the first `after` lines. */
  const lineOf = (sql: string, text: string, after = 0) => sql.split("\n").findIndex((line, i) => i >= after && line.includes(text)) + 1;

  it("with breakpoints: other tables' statements before and after a's are not a's", () => {
    const sql = [...others, createA, ...others].join(`\n${BREAK}`);
    const created = lineOf(sql, 'CREATE TABLE "public"."a"');
    expect(where([sql])).toBe(`0000_m.sql:${created + 2}`);
    expect(where([sql], "table", "public.a")).toBe(`0000_m.sql:${created}`);
  });

  it("without breakpoints (`breakpoints: false`, a custom migration): each statement of the file is one of its own", () => {
    const sql = [...others, createA, ...others].join("\n");
    const created = lineOf(sql, 'CREATE TABLE "public"."a"');
    expect(where([sql])).toBe(`0000_m.sql:${created + 2}`);
    expect(where([sql], "table", "public.a")).toBe(`0000_m.sql:${created}`);
    expect(where([sql], "column", "public.b.status")).toBe(`0000_m.sql:${sql.split("\n").lastIndexOf("alter table b add column Status text;") + 1}`);
    // The newest statement touching it, not the first line naming it.
    const altered = `${sql}\nALTER TABLE a ALTER COLUMN status SET NOT NULL;\nCREATE TABLE "status" ("id" integer);`;
    expect(where([altered])).toBe(`0000_m.sql:${sql.split("\n").length + 1}`);
    // A rename earlier in the same file is followed back.
    const renamed = `${others[0]}\nCREATE TABLE a_tmp (\n  id integer,\n  status text\n);\n${others[1]}\nALTER TABLE a_tmp RENAME TO a;`;
    expect(where([renamed])).toBe("0000_m.sql:7");
    // Inside a DO body: the line naming the constraint, counted from the file's start.
    const wrapped = `${createA}\nDO $$ BEGIN\n ALTER TABLE "x" ADD CONSTRAINT "x_status_fk" FOREIGN KEY ("status")\n  REFERENCES "public"."a"("status");\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;`;
    expect(where([wrapped], "foreign_key", "public.x.x_status_fk")).toBe("0000_m.sql:6");
    expect(where([wrapped])).toBe("0000_m.sql:3");
  });

  it("inside a's CREATE TABLE: the column's own line, not an earlier reference to another table's status or a table named status", () => {
    const sql = 'CREATE TABLE a (\n  id integer REFERENCES "status"("id"),\n  b_status text REFERENCES b(status),\n  CONSTRAINT "a_b_fk" FOREIGN KEY ("id") REFERENCES "b"("status"),\n  STATUS text\n);';
    expect(where([sql])).toBe("0000_m.sql:5");
    expect(where([`${others.join("\n")}\n${sql}`])).toBe(`0000_m.sql:${others.join("\n").split("\n").length + 5}`);
  });

  it("a statement in an earlier file on a, then only other tables' statements naming status: the earlier file", () => {
    expect(where([createA, others.join("\n"), others.join(`\n${BREAK}`)])).toBe("0000_m.sql:3");
    expect(where([others.join("\n")])).toBeNull();
  });
});

describe("when check points to driftcheck verify", () => {
  const folder = { expectedFrom: "0001_b", migrations: [migration("0000_a", ""), migration("0001_b", "")] } as unknown as DrizzleFolder;
  const status = (states: string[], extra: Partial<MigrationStatus> = {}): MigrationStatus => ({
    table: { schema: "drizzle", table: "__drizzle_migrations" },
    tableExists: true,
    shape: "0.x",
    entries: states.map((state, i) => ({ tag: `000${i}`, when: i, state: state as never })),
    pending: [],
    applied: states.filter((s) => s === "applied").length,
    unknown: 0,
    ...extra,
  });

  it("only when every migration, and no other, is applied and the snapshot is the last migration's", () => {
    expect(verifyHintApplies(folder, status(["applied", "applied"]))).toBe(true);
    expect(verifyHintApplies(folder, status(["applied", "pending"]))).toBe(false);
    expect(verifyHintApplies(folder, status(["applied", "edited"]))).toBe(false);
    expect(verifyHintApplies(folder, status(["applied", "applied"], { unknown: 1 }))).toBe(false);
    expect(verifyHintApplies(folder, status(["applied", "applied"], { tableExists: false }))).toBe(false);
    expect(verifyHintApplies(folder, null)).toBe(false);
    const stale = { ...folder, expectedFrom: "0000_a" } as DrizzleFolder;
    expect(verifyHintApplies(stale, status(["applied", "applied"]))).toBe(false);
  });
});
