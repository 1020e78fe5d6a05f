import { describe, expect, it } from "vitest";
import { splitIndexElement } from "../../src/core/drizzle/normalise-expressions.js";
import { snapshotToSchema } from "../../src/core/drizzle/snapshot-v7.js";
import type { SnapshotV7 } from "../../src/core/drizzle/snapshot-types.js";
import { snapshotV7, usersTable } from "./drizzle-helpers.js";

describe("splitIndexElement: an index element written as SQL, as PostgreSQL's grammar reads it", () => {
  it.each([
    ['"data" jsonb_path_ops', { expression: '"data"', column: "data", opclass: "jsonb_path_ops", order: null, nulls: null }],
    ['"at" DESC NULLS LAST', { expression: '"at"', column: "at", opclass: null, order: "desc", nulls: "last" }],
    ["at nulls first", { expression: "at", column: "at", opclass: null, order: null, nulls: "first" }],
    ['"name" COLLATE "C" text_pattern_ops ASC', { expression: '"name"', column: "name", opclass: "text_pattern_ops", order: "asc", nulls: null }],
    ['"name" gist_trgm_ops(siglen = 32)', { expression: '"name"', column: "name", opclass: "gist_trgm_ops", order: null, nulls: null }],
    ['"name" public.gin_trgm_ops', { expression: '"name"', column: "name", opclass: "gin_trgm_ops", order: null, nulls: null }],
    ['"t"."name" DESC', { expression: '"t"."name"', column: "name", opclass: null, order: "desc", nulls: null }],
    ['lower("email") text_pattern_ops DESC', { expression: 'lower("email")', column: null, opclass: "text_pattern_ops", order: "desc", nulls: null }],
    // Nothing to strip: the last name is an operand, not an operator class.
    ['lower("email")', { expression: 'lower("email")', column: null, opclass: null, order: null, nulls: null }],
    ["a + b", { expression: "a + b", column: null, opclass: null, order: null, nulls: null }],
    ["(a)::text", { expression: "(a)::text", column: null, opclass: null, order: null, nulls: null }],
    ["x is null", { expression: "x is null", column: null, opclass: null, order: null, nulls: null }],
    ['"slug" || \'-\' || "title"', { expression: '"slug" || \'-\' || "title"', column: null, opclass: null, order: null, nulls: null }],
  ])("%s", (text, expected) => {
    expect(splitIndexElement(text)).toEqual(expected);
  });
});

describe("snapshotToSchema: index elements drizzle-kit recorded as expressions", () => {
  const columns = {
    id: { name: "id", type: "integer", primaryKey: true, notNull: true },
    data: { name: "data", type: "jsonb", primaryKey: false, notNull: false },
    at: { name: "at", type: "timestamp with time zone", primaryKey: false, notNull: false },
  };
  const element = (expression: string) => ({ expression, isExpression: true, asc: true, nulls: "last" });
  const indexes = {
    users_data_idx: { name: "users_data_idx", columns: [element('"data" jsonb_path_ops')], isUnique: false, concurrently: false, method: "gin", with: {} },
    users_at_idx: { name: "users_at_idx", columns: [element('"at" DESC NULLS LAST')], isUnique: false, concurrently: false, method: "btree", with: {} },
    users_at_desc_idx: { name: "users_at_desc_idx", columns: [element('"at" DESC')], isUnique: false, concurrently: false, method: "btree", with: {} },
  };
  const schema = snapshotToSchema(snapshotV7({ tables: usersTable(columns, { indexes }) }) as unknown as SnapshotV7, "test");
  const users = schema.tables["public.users"]!;

  it("a column with an operator class is a column key with that class", () => {
    expect(users.indexes["users_data_idx"]!.columns).toEqual([{ expression: "data", isExpression: false, opclass: "jsonb_path_ops", order: "asc", nulls: "last" }]);
  });

  it("a column with DESC NULLS LAST is a column key with that order", () => {
    expect(users.indexes["users_at_idx"]!.columns).toEqual([{ expression: "at", isExpression: false, opclass: null, order: "desc", nulls: "last" }]);
    // DESC alone: NULLS FIRST, PostgreSQL's default for DESC (not drizzle's recorded `nulls: "last"`).
    expect(users.indexes["users_at_desc_idx"]!.columns).toEqual([{ expression: "at", isExpression: false, opclass: null, order: "desc", nulls: "first" }]);
  });
});
