import { describe, expect, it } from "vitest";
import { normaliseOpclass, opclassTypeKey } from "../../src/core/drizzle/normalise-opclass.js";
import { snapshotToSchema } from "../../src/core/drizzle/snapshot-v7.js";
import type { SnapshotV7 } from "../../src/core/drizzle/snapshot-types.js";
import { snapshotV7, usersTable } from "./drizzle-helpers.js";

describe("normaliseOpclass: null exactly when pg_get_indexdef would leave the opclass out", () => {
  it.each([
    // pgvector: ivfflat's default is vector_l2_ops (drizzle-kit makes the code write it out)
    ["vector_l2_ops", "ivfflat", "public.vector(3)", null],
    ["vector_cosine_ops", "ivfflat", "public.vector(3)", "vector_cosine_ops"],
    // hnsw has no default opclass at all
    ["vector_l2_ops", "hnsw", "public.vector(3)", "vector_l2_ops"],
    ["halfvec_l2_ops", "hnsw", "public.halfvec(4)", "halfvec_l2_ops"],
    // built-in defaults, with modifiers and binary-coercible types
    ["int4_ops", "btree", "integer", null],
    ["text_ops", "btree", "character varying(255)", null],
    ["timestamptz_ops", "btree", "timestamp(3) with time zone", null],
    ["text_pattern_ops", "btree", "text", "text_pattern_ops"],
    ["jsonb_ops", "gin", "jsonb", null],
    ["jsonb_path_ops", "gin", "jsonb", "jsonb_path_ops"],
    ["array_ops", "gin", "text[]", null],
    ["gist_geometry_ops_2d", "gist", "public.geometry(Point,4326)", null],
    ["pg_catalog.int4_ops", "btree", "integer", null],
    // a type or method the table does not know keeps what was written
    ["my_ops", "btree", "public.mood", "my_ops"],
    ["int4_ops", "mystery", "integer", "int4_ops"],
    // expression keys: the snapshot does not know their type
    ["text_ops", "btree", null, "text_ops"],
  ] as const)("%s on %s %s → %s", (written, method, type, expected) => {
    expect(normaliseOpclass(written, method, type)).toBe(expected);
  });

  it("nothing written is the default", () => {
    expect(normaliseOpclass(undefined, "ivfflat", "public.vector(3)")).toBeNull();
    expect(normaliseOpclass("", "btree", null)).toBeNull();
  });

  it("keys types by their canonical name without modifiers or the extension schema", () => {
    expect(opclassTypeKey("public.vector(1536)")).toBe("vector");
    expect(opclassTypeKey("timestamp(6) without time zone")).toBe("timestamp without time zone");
    expect(opclassTypeKey("integer[]")).toBe("[]");
    expect(opclassTypeKey("public.mood")).toBe("public.mood");
  });
});

describe("snapshot indexes: opclasses by the key column's type", () => {
  it("drops a default opclass the code spelled out, keeps the others", () => {
    const embedding = { name: "embedding", type: "vector(3)", primaryKey: false, notNull: false };
    const schema = snapshotToSchema(
      snapshotV7({
        tables: usersTable(
          { embedding },
          {
            indexes: {
              ivf: { name: "ivf", method: "ivfflat", with: { lists: 10 }, isUnique: false, concurrently: false, columns: [{ expression: "embedding", isExpression: false, asc: true, nulls: "last", opclass: "vector_l2_ops" }] },
              cos: { name: "cos", method: "hnsw", with: {}, isUnique: false, concurrently: false, columns: [{ expression: "embedding", isExpression: false, asc: true, nulls: "last", opclass: "vector_cosine_ops" }] },
            },
          },
        ),
      }) as unknown as SnapshotV7,
      "test",
    );
    const indexes = schema.tables["public.users"]!.indexes;
    expect(indexes.ivf!.columns[0]!.opclass).toBeNull();
    expect(indexes.cos!.columns[0]!.opclass).toBe("vector_cosine_ops");
  });
});
