import { describe, expect, it } from "vitest";
import { describeValue } from "../../src/core/report/describe.js";
import { index, key } from "./diff-builders.js";

describe("describeValue of an index", () => {
  it("prints what pg_get_indexdef prints: operator class and NULLS only when not the default", () => {
    expect(describeValue(index("i", [key("email")]))).toBe("INDEX USING btree (email)");
    expect(describeValue(index("i", [key("embedding", { opclass: "vector_cosine_ops" })], { method: "hnsw" }))).toBe(
      "INDEX USING hnsw (embedding vector_cosine_ops)",
    );
    expect(describeValue(index("i", [key("a", { order: "desc", nulls: "first" }), key("b", { order: "desc", nulls: "last" }), key("c", { nulls: "first" })]))).toBe(
      "INDEX USING btree (a DESC, b DESC NULLS LAST, c NULLS FIRST)",
    );
  });

  it("shows NULLS NOT DISTINCT, storage options and the predicate, so two definitions that differ read differently", () => {
    expect(describeValue(index("i", [key("slot")], { unique: true, nullsNotDistinct: true, with: { fillfactor: "80" }, where: "(slot > 0)" }))).toBe(
      "UNIQUE INDEX USING btree (slot) NULLS NOT DISTINCT WITH (fillfactor=80) WHERE (slot > 0)",
    );
  });
});

describe("describeValue of a primary key", () => {
  it("reads as PRIMARY KEY (columns), also for a 0.x inline key that carries no name of its own", () => {
    expect(describeValue({ name: "sessions_pkey", columns: ["k"] })).toBe("PRIMARY KEY (k)");
    expect(describeValue({ name: "sessions_pkey", columns: ["k", "v"], unnamed: true })).toBe("PRIMARY KEY (k, v)");
  });
});
