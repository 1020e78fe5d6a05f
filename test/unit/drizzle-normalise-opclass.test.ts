import { describe, expect, it } from "vitest";
import { normaliseOpclass } from "../../src/core/drizzle/normalise-opclass.js";
import { opclassTypeKey, withDefaultOpclasses } from "../../src/core/diff/default-opclasses.js";
import { diffSchemas } from "../../src/core/diff/index.js";
import { column, index, key, schema, table } from "./diff-builders.js";

describe("normaliseOpclass: what the code wrote, without a schema qualifier", () => {
  it.each([
    ["vector_l2_ops", "vector_l2_ops"],
    ["pg_catalog.int4_ops", "int4_ops"],
    ["public.gin_trgm_ops", "gin_trgm_ops"],
    ["other.my_ops", "other.my_ops"],
  ])("%s → %s", (written, expected) => {
    expect(normaliseOpclass(written)).toBe(expected);
  });

  it("nothing written is the default", () => {
    expect(normaliseOpclass(undefined)).toBeNull();
    expect(normaliseOpclass("")).toBeNull();
  });
});

describe("default operator classes: the database's answer, not a list", () => {
  // As the catalog query reports them (GetDefaultOpClass per column type and access method).
  const defaults = {
    btree: { "public.mood": "enum_ops", "character varying": "text_ops", "text[]": "array_ops", integer: "int4_ops" },
    gin: { "text[]": "array_ops" },
    ivfflat: { "public.vector": "vector_l2_ops" },
  };
  const columns = [column("kind", "public.mood"), column("name", "character varying(64)"), column("tags", "text[]"), column("n", "integer"), column("embedding", "public.vector(3)")];
  const written = (name: string, col: string, opclass: string, method = "btree") => index(name, [key(col, { opclass })], { method });

  it("keys types without modifiers", () => {
    expect(opclassTypeKey("character varying(255)[]")).toBe("character varying[]");
    expect(opclassTypeKey("timestamp(3) with time zone")).toBe("timestamp with time zone");
    expect(opclassTypeKey("public.vector(1536)")).toBe("public.vector");
  });

  it("a written opclass the catalog names as the default compares as none (enum_ops, text_ops on varchar, array_ops, vector_l2_ops)", () => {
    const expectedIndexes = [
      written("t_kind", "kind", "enum_ops"),
      written("t_name", "name", "text_ops"),
      written("t_tags", "tags", "array_ops", "gin"),
      written("t_emb", "embedding", "vector_l2_ops", "ivfflat"),
    ];
    const actualIndexes = expectedIndexes.map((i) => ({ ...i, columns: i.columns.map((c) => ({ ...c, opclass: null })) }));
    const expected = schema({ tables: [table("t", { columns, indexes: expectedIndexes })] });
    const actual = schema({ tables: [table("t", { columns, indexes: actualIndexes })] });
    expect(diffSchemas(expected, actual, { defaultOpclasses: defaults })).toEqual([]);
    // Without the catalog's answer each is a difference: the rule is the facts, not a list here.
    expect(diffSchemas(expected, actual).map((f) => f.code)).toEqual(Array(4).fill("INDEX_DEFINITION_MISMATCH"));
  });

  it("a non-default opclass stays: the database's default index is still a mismatch", () => {
    const e = schema({ tables: [table("t", { columns, indexes: [written("t_name", "name", "text_pattern_ops"), written("t_n", "n", "int4_ops", "hash")] })] });
    const a = schema({ tables: [table("t", { columns, indexes: [index("t_name", [key("name")]), index("t_n", [key("n")], { method: "hash" })] })] });
    // hash has no facts here: int4_ops is kept as written.
    expect(diffSchemas(e, a, { defaultOpclasses: defaults }).map((f) => [f.code, f.severity, f.object])).toEqual([
      ["INDEX_DEFINITION_MISMATCH", "warning", "public.t.t_n"],
      ["INDEX_DEFINITION_MISMATCH", "warning", "public.t.t_name"],
    ]);
  });

  it("shares what it does not change", () => {
    const s = schema({ tables: [table("t", { columns, indexes: [index("t_n", [key("n")])] })] });
    expect(withDefaultOpclasses(s, defaults)).toBe(s);
  });
});
