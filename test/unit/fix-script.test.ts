import { describe, expect, it } from "vitest";
import { buildFixScript, splitStatements } from "../../src/core/fix-script.js";
import { diffSchemas } from "../../src/core/diff/index.js";
import { column, enumType, fk, index, key, makeFinding, schema, table } from "./diff-builders.js";

/** Position of the first line containing `text`; fails the test when absent. */
function at(script: string, text: string): number {
  const position = script.indexOf(text);
  expect(position, `script should contain ${text}\n${script}`).toBeGreaterThanOrEqual(0);
  return position;
}

const users = table("users", {
  columns: [column("id", "integer", { notNull: true }), column("email", "text"), column("mood", "app.mood")],
  primaryKey: { name: "users_pkey", columns: ["id"] },
  indexes: [index("users_email_idx", [key("email")])],
});
const posts = table("posts", {
  schema: "app",
  columns: [column("id", "integer", { notNull: true }), column("user_id", "integer")],
  primaryKey: { name: "posts_pkey", columns: ["id"] },
  foreignKeys: [fk("posts_user_id_fk", ["user_id"], "users", ["id"], { refSchema: "public" })],
  indexes: [index("posts_user_idx", [key("user_id")])],
});

describe("buildFixScript ordering", () => {
  const expected = schema({
    schemas: ["app", "public"],
    enums: [enumType("mood", ["happy", "sad"], "app")],
    tables: [posts, { ...users, columns: { ...users.columns, bio: column("bio", "text") } }],
  });
  const actual = schema({
    tables: [
      {
        ...users,
        columns: { id: users.columns["id"]!, email: users.columns["email"]!, mood: users.columns["mood"]! },
        indexes: {},
      },
    ],
  });
  const findings = diffSchemas(expected, actual);
  const fix = buildFixScript(findings, { allowDestructive: false });

  it("orders schemas, enums, tables, columns, foreign keys inside one transaction", () => {
    const s = fix.script;
    const begin = at(s, "BEGIN;");
    const schemaAt = at(s, "CREATE SCHEMA app;");
    const enumAt = at(s, "CREATE TYPE app.mood AS ENUM");
    const tableAt = at(s, "CREATE TABLE app.posts");
    const columnAt = at(s, "ADD COLUMN bio text;");
    const fkAt = at(s, "FOREIGN KEY (user_id) REFERENCES public.users(id)");
    const commit = at(s, "COMMIT;");
    expect(begin).toBeLessThan(schemaAt);
    expect(schemaAt).toBeLessThan(enumAt);
    expect(enumAt).toBeLessThan(tableAt);
    expect(tableAt).toBeLessThan(columnAt);
    expect(columnAt).toBeLessThan(fkAt);
    expect(fkAt).toBeLessThan(commit);
    expect(fix.refused).toEqual([]);
  });

  it("indexes a table the script creates inside the block, and an existing table CONCURRENTLY after COMMIT", () => {
    const s = fix.script;
    const newIndex = at(s, "CREATE INDEX posts_user_idx ON app.posts");
    const concurrent = at(s, "CREATE INDEX CONCURRENTLY users_email_idx ON public.users");
    expect(newIndex).toBeLessThan(at(s, "COMMIT;"));
    expect(concurrent).toBeGreaterThan(at(s, "COMMIT;"));
    expect(s).not.toMatch(/CREATE INDEX users_email_idx/);
  });

  it("counts statements and ends with a newline", () => {
    expect(fix.statementCount).toBeGreaterThanOrEqual(6);
    expect(fix.script.endsWith("\n")).toBe(true);
  });
});

