/**
 * Snapshot version 9: the base snapshot plus diff deltas replayed in order (creates, drops,
 * alters, renames that move dependent rows), merges of two branches, and the errors a broken
 * history gives. Folders are hand-written in drizzle-kit 1.0.0-rc.5's format.
 */
import { describe, expect, it } from "vitest";
import { readFolderWithAllSnapshots } from "../support/read-folder.js";
import { DdlState } from "../../src/core/drizzle/snapshot-v9.js";
import type { DdlRow } from "../../src/core/drizzle/ddl-1x.js";
import { DriftcheckError } from "../../src/core/errors.js";
import { memoryFiles } from "./drizzle-helpers.js";

const ROOT = "00000000-0000-0000-0000-000000000000";
type Row = Record<string, unknown>;

const table = (name: string, schema = "public"): Row => ({ entityType: "tables", schema, name, isRlsEnabled: false });
const column = (tableName: string, name: string, type = "integer", extra: Row = {}): DdlRow => ({
  entityType: "columns",
  schema: "public",
  table: tableName,
  name,
  type,
  typeSchema: null,
  notNull: false,
  dimensions: 0,
  default: null,
  generated: null,
  identity: null,
  ...extra,
});
const pk = (tableName: string, columns: string[]): Row => ({ entityType: "pks", schema: "public", table: tableName, name: `${tableName}_pkey`, columns, nameExplicit: false });
const key = (entityType: string, ...fields: string[]) => `${entityType}\0${JSON.stringify(fields)}`;

function base(id: string, ddl: Row[]): Row {
  return { type: "base", version: "9", dialect: "postgres", id, prevIds: [ROOT], ddl, footprints: [] };
}
function diff(id: string, prevIds: string[], deltas: Row[]): Row {
  return { type: "diff", version: "9", dialect: "postgres", id, prevIds, deltas, footprints: [] };
}
function folder(entries: [string, Row | null][]): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, snapshot] of entries) {
    files[`${name}/migration.sql`] = `-- ${name}`;
    if (snapshot) files[`${name}/snapshot.json`] = JSON.stringify(snapshot);
  }
  return files;
}

async function read(files: Record<string, string>) {
  return readFolderWithAllSnapshots(memoryFiles(files, "./drizzle"));
}
async function readError(files: Record<string, string>): Promise<DriftcheckError> {
  const error = await read(files).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DriftcheckError);
  return error as DriftcheckError;
}

const users = [table("users"), column("users", "id", "serial", { notNull: true }), pk("users", ["id"])];

