import { describe, expect, it } from "vitest";
import { diffSchemas } from "../../src/core/diff/index.js";
import { emptySchema } from "../../src/core/model.js";
import { column, enumType, fk, index, key, policy, schema, sequence, shape, table, view } from "./diff-builders.js";

const users = table("users", {
  columns: [
    column("id", "integer", { notNull: true, default: "nextval('public.users_id_seq'::regclass)" }),
    column("email", "character varying(255)", { notNull: true }),
    column("mood", "public.mood"),
    column("org_id", "integer"),
  ],
  primaryKey: { name: "users_pkey", columns: ["id"] },
  uniques: [{ name: "users_email_unique", columns: ["email"], nullsNotDistinct: false }],
  foreignKeys: [fk("users_org_id_orgs_id_fk", ["org_id"], "orgs", ["id"], { onDelete: "set null" })],
  checks: [{ name: "email_not_empty", definition: "CHECK ((email)::text <> ''::text)" }],
  indexes: [index("users_org_idx", [key("org_id")])],
  rlsEnabled: true,
  policies: [policy("own_rows", { for: "select", to: ["authenticated"], using: "(id = 1)" })],
});

describe("TABLE_MISSING / TABLE_EXTRA", () => {
  it("a missing table is one TABLE_MISSING (not one finding per column) with a full CREATE TABLE", () => {
    expect(shape(diffSchemas(schema({ tables: [users] }), schema({})))).toEqual([
      {
        code: "TABLE_MISSING",
        severity: "error",
        kind: "table",
        object: "public.users",
        expected: users,
        actual: null,
        fixSql: [
          "CREATE SEQUENCE IF NOT EXISTS public.users_id_seq AS integer;",
          "CREATE TABLE public.users (",
          "  email character varying(255) NOT NULL,",
          "  id integer DEFAULT nextval('public.users_id_seq'::regclass) NOT NULL,",
          "  mood public.mood,",
          "  org_id integer,",
          "  CONSTRAINT users_pkey PRIMARY KEY (id),",
          "  CONSTRAINT users_email_unique UNIQUE (email),",
          "  CONSTRAINT email_not_empty CHECK ((email)::text <> ''::text)",
          ");",
          "ALTER SEQUENCE public.users_id_seq OWNED BY public.users.id;",
          "ALTER TABLE public.users ADD CONSTRAINT users_org_id_orgs_id_fk FOREIGN KEY (org_id) REFERENCES public.orgs(id) ON DELETE SET NULL;",
          "CREATE INDEX users_org_idx ON public.users (org_id);",
          "ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;",
          "CREATE POLICY own_rows ON public.users AS PERMISSIVE FOR SELECT TO authenticated USING ((id = 1));",
        ].join("\n"),
        pendingMigration: null,
      },
    ]);
  });

  it("an extra table is info without fix", () => {
    expect(shape(diffSchemas(schema({}), schema({ tables: [users] })))).toEqual([
      { code: "TABLE_EXTRA", severity: "info", kind: "table", object: "public.users", expected: null, actual: users, fixSql: null, pendingMigration: null },
    ]);
  });

  it("identical schemas have no findings", () => {
    expect(diffSchemas(schema({ tables: [users], enums: [enumType("mood", ["a"])] }), schema({ tables: [users], enums: [enumType("mood", ["a"])] }))).toEqual([]);
  });

  it("tablesFilter leaves other tables and views out (globs, ! negates)", () => {
    const expected = schema({ tables: [users, table("posts"), table("audit_log")], views: [view("audit_view", "select 1", ["x"])] });
    const actual = schema({});
    expect(diffSchemas(expected, actual, { tablesFilter: ["*", "!audit_*"] }).map((f) => f.object)).toEqual(["public.posts", "public.users"]);
    expect(diffSchemas(expected, actual, { tablesFilter: ["use?s"] }).map((f) => f.object)).toEqual(["public.users"]);
  });
});

describe("SCHEMA_MISSING / SCHEMA_EXTRA", () => {
  it("reports missing schemas as errors and extra ones as info; never public", () => {
    const billing = table("invoices", { schema: "billing" });
    const findings = shape(diffSchemas(schema({ schemas: ["billing", "public"], tables: [billing] }), { ...emptySchema(), schemas: ["analytics"] }));
    expect(findings).toEqual([
      { code: "SCHEMA_MISSING", severity: "error", kind: "schema", object: "billing", expected: "billing", actual: null, fixSql: "CREATE SCHEMA billing;", pendingMigration: null },
      {
        code: "TABLE_MISSING",
        severity: "error",
        kind: "table",
        object: "billing.invoices",
        expected: billing,
        actual: null,
        fixSql: "CREATE TABLE billing.invoices ();",
        pendingMigration: null,
      },
      { code: "SCHEMA_EXTRA", severity: "info", kind: "schema", object: "analytics", expected: null, actual: "analytics", fixSql: null, pendingMigration: null },
    ]);
  });
});