describe("buildFixScript outside the transaction", () => {
  it("puts ALTER TYPE … ADD VALUE before BEGIN", () => {
    const expected = schema({
      enums: [enumType("mood", ["happy", "ok", "sad"])],
      tables: [table("t", { columns: [column("id", "integer"), column("note", "text")] })],
    });
    const actual = schema({ enums: [enumType("mood", ["happy", "sad"])], tables: [table("t", { columns: [column("id", "integer")] })] });
    const s = buildFixScript(diffSchemas(expected, actual), { allowDestructive: false }).script;
    expect(at(s, "ALTER TYPE public.mood ADD VALUE 'ok' AFTER 'happy';")).toBeLessThan(at(s, "BEGIN;"));
    expect(at(s, "ADD COLUMN note text;")).toBeGreaterThan(at(s, "BEGIN;"));
  });

  it("has no transaction block when only concurrent steps remain", () => {
    const expected = schema({ tables: [table("t", { columns: [column("a", "text")], indexes: [index("t_a_idx", [key("a")])] })] });
    const actual = schema({ tables: [table("t", { columns: [column("a", "text")] })] });
    const s = buildFixScript(diffSchemas(expected, actual), { allowDestructive: false }).script;
    expect(s).not.toContain("BEGIN;");
    expect(s).toContain("CREATE INDEX CONCURRENTLY t_a_idx ON public.t (a);");
  });

  it("rebuilds a changed index with DROP INDEX CONCURRENTLY before CREATE INDEX CONCURRENTLY", () => {
    const expected = schema({ tables: [table("t", { columns: [column("a", "text"), column("b", "text")], indexes: [index("t_idx", [key("a"), key("b")])] })] });
    const actual = schema({ tables: [table("t", { columns: [column("a", "text"), column("b", "text")], indexes: [index("t_idx", [key("a")])] })] });
    const fix = buildFixScript(diffSchemas(expected, actual), { allowDestructive: false });
    expect(fix.refused).toEqual([]);
    expect(at(fix.script, "DROP INDEX CONCURRENTLY public.t_idx;")).toBeLessThan(at(fix.script, "CREATE INDEX CONCURRENTLY t_idx"));
  });
});

describe("buildFixScript destructive steps", () => {
  const expected = schema({
    tables: [table("t", { columns: [column("id", "integer", { notNull: true }), column("code", "integer"), column("note", "character varying(200)")] })],
  });
  const actual = schema({
    tables: [
      table("t", {
        columns: [column("id", "integer", { notNull: true }), column("code", "text"), column("note", "character varying(100)")],
        foreignKeys: [fk("t_id_fk", ["id"], "t", ["id"])],
      }),
    ],
  });
  const findings = diffSchemas(expected, actual);

  it("refuses a narrowing type change and a bare drop, lists them as comments, keeps the safe widening", () => {
    const fix = buildFixScript(findings, { allowDestructive: false });
    expect(fix.refused.map((r) => `${r.code} ${r.object}`).sort()).toEqual(["COLUMN_TYPE_MISMATCH public.t.code", "FOREIGN_KEY_EXTRA public.t.t_id_fk"]);
    expect(fix.script).toContain("-- Refused 2 destructive fixes (rerun with --allow-destructive to include them):");
    expect(fix.script).toMatch(/^--   ALTER TABLE public\.t ALTER COLUMN code TYPE integer/m);
    expect(fix.script).toMatch(/^ALTER TABLE public\.t ALTER COLUMN note TYPE character varying\(200\)/m);
    expect(fix.script).not.toMatch(/^ALTER TABLE public\.t DROP CONSTRAINT/m);
  });

  it("includes them with allowDestructive", () => {
    const fix = buildFixScript(findings, { allowDestructive: true });
    expect(fix.refused).toEqual([]);
    expect(fix.script).toMatch(/^ALTER TABLE public\.t ALTER COLUMN code TYPE integer USING code::integer;$/m);
    expect(fix.script).toMatch(/^ALTER TABLE public\.t DROP CONSTRAINT t_id_fk;$/m);
  });

  it("keeps DROP NOT NULL (no data is lost) and refuses DROP COLUMN", () => {
    const dropNotNull = makeFinding({ code: "COLUMN_EXTRA", object: "public.t.x", fixSql: "ALTER TABLE public.t ALTER COLUMN x DROP NOT NULL;" });
    const dropColumn = makeFinding({
      code: "COLUMN_GENERATED_MISMATCH",
      object: "public.t.y",
      fixSql: "ALTER TABLE public.t DROP COLUMN y;\nALTER TABLE public.t ADD COLUMN y integer GENERATED ALWAYS AS (1) STORED;",
    });
    const fix = buildFixScript([dropNotNull, dropColumn], { allowDestructive: false });
    expect(fix.refused.map((r) => r.code)).toEqual(["COLUMN_GENERATED_MISMATCH"]);
    expect(fix.script).toMatch(/^ALTER TABLE public\.t ALTER COLUMN x DROP NOT NULL;$/m);
  });

  it("says so when there is nothing to apply, and lists schema findings without fix SQL", () => {
    const extra = makeFinding({ code: "TABLE_EXTRA", kind: "table", object: "public.old", fixSql: null });
    const pending = makeFinding({ code: "MIGRATION_PENDING", kind: "migration", object: "0002_x", fixSql: null });
    const fix = buildFixScript([extra, pending], { allowDestructive: false });
    expect(fix.statementCount).toBe(0);
    expect(fix.script).toContain("-- Nothing to apply.");
    expect(fix.uncovered).toEqual([{ code: "TABLE_EXTRA", object: "public.old" }]);
  });

  it("lists findings at or above failOn that it cannot fix, in a trailing comment block", () => {
    const probe = makeFinding({ code: "QUERY_PROBE_FAILED", kind: "probe", object: "probe:list-users", fixSql: null });
    const skipped = makeFinding({ code: "MIGRATION_SKIPPED", kind: "migration", object: "0001_x", fixSql: null });
    const infoExtra = makeFinding({ code: "TABLE_EXTRA", severity: "info", kind: "table", object: "public.old", fixSql: null });
    const column = makeFinding({ code: "COLUMN_MISSING", object: "public.t.x", fixSql: "ALTER TABLE public.t ADD COLUMN x integer;" });
    const fix = buildFixScript([probe, skipped, infoExtra, column], { allowDestructive: false, failOn: "error" });
    expect(fix.unfixable).toEqual([
      { code: "QUERY_PROBE_FAILED", object: "probe:list-users", severity: "error" },
      { code: "MIGRATION_SKIPPED", object: "0001_x", severity: "error" },
    ]);
    expect(fix.uncovered).toEqual([{ code: "TABLE_EXTRA", object: "public.old" }]);
    const tail = fix.script.slice(fix.script.indexOf("COMMIT;"));
    expect(tail).toContain("-- Not fixed by this script: 2 findings at or above --fail-on error");
    expect(tail).toMatch(/^-- {3}error QUERY_PROBE_FAILED probe:list-users$/m);
    expect(tail).toMatch(/^-- {3}error MIGRATION_SKIPPED 0001_x$/m);
    // Below the threshold: not listed as unfixable.
    expect(buildFixScript([probe], { allowDestructive: false, failOn: "error" }).unfixable).toHaveLength(1);
    expect(buildFixScript([{ ...probe, severity: "warning" }], { allowDestructive: false, failOn: "error" }).unfixable).toEqual([]);
  });
});