describe("snapshot v9: replaying diffs onto the base", () => {
  it("applies every diff in order: each migration's snapshot is the state after it", async () => {
    const result = await read(
      folder([
        ["20250101000000_init", base("a", users)],
        ["20250102000000_email", diff("b", ["a"], [{ op: "create", row: column("users", "email", "text") }])],
        // The alter must come after the create of step 2, the drop after both.
        ["20250103000000_email_not_null", diff("c", ["b"], [{ op: "alter", key: key("columns", "public", "users", "email"), set: { notNull: true, default: "'x'" } }])],
        ["20250104000000_drop_email", diff("d", ["c"], [{ op: "drop", key: key("columns", "public", "users", "email") }])],
      ]),
    );
    const emails = result.migrations.map((migration) => migration.snapshot!.tables["public.users"]!.columns.email ?? null);
    expect(emails.map((email) => email && { notNull: email.notNull, default: email.default })).toEqual([
      null,
      { notNull: false, default: null },
      { notNull: true, default: "'x'::text" },
      null,
    ]);
    expect(result.expectedFrom).toBe("20250104000000_drop_email");
    expect(Object.keys(result.expected.tables["public.users"]!.columns)).toEqual(["id"]);
    expect(result.findings).toEqual([]);
  });

  it("replays the deltas of one diff in their order (create, then alter of the created row)", async () => {
    const result = await read(
      folder([
        ["20250101000000_init", base("a", users)],
        [
          "20250102000000_both",
          diff("b", ["a"], [
            { op: "create", row: column("users", "age", "integer") },
            { op: "alter", key: key("columns", "public", "users", "age"), set: { default: "3" } },
          ]),
        ],
      ]),
    );
    expect(result.expected.tables["public.users"]!.columns.age!.default).toBe("3");
  });

  it("a column rename moves it in indexes, primary, unique and foreign keys (both ends)", async () => {
    const ddl = [
      ...users,
      table("posts"),
      column("posts", "id", "integer", { notNull: true }),
      column("posts", "author", "integer"),
      pk("posts", ["id"]),
      { entityType: "uniques", schema: "public", table: "users", name: "users_id_key", nameExplicit: false, columns: ["id"], nullsNotDistinct: false },
      {
        entityType: "indexes",
        schema: "public",
        table: "users",
        name: "users_id_idx",
        nameExplicit: true,
        columns: [
          { value: "id", isExpression: false, asc: true, nullsFirst: false, opclass: null },
          { value: "(id + 1)", isExpression: true, asc: true, nullsFirst: false, opclass: null },
        ],
        isUnique: false,
        where: null,
        with: "",
        method: "btree",
        concurrently: false,
      },
      {
        entityType: "fks",
        schema: "public",
        table: "posts",
        name: "posts_author_users_id_fkey",
        nameExplicit: false,
        columns: ["author"],
        schemaTo: "public",
        tableTo: "users",
        columnsTo: ["id"],
        onUpdate: "NO ACTION",
        onDelete: "CASCADE",
      },
    ];
    const result = await read(
      folder([
        ["20250101000000_init", base("a", ddl)],
        ["20250102000000_rename", diff("b", ["a"], [{ op: "rename", key: key("columns", "public", "users", "id"), set: { name: "user_id" } }])],
      ]),
    );
    const usersDef = result.expected.tables["public.users"]!;
    expect(Object.keys(usersDef.columns)).toEqual(["user_id"]);
    expect(usersDef.primaryKey).toEqual({ name: "users_pkey", columns: ["user_id"] });
    expect(usersDef.uniques.users_id_key!.columns).toEqual(["user_id"]);
    // Expression keys are SQL text: drizzle-kit leaves them alone.
    expect(usersDef.indexes.users_id_idx!.columns.map((c) => c.expression)).toEqual(["user_id", "(id + 1)"]);
    expect(result.expected.tables["public.posts"]!.foreignKeys.posts_author_users_id_fkey!.refColumns).toEqual(["user_id"]);
  });

  it("a table rename moves its columns and keys, and foreign keys that point at it", async () => {
    const ddl = [
      ...users,
      table("posts"),
      column("posts", "author", "integer"),
      {
        entityType: "fks",
        schema: "public",
        table: "posts",
        name: "posts_author_fkey",
        nameExplicit: true,
        columns: ["author"],
        schemaTo: "public",
        tableTo: "users",
        columnsTo: ["id"],
        onUpdate: "NO ACTION",
        onDelete: "NO ACTION",
      },
    ];
    const result = await read(
      folder([
        ["20250101000000_init", base("a", ddl)],
        ["20250102000000_rename", diff("b", ["a"], [{ op: "rename", key: key("tables", "public", "users"), set: { name: "people" } }])],
      ]),
    );
    expect(Object.keys(result.expected.tables)).toEqual(["public.people", "public.posts"]);
    const people = result.expected.tables["public.people"]!;
    expect(Object.keys(people.columns)).toEqual(["id"]);
    // PostgreSQL keeps the constraint's name on ALTER TABLE ... RENAME, and so does drizzle-kit.
    expect(people.primaryKey).toEqual({ name: "users_pkey", columns: ["id"] });
    expect(people.columns.id!.default).toBe("nextval('public.people_id_seq'::regclass)");
    expect(result.expected.tables["public.posts"]!.foreignKeys.posts_author_fkey!.refTable).toBe("people");
  });

  it("a merge (two parents) replays the second branch's diffs too", async () => {
    const result = await read(
      folder([
        ["20250101000000_init", base("a", users)],
        ["20250102000000_branch_one", diff("b", ["a"], [{ op: "create", row: column("users", "one") }])],
        ["20250102000001_branch_two", diff("c", ["a"], [{ op: "create", row: column("users", "two") }])],
        ["20250103000000_merge", diff("d", ["b", "c"], [{ op: "create", row: column("users", "three") }])],
      ]),
    );
    expect(Object.keys(result.expected.tables["public.users"]!.columns)).toEqual(["id", "one", "three", "two"]);
    // Each branch on its own has only its own column.
    expect(Object.keys(result.migrations[2]!.snapshot!.tables["public.users"]!.columns)).toEqual(["id", "two"]);
  });

  it("an empty diff (generate --custom) is a CUSTOM_MIGRATION; a folder without snapshot.json is SNAPSHOT_STALE", async () => {
    const result = await read(
      folder([
        ["20250101000000_init", base("a", users)],
        ["20250102000000_custom", diff("b", ["a"], [])],
        ["20250103000000_no_snapshot", null],
      ]),
    );
    expect(result.findings.map((finding) => [finding.code, finding.object])).toEqual([
      ["SNAPSHOT_STALE", "20250103000000_no_snapshot"],
      ["CUSTOM_MIGRATION", "20250102000000_custom"],
    ]);
    expect(result.expectedFrom).toBe("20250102000000_custom");
    expect(result.migrations[2]!.snapshotPath).toBeNull();
  });

  it("a diff whose parent is missing is a clear error naming both", async () => {
    const error = await readError(
      folder([
        ["20250101000000_init", base("a", users)],
        ["20250103000000_orphan", diff("c", ["b"], [])],
      ]),
    );
    expect(error.kind).toBe("user");
    expect(error.message).toContain("20250103000000_orphan/snapshot.json");
    expect(error.message).toContain("snapshot b is not in the migrations folder");
  });

  it("a create that clashes with a different existing row is an error; an identical one is not", async () => {
    const clash = await readError(
      folder([
        ["20250101000000_init", base("a", users)],
        ["20250102000000_clash", diff("b", ["a"], [{ op: "create", row: column("users", "id", "text") }])],
      ]),
    );
    expect(clash.message).toContain("20250102000000_clash/snapshot.json");
    expect(clash.message).toContain("two different entities");
    const same = await read(
      folder([
        ["20250101000000_init", base("a", users)],
        ["20250102000000_same", diff("b", ["a"], [{ op: "create", row: column("users", "id", "serial", { notNull: true }) }])],
      ]),
    );
    expect(same.expected.tables["public.users"]!.columns.id!.type).toBe("integer");
  });

  it("rejects malformed v9 snapshots clearly", async () => {
    const badOp = await readError(folder([["20250101000000_init", base("a", users)], ["20250102000000_x", diff("b", ["a"], [{ op: "explode", key: "tables\0[]" }])]]));
    expect(badOp.message).toContain('unknown delta "explode"');
    const badType = await readError(folder([["20250101000000_init", { ...base("a", users), type: "full" }]]));
    expect(badType.message).toContain('"type" is "full"');
    const badEntity = await readError(folder([["20250101000000_init", base("a", [{ entityType: "triggers", name: "t" }])]]));
    expect(badEntity.message).toContain('unknown entity type "triggers"');
    // Object.prototype's names are not entity types either (an internal TypeError before).
    const protoEntity = await readError(folder([["20250101000000_init", base("a", [{ entityType: "toString", name: "t" }])]]));
    expect(protoEntity.message).toContain('unknown entity type "toString"');
  });

  it("DdlState keys rows the way drizzle-kit's delta keys name them", () => {
    const state = DdlState.of([column("users", "id")], "x");
    expect(state.list()).toHaveLength(1);
    expect(DdlState.keyOf(column("users", "id"))).toBe(key("columns", "public", "users", "id"));
    expect(() => DdlState.of([column("users", "id"), column("users", "id")], "x")).toThrow(/twice/);
  });
});
