import { describe, expect, it } from "vitest";
import { diffSchemas } from "../../src/core/diff/index.js";
import { FINDING_CODES } from "../../src/core/findings.js";
import type { IdentityDef } from "../../src/core/model.js";
import { column, enumType, fk, index, key, policy, schema, sequence, table, view } from "./diff-builders.js";

/** Codes that come from migration status, the drizzle folder or probes, not from comparing schemas. */
const NOT_FROM_DIFF = new Set([
  "MIGRATION_PENDING",
  "MIGRATION_SKIPPED",
  "MIGRATION_EDITED",
  "MIGRATION_UNKNOWN",
  "MIGRATIONS_TABLE_MISSING",
  "SNAPSHOT_STALE",
  "SNAPSHOT_MISSING",
  "MIGRATION_FILE_UNLISTED",
  "CUSTOM_MIGRATION",
  "MIGRATION_NOT_GENERATED",
  "QUERY_PROBE_FAILED",
]);

const ident = (generation: IdentityDef["generation"], start = "1"): IdentityDef => ({
  generation,
  start,
  increment: "1",
  min: "1",
  max: "2147483647",
  cache: "1",
  cycle: false,
});

describe("diffSchemas covers DESIGN.md's schema codes", () => {
  it("one pair of schemas produces every schema-level code", () => {
    const orgs = table("orgs", { columns: [column("id", "integer", { notNull: true })] });
    const expected = schema({
      schemas: ["billing", "public"],
      enums: [enumType("mood", ["new", "sad", "happy"]), enumType("color", ["r"]), enumType("order", ["a", "b"])],
      sequences: [sequence("invoice_no")],
      views: [view("v1", "select 1 as x", ["x"]), view("v2", "select 1 as x", ["x"])],
      tables: [
        orgs,
        table("invoices", { schema: "billing" }),
        table("t", {
          columns: [
            column("id", "integer", { notNull: true }),
            column("a", "text"),
            column("b", "integer"),
            column("c", "text", { notNull: true, default: "'x'" }),
            column("d", "text", { default: "'x'" }),
            column("e", "integer", { notNull: true }),
            column("g", "integer"),
            column("missing", "text"),
          ],
          primaryKey: { name: "t_pkey", columns: ["id"] },
          uniques: [{ name: "t_a_unique", columns: ["a"], nullsNotDistinct: false }, { name: "t_b_unique", columns: ["b"], nullsNotDistinct: false }],
          foreignKeys: [fk("t_b_fk", ["b"], "orgs", ["id"], { onDelete: "cascade" }), fk("t_e_fk", ["e"], "orgs", ["id"])],
          checks: [{ name: "t_chk", definition: "id > 0" }, { name: "t_chk2", definition: "a <> ''" }],
          indexes: [index("t_a_idx", [key("a")]), index("t_d_idx", [key("d")]), index("t_c_idx", [key("c")])],
          rlsEnabled: true,
          policies: [policy("p1"), policy("p2", { using: "true" })],
        }),
        table("u", { rlsEnabled: false }),
      ],
    });
    const actual = schema({
      schemas: ["analytics", "public"],
      enums: [enumType("mood", ["sad", "happy", "angry"]), enumType("order", ["b", "a"]), enumType("extra_enum", ["z"])],
      sequences: [sequence("other_seq")],
      views: [view("v1", "select 2 as x", ["x"]), view("v3", "select 1", ["x"])],
      tables: [
        orgs,
        table("gone", {}),
        table("t", {
          columns: [
            column("id", "integer", { notNull: true }),
            column("a", "integer", { notNull: true }),
            column("b", "integer", { notNull: true, identity: ident("always") }),
            column("c", "text", { notNull: true }),
            column("d", "text", { default: "'y'" }),
            column("e", "integer", { notNull: true, generated: { kind: "stored", expression: "id" } }),
            column("g", "integer"),
            column("extra", "text", { notNull: true }),
          ],
          primaryKey: null,
          uniques: [{ name: "t_a_key", columns: ["a"], nullsNotDistinct: false }, { name: "t_g_key", columns: ["g"], nullsNotDistinct: false }],
          foreignKeys: [fk("t_b_fk", ["b"], "orgs", ["id"]), fk("t_g_fk", ["g"], "orgs", ["id"])],
          checks: [{ name: "t_chk", definition: "CHECK ((id > 1))" }, { name: "t_chk3", definition: "CHECK (true)" }],
          indexes: [index("t_a_idx", [key("a"), key("g")]), index("t_g_idx", [key("g")])],
          rlsEnabled: false,
          policies: [policy("p2", { using: "false" }), policy("p3")],
        }),
        table("u", { rlsEnabled: true }),
      ],
    });
    const produced = new Set(diffSchemas(expected, actual).map((f) => f.code));
    const schemaCodes = FINDING_CODES.filter((code) => !NOT_FROM_DIFF.has(code));
    expect(schemaCodes.filter((code) => !produced.has(code))).toEqual([]);
    expect([...produced].sort()).toEqual([...schemaCodes].sort());
  });
});