describe("buildFixScript with pending migrations", () => {
  const pending = makeFinding({ code: "MIGRATION_PENDING", kind: "migration", object: "0001_add_avatar", fixSql: null, pendingMigration: "0001_add_avatar" });
  const avatar = makeFinding({ code: "COLUMN_MISSING", object: "public.users.avatar_url", fixSql: "ALTER TABLE public.users ADD COLUMN avatar_url text;", pendingMigration: "0001_add_avatar" });
  const other = makeFinding({ code: "COLUMN_MISSING", object: "public.users.bio", fixSql: "ALTER TABLE public.users ADD COLUMN bio text;" });

  it("says first to run them and leaves out the fixes they make", () => {
    const fix = buildFixScript([pending, avatar, other], { allowDestructive: true, failOn: "error" });
    expect(fix.pendingMigrations).toEqual(["0001_add_avatar"]);
    expect(fix.leftToMigrations).toEqual([{ code: "COLUMN_MISSING", object: "public.users.avatar_url", migration: "0001_add_avatar" }]);
    expect(fix.script).not.toContain("ADD COLUMN avatar_url");
    expect(fix.script).toContain("ALTER TABLE public.users ADD COLUMN bio text;");
    expect(fix.statementCount).toBe(1);
    // The instruction comes before any statement.
    expect(at(fix.script, "-- FIRST run the 1 pending migration with `drizzle-kit migrate`: 0001_add_avatar.")).toBeLessThan(at(fix.script, "BEGIN;"));
    expect(fix.script).toMatch(/^-- {3}COLUMN_MISSING public\.users\.avatar_url \(0001_add_avatar\)$/m);
    // MIGRATION_PENDING is not "unfixable": running the migration fixes it.
    expect(fix.unfixable).toEqual([]);
  });

  it("adds nothing about migrations when none is pending", () => {
    const fix = buildFixScript([other], { allowDestructive: false, failOn: "error" });
    expect(fix.pendingMigrations).toEqual([]);
    expect(fix.script).not.toContain("pending migration");
  });
});

describe("splitStatements", () => {
  it("splits at lines ending in ; and keeps multi-line statements whole", () => {
    expect(splitStatements("CREATE TABLE a (\n  x int\n);\nALTER TABLE a ADD COLUMN y int;")).toEqual([
      "CREATE TABLE a (\n  x int\n);",
      "ALTER TABLE a ADD COLUMN y int;",
    ]);
  });
});
