/**
 * Layout detection and the drizzle-kit 1.x folder rules: which folders are migrations (the
 * migrator's rule), their order and dates, snapshot version 8 read as-is, and the clear errors
 * for a folder mixing layouts or snapshot versions, unknown versions and other dialects.
 */
import { describe, expect, it } from "vitest";
import { detectLayout, readDrizzleFolder } from "../../src/core/drizzle/index.js";
import { viewColumns } from "../../src/core/drizzle/ddl-1x.js";
import { folderMillis } from "../../src/core/drizzle/read-folder-1x.js";
import { DriftcheckError } from "../../src/core/errors.js";
import { sha256Hex } from "../../src/core/util/sha256.js";
import { journalFolder, memoryFiles, snapshotV7, usersTable } from "./drizzle-helpers.js";
import { readFolderWithAllSnapshots } from "../support/read-folder.js";

const ROOT = "00000000-0000-0000-0000-000000000000";
const usersDdl = [
  { entityType: "tables", schema: "public", name: "users", isRlsEnabled: false },
  { entityType: "columns", schema: "public", table: "users", name: "id", type: "serial", typeSchema: null, notNull: true, dimensions: 0, default: null, generated: null, identity: null },
  { entityType: "columns", schema: "public", table: "users", name: "email", type: "varchar(255)", typeSchema: null, notNull: true, dimensions: 0, default: null, generated: null, identity: null },
  { entityType: "pks", schema: "public", table: "users", name: "users_pkey", columns: ["id"], nameExplicit: false },
  { entityType: "uniques", schema: "public", table: "users", name: "users_email_key", columns: ["email"], nameExplicit: false, nullsNotDistinct: false },
];
const v8 = (id: string, ddl: unknown[], prevIds = [ROOT]) => JSON.stringify({ version: "8", dialect: "postgres", id, prevIds, ddl, renames: [] });
const v9 = (id: string, ddl: unknown[]) => JSON.stringify({ type: "base", version: "9", dialect: "postgres", id, prevIds: [ROOT], ddl, footprints: [] });

async function readError(files: Record<string, string>): Promise<DriftcheckError> {
  const error = await readDrizzleFolder(memoryFiles(files, "./drizzle")).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DriftcheckError);
  expect((error as DriftcheckError).kind).toBe("user");
  return error as DriftcheckError;
}

