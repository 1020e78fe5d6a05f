import { describe, expect, it } from "vitest";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import { DriftcheckError } from "../../src/core/errors.js";
import { emptySchema } from "../../src/core/model.js";
import { sha256Hex } from "../../src/core/util/sha256.js";
import { journalFolder, memoryFiles, snapshotV7, usersTable } from "./drizzle-helpers.js";

const idColumn = { id: { name: "id", type: "serial", primaryKey: true, notNull: true } };
const withEmail = {
  ...idColumn,
  email: { name: "email", type: "varchar(255)", primaryKey: false, notNull: true },
};

async function readError(files: Record<string, string>): Promise<DriftcheckError> {
  try {
    await readDrizzleFolder(memoryFiles(files, "./drizzle"));
  } catch (error) {
    expect(error).toBeInstanceOf(DriftcheckError);
    return error as DriftcheckError;
  }
  throw new Error("expected readDrizzleFolder to fail");
}

describe("readDrizzleFolder (0.x layout)", () => {
  it("reads migrations with drizzle-orm's hashes and takes the newest snapshot", async () => {
    const sql0 = 'CREATE TABLE "users" (\n\t"id" serial PRIMARY KEY NOT NULL\n);\n';
    const sql1 = 'ALTER TABLE "users" ADD COLUMN "email" varchar(255) NOT NULL;';
    const folder = await readDrizzleFolder(
      memoryFiles(
        journalFolder([
          { tag: "0000_init", when: 1000, sql: sql0, snapshot: snapshotV7({ tables: usersTable(idColumn) }) },
          { tag: "0001_email", when: 2000, sql: sql1, snapshot: snapshotV7({ tables: usersTable(withEmail) }) },
        ]),
      ),
    );
    expect(folder.layout).toBe("0.x");
    expect(folder.source).toBe("memory:drizzle");
    expect(folder.expectedFrom).toBe("0001_email");
    expect(folder.findings).toEqual([]);
    expect(folder.migrations.map((m) => [m.idx, m.tag, m.when, m.sqlPath, m.snapshotPath, m.hash])).toEqual([
      [0, "0000_init", 1000, "0000_init.sql", "meta/0000_snapshot.json", sha256Hex(sql0)],
      [1, "0001_email", 2000, "0001_email.sql", "meta/0001_snapshot.json", sha256Hex(sql1)],
    ]);
    expect(folder.expected.tables["public.users"]!.columns.email).toEqual({
      name: "email",
      type: "character varying(255)",
      notNull: true,
      default: null,
      identity: null,
      generated: null,
    });
    expect(folder.expected.tables["public.users"]!.columns.id!.default).toBe("nextval('public.users_id_seq'::regclass)");
    expect(folder.expected.tables["public.users"]!.primaryKey).toEqual({ name: "users_pkey", columns: ["id"], unnamed: true });
    expect(folder.expected.schemas).toEqual(["public"]);
  });

  it("an empty journal expects an empty schema", async () => {
    const folder = await readDrizzleFolder(memoryFiles(journalFolder([])));
    expect(folder.expected).toEqual(emptySchema());
    expect(folder.expectedFrom).toBeNull();
    expect(folder.migrations).toEqual([]);
  });

  it("reports SNAPSHOT_STALE when the newest entries have no snapshot", async () => {
    const folder = await readDrizzleFolder(
      memoryFiles(
        journalFolder([
          { tag: "0000_init", when: 1000, sql: "select 1;", snapshot: snapshotV7({ tables: usersTable(idColumn) }) },
          { tag: "0001_a", when: 2000, sql: "select 2;", snapshot: null },
          { tag: "0002_b", when: 3000, sql: "select 3;", snapshot: null },
        ]),
      ),
    );
    expect(folder.expectedFrom).toBe("0000_init");
    expect(Object.keys(folder.expected.tables)).toEqual(["public.users"]);
    expect(folder.findings.map((f) => [f.code, f.severity, f.kind, f.object])).toEqual([["SNAPSHOT_STALE", "warning", "snapshot", "0002_b"]]);
    expect(folder.findings[0]!.message).toContain("0001_a, 0002_b");
  });

  it("reports CUSTOM_MIGRATION for a snapshot copied from its predecessor", async () => {
    const first = snapshotV7({ tables: usersTable(idColumn) });
    const copied = { ...first, id: "11111111-1111-1111-1111-111111111111", prevId: first.id };
    const folder = await readDrizzleFolder(
      memoryFiles(
        journalFolder([
          { tag: "0000_init", when: 1000, sql: "create table users();", snapshot: first },
          { tag: "0001_custom", when: 2000, sql: "create extension pg_trgm;", snapshot: copied },
          { tag: "0002_email", when: 3000, sql: "alter table users add email text;", snapshot: snapshotV7({ tables: usersTable(withEmail) }) },
        ]),
      ),
    );
    expect(folder.findings.map((f) => [f.code, f.severity, f.object])).toEqual([["CUSTOM_MIGRATION", "info", "0001_custom"]]);
  });

  it("treats an empty first snapshot as a custom migration", async () => {
    const folder = await readDrizzleFolder(
      memoryFiles(journalFolder([{ tag: "0000_custom", when: 1, sql: "create extension vector;", snapshot: snapshotV7() }])),
    );
    expect(folder.findings.map((f) => f.code)).toEqual(["CUSTOM_MIGRATION"]);
  });

  it("rejects a non-PostgreSQL journal", async () => {
    const error = await readError(journalFolder([], "sqlite"));
    expect(error.kind).toBe("user");
    expect(error.message).toContain('"sqlite"');
    expect(error.hint).toBeTruthy();
  });

  it("accepts the old `pg` dialect with a v5 snapshot", async () => {
    const v5 = {
      id: "a",
      prevId: "b",
      version: "5",
      dialect: "pg",
      tables: {
        users: {
          name: "users",
          schema: "",
          columns: { id: { name: "id", type: "serial", primaryKey: true, notNull: true }, m: { name: "m", type: "mood", primaryKey: false, notNull: false } },
          indexes: { users_m_idx: { name: "users_m_idx", columns: ["m"], isUnique: false } },
          foreignKeys: {},
          compositePrimaryKeys: {},
          uniqueConstraints: {},
        },
      },
      enums: { mood: { name: "mood", values: { sad: "sad", ok: "ok" } } },
      schemas: {},
      _meta: { schemas: {}, tables: {}, columns: {} },
    };
    const files = journalFolder([{ tag: "0000_old", when: 1, sql: "select 1;", snapshot: v5 }], "pg");
    const folder = await readDrizzleFolder(memoryFiles(files));
    expect(folder.expected.enums["public.mood"]).toEqual({ schema: "public", name: "mood", values: ["sad", "ok"] });
    expect(folder.expected.tables["public.users"]!.indexes.users_m_idx!.columns).toEqual([
      { expression: "m", isExpression: false, opclass: null, order: "asc", nulls: "last" },
    ]);
  });

  it("names the missing .sql file", async () => {
    const files = journalFolder([{ tag: "0000_init", when: 1, sql: "x", snapshot: null }]);
    delete files["0000_init.sql"];
    const error = await readError(files);
    expect(error.message).toContain("./drizzle/0000_init.sql");
  });

  it("rejects malformed JSON with the path", async () => {
    const files = journalFolder([{ tag: "0000_init", when: 1, sql: "x", snapshot: snapshotV7() }]);
    files["meta/0000_snapshot.json"] = "{ <<<<<<< HEAD";
    const error = await readError(files);
    expect(error.message).toContain("meta/0000_snapshot.json is not valid JSON");
    const broken = await readError({ "meta/_journal.json": "nope" });
    expect(broken.message).toContain("meta/_journal.json is not valid JSON");
  });

  it("rejects an unknown snapshot version", async () => {
    const error = await readError(journalFolder([{ tag: "0000_init", when: 1, sql: "x", snapshot: { ...snapshotV7(), version: "4" } }]));
    expect(error.message).toContain('snapshot version "4"');
  });

  it("explains an empty or missing folder and suggests --drizzle", async () => {
    const empty = await readError({});
    expect(empty.message).toContain("./drizzle");
    expect(empty.hint).toContain("--drizzle");
    const other = await readError({ "README.md": "hi" });
    expect(other.message).toContain("meta/_journal.json");
    expect(other.hint).toContain("--drizzle");
  });

  it("reads a drizzle-kit 1.x folder with the 1.x reader, which rejects a snapshot without a version", async () => {
    const error = await readError({
      "20250101120000_init/migration.sql": "create table t();",
      "20250101120000_init/snapshot.json": "{}",
    });
    expect(error.kind).toBe("user");
    expect(error.message).toContain("snapshot version");
  });
});

describe("readDrizzleFolder reads each file once", () => {
  it("hands the journal read for layout detection on to the 0.x reader", async () => {
    const files = memoryFiles(journalFolder([{ tag: "0000_init", when: 1, sql: "create table t();", snapshot: snapshotV7() }]));
    const reads: string[] = [];
    const counting = { ...files, readText: (path: string) => (reads.push(path), files.readText(path)) };
    await readDrizzleFolder(counting);
    expect(reads.filter((path) => path === "meta/_journal.json")).toEqual(["meta/_journal.json"]);
  });
});
