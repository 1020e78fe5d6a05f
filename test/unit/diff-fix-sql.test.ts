import { describe, expect, it } from "vitest";
import {
  addEnumValuesSql,
  checkClause,
  createIndexSql,
  createPolicySql,
  createTableSql,
  createViewSql,
  foreignKeyClause,
} from "../../src/core/diff/fix-sql.js";
import { column, enumType, fk, index, key, policy, table, view } from "./diff-builders.js";

const users = table("Users", { schema: "Auth" });

describe("fix SQL builders", () => {
  it("index keys: bare columns, function calls, other expressions, opclass, order and nulls", () => {
    expect(
      createIndexSql(
        users,
        index("users_search", [
          key("Email"),
          key("lower(email)", { isExpression: true }),
          key("(a + b)", { isExpression: true }),
          key("a || b", { isExpression: true }),
          key("embedding", { opclass: "vector_cosine_ops", order: "desc", nulls: "last" }),
        ], { method: "hnsw", nullsNotDistinct: true, where: "(deleted_at IS NULL)", with: { m: "16" } }),
      ),
    ).toBe(
      'CREATE INDEX users_search ON "Auth"."Users" USING hnsw ("Email", lower(email), (a + b), (a || b), embedding vector_cosine_ops DESC NULLS LAST) NULLS NOT DISTINCT WITH (m=16) WHERE (deleted_at IS NULL);',
    );
  });

  it("policies: PUBLIC, quoted roles, USING and WITH CHECK", () => {
    expect(createPolicySql(users, policy("Own rows", { as: "restrictive", for: "update", to: ["public", "App User"], using: "(id = 1)", withCheck: "true" }))).toBe(
      'CREATE POLICY "Own rows" ON "Auth"."Users" AS RESTRICTIVE FOR UPDATE TO PUBLIC, "App User" USING ((id = 1)) WITH CHECK (true);',
    );
  });

  it("foreign keys across schemas with both actions", () => {
    expect(foreignKeyClause(fk("f", ["org_id"], "orgs", ["id"], { refSchema: "billing", onUpdate: "restrict", onDelete: "set default" }))).toBe(
      "CONSTRAINT f FOREIGN KEY (org_id) REFERENCES billing.orgs(id) ON UPDATE RESTRICT ON DELETE SET DEFAULT",
    );
  });

  it("checks keep PostgreSQL's CHECK wrapper or add one", () => {
    expect(checkClause({ name: "c", definition: "CHECK ((price > 0))" })).toBe("CONSTRAINT c CHECK ((price > 0))");
    expect(checkClause({ name: "c", definition: '"t"."price" > 0' })).toBe('CONSTRAINT c CHECK ("t"."price" > 0)');
  });

  it("enum values into an enum that has none of them yet", () => {
    expect(addEnumValuesSql(enumType("mood", ["a", "b"]), [])).toBe("ALTER TYPE public.mood ADD VALUE 'a';\nALTER TYPE public.mood ADD VALUE 'b' AFTER 'a';");
  });

  it("views drop pg_get_viewdef's trailing semicolon", () => {
    expect(createViewSql(view("v", " SELECT 1 AS x;", ["x"]))).toBe("CREATE VIEW public.v AS\nSELECT 1 AS x;");
  });

  it("identity and generated columns in CREATE TABLE", () => {
    const t = table("t", {
      columns: [
        column("id", "bigint", {
          notNull: true,
          identity: { generation: "always", start: "1", increment: "1", min: "1", max: "9223372036854775807", cache: "1", cycle: false },
        }),
        column("twice", "bigint", { generated: { kind: "stored", expression: "(id * 2)" } }),
      ],
    });
    expect(createTableSql(t)).toBe(
      [
        "CREATE TABLE public.t (",
        "  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 1) NOT NULL,",
        "  twice bigint GENERATED ALWAYS AS ((id * 2)) STORED",
        ");",
      ].join("\n"),
    );
  });
});