describe("drizzle-kit 1.x layout", () => {
  it("detects each layout, and a folder holding both", async () => {
    const oneX = { "20250101120000_init/migration.sql": "select 1;" };
    const zeroX = journalFolder([{ tag: "0000_init", when: 1, sql: "select 1;", snapshot: snapshotV7({ tables: usersTable({}) }) }]);
    expect(await detectLayout(memoryFiles(oneX))).toBe("1.x");
    expect(await detectLayout(memoryFiles(zeroX))).toBe("0.x");
    expect(await detectLayout(memoryFiles({ ...zeroX, ...oneX }))).toBe("mixed");
    expect(await detectLayout(memoryFiles({}))).toBe("empty");
    expect(await detectLayout(memoryFiles({ "notes/readme.md": "" }))).toBe("unknown");
  });

  it("a folder mixing the 0.x journal and 1.x migration folders is a clear user error", async () => {
    const error = await readError({
      ...journalFolder([{ tag: "0000_init", when: 1, sql: "select 1;", snapshot: null }]),
      "20250101120000_next/migration.sql": "select 2;",
      "20250101120000_next/snapshot.json": v9("a", usersDdl),
    });
    expect(error.message).toContain("./drizzle mixes two drizzle-kit layouts");
    expect(error.message).toContain("meta/_journal.json");
    expect(error.hint).toContain("drizzle-kit up");
  });

  it("reads migrations as drizzle-orm 1.x's migrator does: folders with migration.sql, localeCompare order, UTC folder time, sha256", async () => {
    const sql = 'CREATE TABLE "users" ("id" serial PRIMARY KEY);\n--> statement-breakpoint\nselect 1;\n';
    const folder = await readFolderWithAllSnapshots(
      memoryFiles({
        "20250102030405_second/migration.sql": "select 2;",
        "20250102030405_second/snapshot.json": v8("b", usersDdl, ["a"]),
        "20241231235959_first/migration.sql": sql,
        "20241231235959_first/snapshot.json": v8("a", usersDdl.slice(0, 2)),
        // No migration.sql: the migrator skips it, and so do we.
        "20250103000000_draft/snapshot.json": v8("c", []),
        "README.md": "notes",
      }),
    );
    expect(folder.layout).toBe("1.x");
    expect(folder.migrations.map((m) => [m.idx, m.tag, m.when, m.sqlPath, m.snapshotPath])).toEqual([
      [0, "20241231235959_first", Date.UTC(2024, 11, 31, 23, 59, 59), "20241231235959_first/migration.sql", "20241231235959_first/snapshot.json"],
      [1, "20250102030405_second", Date.UTC(2025, 0, 2, 3, 4, 5), "20250102030405_second/migration.sql", "20250102030405_second/snapshot.json"],
    ]);
    expect(folder.migrations[0]!.hash).toBe(sha256Hex(sql));
    expect(folder.migrations[0]!.sql).toBe(sql);
    expect(folder.expectedFrom).toBe("20250102030405_second");
    // v8: each snapshot is the full schema; names pass through as PostgreSQL's implicit ones.
    expect(Object.keys(folder.migrations[0]!.snapshot!.tables["public.users"]!.columns)).toEqual(["id"]);
    expect(folder.expected.tables["public.users"]).toMatchObject({
      primaryKey: { name: "users_pkey", columns: ["id"] },
      uniques: { users_email_key: { name: "users_email_key", columns: ["email"], nullsNotDistinct: false } },
      columns: { email: { type: "character varying(255)", notNull: true }, id: { type: "integer", default: "nextval('public.users_id_seq'::regclass)" } },
    });
    expect(folder.findings).toEqual([]);
  });

  it("folderMillis reads the first 14 digits as UTC, like drizzle-orm's formatToMillis", () => {
    expect(folderMillis("20250630235959_x")).toBe(Date.UTC(2025, 5, 30, 23, 59, 59));
    expect(folderMillis("not_a_date")).toBe(0);
  });

  it("a folder mixing snapshot versions 8 and 9 is an error that says how to convert it", async () => {
    const error = await readError({
      "20250101000000_a/migration.sql": "",
      "20250101000000_a/snapshot.json": v8("a", usersDdl),
      "20250102000000_b/migration.sql": "",
      "20250102000000_b/snapshot.json": v9("b", usersDdl),
    });
    expect(error.message).toContain("mixes drizzle-kit 1.x snapshot versions 8 and 9");
    expect(error.hint).toContain("drizzle-kit up");
    // The other way round (converted to 9, then extended by a drizzle-kit writing 8): the newest
    // alone would read fine; the first snapshot, read for its version, tells.
    const reversed = await readError({
      "20250101000000_a/migration.sql": "",
      "20250101000000_a/snapshot.json": v9("a", usersDdl),
      "20250102000000_b/migration.sql": "",
      "20250102000000_b/snapshot.json": v8("b", usersDdl, ["a"]),
      "20250103000000_c/migration.sql": "",
      "20250103000000_c/snapshot.json": v8("c", usersDdl, ["b"]),
    });
    expect(reversed.message).toContain("mixes drizzle-kit 1.x snapshot versions 8 and 9");
  });

  it("unknown snapshot versions and other dialects are clear errors", async () => {
    const future = await readError({ "20250101000000_a/migration.sql": "", "20250101000000_a/snapshot.json": JSON.stringify({ version: "10", dialect: "postgres", id: "a" }) });
    expect(future.message).toContain('20250101000000_a/snapshot.json has snapshot version "10"');
    expect(future.message).toContain("versions 8 and 9");
    const old = await readError({ "20250101000000_a/migration.sql": "", "20250101000000_a/snapshot.json": JSON.stringify(snapshotV7()) });
    expect(old.hint).toContain("drizzle-kit up");
    const sqlite = await readError({ "20250101000000_a/migration.sql": "", "20250101000000_a/snapshot.json": JSON.stringify({ version: "8", dialect: "sqlite", id: "a", ddl: [] }) });
    expect(sqlite.message).toContain('dialect "sqlite"');
    const broken = await readError({ "20250101000000_a/migration.sql": "", "20250101000000_a/snapshot.json": "{ <<<<<<< HEAD" });
    expect(broken.message).toContain("is not valid JSON");
  });

  it("reads a view's columns from the select list drizzle-orm writes", () => {
    expect(viewColumns('select "id", "owner" from "accounts" where "accounts"."is_public" = true')).toEqual(["id", "owner"]);
    expect(viewColumns('(select "t"."a", sum("b") as "total", coalesce("c", \'x, y\') as c2 from "t" group by 1)')).toEqual(["a", "total", "c2"]);
    expect(viewColumns('select distinct "Mixed""Case" from "t"')).toEqual(['Mixed"Case']);
    expect(viewColumns("select * from t")).toEqual([]);
  });
});