describe("ENUM_*", () => {
  it("ENUM_MISSING is an error with CREATE TYPE", () => {
    const mood = enumType("mood", ["sad", "ok", "it's fine"]);
    expect(shape(diffSchemas(schema({ enums: [mood] }), schema({})))).toEqual([
      {
        code: "ENUM_MISSING",
        severity: "error",
        kind: "enum",
        object: "public.mood",
        expected: mood,
        actual: null,
        fixSql: "CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'it''s fine');",
        pendingMigration: null,
      },
    ]);
  });

  it("ENUM_EXTRA is info", () => {
    expect(diffSchemas(schema({}), schema({ enums: [enumType("mood", ["a"])] })).map((f) => [f.code, f.severity, f.fixSql])).toEqual([["ENUM_EXTRA", "info", null]]);
  });

  it("ENUM_VALUE_MISSING is an error whose fix adds each value at its place", () => {
    const e = enumType("Mood", ["new", "sad", "ok", "happy", "ecstatic"], "app");
    const a = enumType("Mood", ["sad", "happy"], "app");
    expect(shape(diffSchemas(schema({ schemas: ["app"], enums: [e] }), schema({ schemas: ["app"], enums: [a] })))).toEqual([
      {
        code: "ENUM_VALUE_MISSING",
        severity: "error",
        kind: "enum",
        object: "app.Mood",
        expected: e.values,
        actual: a.values,
        fixSql: [
          `ALTER TYPE app."Mood" ADD VALUE 'new' BEFORE 'sad';`,
          `ALTER TYPE app."Mood" ADD VALUE 'ok' AFTER 'sad';`,
          `ALTER TYPE app."Mood" ADD VALUE 'ecstatic' AFTER 'happy';`,
        ].join("\n"),
        pendingMigration: null,
      },
    ]);
  });

  it("ENUM_VALUE_EXTRA is a warning", () => {
    expect(diffSchemas(schema({ enums: [enumType("mood", ["a"])] }), schema({ enums: [enumType("mood", ["a", "b"])] })).map((f) => [f.code, f.severity, f.fixSql])).toEqual([
      ["ENUM_VALUE_EXTRA", "warning", null],
    ]);
  });

  it("ENUM_ORDER_MISMATCH is info", () => {
    expect(shape(diffSchemas(schema({ enums: [enumType("mood", ["a", "b"])] }), schema({ enums: [enumType("mood", ["b", "a"])] })))).toEqual([
      { code: "ENUM_ORDER_MISMATCH", severity: "info", kind: "enum", object: "public.mood", expected: ["a", "b"], actual: ["b", "a"], fixSql: null, pendingMigration: null },
    ]);
  });
});

describe("SEQUENCE_*", () => {
  it("SEQUENCE_MISSING is an error with CREATE SEQUENCE; SEQUENCE_EXTRA is info", () => {
    const s = sequence("invoice_no", { start: "1000", cycle: true });
    expect(diffSchemas(schema({ sequences: [s] }), schema({})).map((f) => [f.code, f.severity, f.fixSql])).toEqual([
      ["SEQUENCE_MISSING", "error", "CREATE SEQUENCE public.invoice_no AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1000 CACHE 1 CYCLE;"],
    ]);
    expect(diffSchemas(schema({}), schema({ sequences: [s] })).map((f) => [f.code, f.severity, f.fixSql])).toEqual([["SEQUENCE_EXTRA", "info", null]]);
  });
});

