import { describe, expect, it } from "vitest";
import { policyRoles, snapshotToSchema } from "../../src/core/drizzle/snapshot-v7.js";
import type { SnapshotV7 } from "../../src/core/drizzle/snapshot-types.js";
import { diffSchemas } from "../../src/core/diff/index.js";
import { snapshotV7, usersTable } from "./drizzle-helpers.js";

function schemaOf(parts: Record<string, unknown>) {
  return snapshotToSchema(snapshotV7(parts) as unknown as SnapshotV7, "test");
}

const id = { name: "id", type: "integer", primaryKey: false, notNull: true };

describe("snapshotToSchema", () => {
  it("keeps objects whose names are Object.prototype's (__proto__, constructor)", () => {
    // As read from disk: JSON.parse makes "__proto__" an own key (an object literal would not).
    const text = JSON.stringify(
      snapshotV7({
        tables: usersTable(
          { id, PROTO: { name: "__proto__", type: "text", primaryKey: false, notNull: true }, constructor_: { name: "constructor", type: "integer", primaryKey: false, notNull: false } },
          { indexes: { constructor: { name: "constructor", columns: [{ expression: "constructor", isExpression: false, asc: true, nulls: "last" }], isUnique: false, concurrently: false, method: "btree", with: {} } } },
        ),
      }),
    ).replace('"PROTO"', '"__proto__"');
    const schema = snapshotToSchema(JSON.parse(text) as SnapshotV7, "test");
    const users = schema.tables["public.users"]!;
    expect(Object.keys(users.columns)).toEqual(["__proto__", "constructor", "id"]);
    expect(users.columns["__proto__"]).toMatchObject({ name: "__proto__", type: "text", notNull: true });
    expect(Object.keys(users.indexes)).toEqual(["constructor"]);
    expect(users.indexes["constructor"]!.columns[0]!.opclass).toBeNull();

    // A database that lacks them is told so, by name.
    const actual = snapshotToSchema(JSON.parse(text) as SnapshotV7, "test");
    delete actual.tables["public.users"]!.columns["__proto__"];
    delete actual.tables["public.users"]!.indexes["constructor"];
    expect(diffSchemas(schema, actual).map((finding) => `${finding.code} ${finding.object}`)).toEqual(["COLUMN_MISSING public.users.__proto__", "INDEX_MISSING public.users.constructor"]);
  });

  it("maps constraints with drizzle's names, public FK targets and lower-case actions", () => {
    const schema = schemaOf({
      tables: usersTable(
        {
          id,
          org: { name: "org", type: "integer", primaryKey: false, notNull: false },
          email: { name: "email", type: "text", primaryKey: false, notNull: false, isUnique: true, uniqueName: "users_email_unique", nullsNotDistinct: false },
        },
        {
          compositePrimaryKeys: { users_id_org_pk: { name: "users_id_org_pk", columns: ["id", "org"] } },
          foreignKeys: {
            users_org_orgs_id_fk: { name: "users_org_orgs_id_fk", tableFrom: "users", tableTo: "orgs", columnsFrom: ["org"], columnsTo: ["id"], onDelete: "cascade", onUpdate: "no action" },
            users_org_x_fk: { name: "users_org_x_fk", tableFrom: "users", tableTo: "x", schemaTo: "Other", columnsFrom: ["org"], columnsTo: ["id"], onDelete: "SET NULL" },
          },
          checkConstraints: { users_id_check: { name: "users_id_check", value: '"users"."id" > 0' } },
        },
      ),
    });
    const users = schema.tables["public.users"]!;
    expect(users.primaryKey).toEqual({ name: "users_id_org_pk", columns: ["id", "org"] });
    // Primary-key columns are NOT NULL in PostgreSQL even when the snapshot says otherwise.
    expect(users.columns.org!.notNull).toBe(true);
    expect(users.uniques).toEqual({ users_email_unique: { name: "users_email_unique", columns: ["email"], nullsNotDistinct: false } });
    expect(users.foreignKeys.users_org_orgs_id_fk).toMatchObject({ refSchema: "public", refTable: "orgs", onDelete: "cascade", onUpdate: "no action" });
    expect(users.foreignKeys.users_org_x_fk).toMatchObject({ refSchema: "Other", onDelete: "set null", onUpdate: "no action" });
    expect(users.checks.users_id_check!.definition).toBe("CHECK ((id > 0))");
  });

  it("turns RLS on whenever a table has policies, including policies linked from outside", () => {
    const schema = schemaOf({
      tables: {
        ...usersTable({ id }, { policies: { p: { name: "p", as: "RESTRICTIVE", for: "UPDATE", to: ["b_role", "a_role"], using: '"users"."id" = 1', withCheck: "true" } } }),
        "public.orgs": { name: "orgs", schema: "", columns: { id }, indexes: {}, foreignKeys: {}, compositePrimaryKeys: {}, uniqueConstraints: {}, policies: {}, checkConstraints: {}, isRLSEnabled: false },
      },
      policies: { linked: { name: "linked", as: "PERMISSIVE", for: "ALL", to: ["public"], on: '"public"."orgs"', schema: "public" } },
    });
    expect(schema.tables["public.users"]!.rlsEnabled).toBe(true);
    expect(schema.tables["public.users"]!.policies.p).toEqual({ name: "p", as: "restrictive", for: "update", to: ["a_role", "b_role"], using: "id = 1", withCheck: "true" });
    expect(schema.tables["public.orgs"]!.rlsEnabled).toBe(true);
    expect(schema.tables["public.orgs"]!.policies.linked).toEqual({ name: "linked", as: "permissive", for: "all", to: ["public"], using: null, withCheck: null });
  });

  it("policy roles as pg_policy stores them: PUBLIC next to other roles is PUBLIC alone", () => {
    expect(policyRoles(["pg_monitor", "PUBLIC"])).toEqual(["public"]);
    expect(policyRoles(["public", "b_role"])).toEqual(["public"]);
    expect(policyRoles([])).toEqual(["public"]);
    expect(policyRoles(undefined)).toEqual(["public"]);
    expect(policyRoles(["b_role", "a_role"])).toEqual(["a_role", "b_role"]);
    const schema = schemaOf({
      tables: usersTable({ id }, { policies: { p: { name: "p", as: "PERMISSIVE", for: "SELECT", to: ["pg_monitor", "public"], using: "true" } } }),
    });
    expect(schema.tables["public.users"]!.policies.p!.to).toEqual(["public"]);
  });

  it("maps index shapes: defaults for order/nulls, desc nulls first, opclass, method, where, with", () => {
    const schema = schemaOf({
      tables: usersTable(
        { id, email: { name: "email", type: "text", primaryKey: false, notNull: false } },
        {
          indexes: {
            a: { name: "a", columns: [{ expression: "email", isExpression: false, asc: false }], isUnique: true, method: "btree", with: { fillfactor: 70, deduplicate_items: false } },
            b: { name: "b", columns: [{ expression: 'lower("users"."email")', isExpression: true, asc: true, nulls: "last" }], isUnique: false, where: '"users"."id" > 5' },
            c: { name: "c", columns: [{ expression: "email", isExpression: false, asc: true, nulls: "last", opclass: "gin_trgm_ops" }], isUnique: false, method: "GIN" },
          },
        },
      ),
    });
    const indexes = schema.tables["public.users"]!.indexes;
    expect(indexes.a).toEqual({
      name: "a",
      unique: true,
      nullsNotDistinct: false,
      method: "btree",
      columns: [{ expression: "email", isExpression: false, opclass: null, order: "desc", nulls: "first" }],
      where: null,
      with: { deduplicate_items: "false", fillfactor: "70" },
    });
    expect(indexes.b!.columns[0]!.expression).toBe("lower(email)");
    expect(indexes.b!.where).toBe("id > 5");
    expect(indexes.b!.method).toBe("btree");
    expect(indexes.c!.method).toBe("gin");
    expect(indexes.c!.columns[0]!.opclass).toBe("gin_trgm_ops");
  });

  it("collects schemas, enums, sequences and views; skips existing views", () => {
    const schema = schemaOf({
      schemas: { audit: "audit" },
      enums: { "Other.Mood": { name: "Mood", schema: "Other", values: ["a", "b"] } },
      sequences: { "public.s": { name: "s", schema: "public", increment: "1" } },
      views: {
        "public.v": { name: "v", schema: "public", columns: { id, x: { ...id, name: "x" } }, definition: 'select "id", "id" as x from "users"', materialized: false, isExisting: false },
        "public.legacy": { name: "legacy", schema: "public", columns: {}, materialized: true, isExisting: true },
      },
    });
    expect(schema.schemas).toEqual(["Other", "audit", "public"]);
    expect(schema.enums["Other.Mood"]!.values).toEqual(["a", "b"]);
    expect(schema.sequences["public.s"]!.max).toBe("9223372036854775807");
    expect(Object.keys(schema.views)).toEqual(["public.v"]);
    expect(schema.views["public.v"]).toEqual({ schema: "public", name: "v", materialized: false, definition: 'select "id", "id" as x from "users"', columns: ["id", "x"] });
  });

  it("truncates long names as PostgreSQL does", () => {
    const long = `t_${"x".repeat(70)}`;
    const schema = schemaOf({
      tables: {
        [`public.${long}`]: {
          name: long,
          schema: "",
          columns: { id: { name: "id", type: "serial", primaryKey: true, notNull: true }, [`c_${"é".repeat(40)}`]: { name: `c_${"é".repeat(40)}`, type: "text", primaryKey: false, notNull: false } },
          indexes: {},
          foreignKeys: {},
          compositePrimaryKeys: {},
          uniqueConstraints: {},
        },
      },
    });
    const key = Object.keys(schema.tables)[0]!;
    const table = schema.tables[key]!;
    expect(table.name).toBe(`t_${"x".repeat(61)}`);
    expect(Object.keys(table.columns)).toContain(`c_${"é".repeat(30)}`);
    expect(table.primaryKey!.name).toBe(`t_${"x".repeat(56)}_pkey`);
    expect(table.columns.id!.default).toBe(`nextval('public.t_${"x".repeat(54)}_id_seq'::regclass)`);
  });

  it("serial, identity and generated columns have no plain default and are NOT NULL where PostgreSQL makes them so", () => {
    const schema = schemaOf({
      tables: usersTable({
        id: { name: "id", type: "bigserial", primaryKey: false, notNull: false },
        n: { name: "n", type: "smallint", primaryKey: false, notNull: false, identity: { type: "byDefault", name: "users_n_seq", schema: "public", increment: "1", startWith: "1", minValue: "1", maxValue: "32767", cache: "1", cycle: false } },
        g: { name: "g", type: "text", primaryKey: false, notNull: false, generated: { type: "stored", as: '("users"."id" || \'x\')' } },
      }),
    });
    const columns = schema.tables["public.users"]!.columns;
    expect(columns.id).toEqual({ name: "id", type: "bigint", notNull: true, default: "nextval('public.users_id_seq'::regclass)", identity: null, generated: null });
    expect(columns.n).toMatchObject({ notNull: true, default: null, identity: { generation: "by default", max: "32767" } });
    expect(columns.g).toMatchObject({ notNull: false, default: null, generated: { kind: "stored", expression: "(id || 'x')" } });
  });
});