describe("VIEW_*", () => {
  const active = view("active_users", 'select "id", "email" from "users" where "users"."active" = true', ["id", "email"]);
  const printed = view("active_users", " SELECT users.id,\n    users.email\n   FROM public.users\n  WHERE users.active = true;", ["id", "email"]);

  it("VIEW_MISSING is an error with CREATE VIEW; materialized views too", () => {
    expect(diffSchemas(schema({ views: [active] }), schema({})).map((f) => [f.code, f.severity, f.fixSql])).toEqual([
      ["VIEW_MISSING", "error", `CREATE VIEW public.active_users AS\nselect "id", "email" from "users" where "users"."active" = true;`],
    ]);
    expect(diffSchemas(schema({ views: [{ ...printed, materialized: true }] }), schema({})).map((f) => f.fixSql)).toEqual([
      "CREATE MATERIALIZED VIEW public.active_users AS\nSELECT users.id,\n    users.email\n   FROM public.users\n  WHERE users.active = true;",
    ]);
  });

  it("VIEW_EXTRA is info", () => {
    expect(diffSchemas(schema({}), schema({ views: [active] })).map((f) => [f.code, f.severity, f.fixSql])).toEqual([["VIEW_EXTRA", "info", null]]);
  });

  it("drizzle's and PostgreSQL's spelling of the same view are equal", () => {
    expect(diffSchemas(schema({ views: [active] }), schema({ views: [printed] }))).toEqual([]);
  });

  it("the expected columns are a requirement: more columns in the database are no finding", () => {
    // drizzle-kit's snapshot leaves out `sql\`count(*)\`.as("total")` fields; PostgreSQL lists them.
    const code = view("note_counts", `select "owner_id", count(*) as "total" from "notes" group by "notes"."owner_id"`, ["owner_id"]);
    const database = view("note_counts", " SELECT notes.owner_id,\n    count(*) AS total\n   FROM public.notes\n  GROUP BY notes.owner_id;", ["owner_id", "total"]);
    expect(diffSchemas(schema({ views: [code] }), schema({ views: [database] }))).toEqual([]);
    // order is not a requirement either: the code selects columns by name
    expect(diffSchemas(schema({ views: [active] }), schema({ views: [{ ...printed, columns: ["email", "id"] }] }))).toEqual([]);
  });

  it("a column the code expects but the view lacks is VIEW_DEFINITION_MISMATCH naming the column", () => {
    const lacking = { ...printed, columns: ["id"] };
    const findings = diffSchemas(schema({ views: [active] }), schema({ views: [lacking] }));
    expect(findings.map((f) => [f.code, f.severity, f.object])).toEqual([["VIEW_DEFINITION_MISMATCH", "warning", "public.active_users"]]);
    expect(findings[0]?.message).toMatch(/lacks column email/);
  });

  it("a view selecting orders.name is not one selecting users.name (qualifiers kept across a join)", () => {
    const from = ` FROM public.users\n     JOIN public.orders ON users.id = orders.user_id;`;
    const code = view("names", `select "users"."name" from "users" inner join "orders" on "users"."id" = "orders"."user_id"`, ["name"]);
    expect(diffSchemas(schema({ views: [code] }), schema({ views: [view("names", ` SELECT users.name\n${from}`, ["name"])] }))).toEqual([]);
    expect(
      diffSchemas(schema({ views: [code] }), schema({ views: [view("names", ` SELECT orders.name\n${from}`, ["name"])] })).map((f) => [f.code, f.severity]),
    ).toEqual([["VIEW_DEFINITION_MISMATCH", "warning"]]);
  });

  it("VIEW_DEFINITION_MISMATCH is a warning that recreates the view", () => {
    const other = view("active_users", " SELECT users.id\n   FROM public.users;", ["id"]);
    expect(shape(diffSchemas(schema({ views: [active] }), schema({ views: [other] })))).toEqual([
      {
        code: "VIEW_DEFINITION_MISMATCH",
        severity: "warning",
        kind: "view",
        object: "public.active_users",
        expected: active,
        actual: other,
        fixSql: `DROP VIEW public.active_users;\nCREATE VIEW public.active_users AS\nselect "id", "email" from "users" where "users"."active" = true;`,
        pendingMigration: null,
      },
    ]);
  });
});

describe("RLS_* and POLICY_*", () => {
  const base = table("notes", { columns: [column("id", "integer")] });
  const own = policy("own", { to: ["authenticated"], using: '"notes"."id" = 1', withCheck: null });
  const diffNotes = (e: Partial<typeof base>, a: Partial<typeof base>) =>
    shape(diffSchemas(schema({ tables: [{ ...base, ...e }] }), schema({ tables: [{ ...base, ...a }] })));

  it("RLS_DISABLED is an error", () => {
    expect(diffNotes({ rlsEnabled: true }, {})).toEqual([
      {
        code: "RLS_DISABLED",
        severity: "error",
        kind: "rls",
        object: "public.notes",
        expected: { rlsEnabled: true },
        actual: { rlsEnabled: false },
        fixSql: "ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;",
        pendingMigration: null,
      },
    ]);
  });

  it("RLS_EXTRA is a warning", () => {
    expect(diffNotes({}, { rlsEnabled: true }).map((f) => [f.code, f.severity, f.fixSql])).toEqual([
      ["RLS_EXTRA", "warning", "ALTER TABLE public.notes DISABLE ROW LEVEL SECURITY;"],
    ]);
  });

  it("POLICY_MISSING is an error with CREATE POLICY", () => {
    expect(diffNotes({ policies: { own } }, {})).toEqual([
      {
        code: "POLICY_MISSING",
        severity: "error",
        kind: "policy",
        object: "public.notes.own",
        expected: own,
        actual: null,
        fixSql: 'CREATE POLICY own ON public.notes AS PERMISSIVE FOR ALL TO authenticated USING ("notes"."id" = 1);',
        pendingMigration: null,
      },
    ]);
  });

  it("POLICY_EXTRA is a warning with DROP POLICY", () => {
    expect(diffNotes({}, { policies: { own } }).map((f) => [f.code, f.severity, f.fixSql])).toEqual([["POLICY_EXTRA", "warning", "DROP POLICY own ON public.notes;"]]);
  });

  it("POLICY_MISMATCH is an error when roles, command or kind differ", () => {
    const other = { ...own, to: ["public"], as: "restrictive" as const };
    expect(diffNotes({ policies: { own } }, { policies: { own: other } })).toEqual([
      {
        code: "POLICY_MISMATCH",
        severity: "error",
        kind: "policy",
        object: "public.notes.own",
        expected: own,
        actual: other,
        fixSql: 'DROP POLICY own ON public.notes;\nCREATE POLICY own ON public.notes AS PERMISSIVE FOR ALL TO authenticated USING ("notes"."id" = 1);',
        pendingMigration: null,
      },
    ]);
  });

  it("POLICY_MISMATCH is an error when parsed expressions differ (a settled difference)", () => {
    expect(diffNotes({ policies: { own } }, { policies: { own: { ...own, using: "(id = 2)" } } }).map((f) => [f.code, f.severity])).toEqual([
      ["POLICY_MISMATCH", "error"],
    ]);
    // a policy opened up to every row
    expect(diffNotes({ policies: { own } }, { policies: { own: { ...own, using: "true" } } }).map((f) => [f.code, f.severity])).toEqual([
      ["POLICY_MISMATCH", "error"],
    ]);
  });

  describe("a subquery policy (the token fallback)", () => {
    const member = policy("member", {
      to: ["authenticated"],
      using: `exists (select 1 from "memberships" "m" where "m"."user_id" = auth.uid() and "m"."org_id" = "notes"."org_id")`,
      withCheck: null,
    });
    const printed = "(EXISTS ( SELECT 1\n   FROM memberships m\n  WHERE ((m.user_id = auth.uid()) AND (m.org_id = notes.org_id))))";

    it("PostgreSQL's spelling of the same policy is no finding", () => {
      expect(diffNotes({ policies: { member } }, { policies: { member: { ...member, using: printed } } })).toEqual([]);
    });

    it("a cross-tenant condition (m.org_id = m.org_id) is not equal: POLICY_MISMATCH, at most a warning since unsettled", () => {
      const leaky = printed.replace("notes.org_id", "m.org_id");
      expect(diffNotes({ policies: { member } }, { policies: { member: { ...member, using: leaky } } }).map((f) => [f.code, f.severity])).toEqual([
        ["POLICY_MISMATCH", "warning"],
      ]);
    });
  });

  it("the same policy in PostgreSQL's spelling is no finding", () => {
    expect(diffNotes({ policies: { own } }, { policies: { own: { ...own, using: "(id = 1)" } } })).toEqual([]);
  });
});

describe("order", () => {
  it("is severity first, then object, then code, and independent of input order", () => {
    const e = schema({
      tables: [
        table("b", { columns: [column("x", "text", { notNull: true }), column("y", "integer")] }),
        table("a", { columns: [column("z", "text")] }),
      ],
    });
    const a = schema({
      tables: [table("a", { columns: [column("z", "text"), column("w", "text")] }), table("b", { columns: [column("y", "bigint"), column("x", "text")] })],
    });
    const objects = diffSchemas(e, a).map((f) => `${f.severity} ${f.code} ${f.object}`);
    expect(objects).toEqual([
      "error COLUMN_TYPE_MISMATCH public.b.y",
      "warning COLUMN_NULLABILITY_MISMATCH public.b.x",
      "info COLUMN_EXTRA public.a.w",
    ]);
    const reversed = { ...a, tables: Object.fromEntries(Object.entries(a.tables).reverse()) };
    expect(diffSchemas(e, reversed).map((f) => `${f.severity} ${f.code} ${f.object}`)).toEqual(objects);
  });
});
