import { describe, expect, it } from "vitest";
import { diffSchemas } from "../../src/core/diff/index.js";
import { isSafeWidening } from "../../src/core/diff/type-widening.js";
import type { ColumnDef, IdentityDef } from "../../src/core/model.js";
import { column, schema, shape, table } from "./diff-builders.js";

const id = column("id", "integer", { notNull: true });

function diffColumn(expected: ColumnDef | null, actual: ColumnDef | null) {
  const e = table("soundcloud_tracks", { columns: expected ? [id, expected] : [id] });
  const a = table("soundcloud_tracks", { columns: actual ? [id, actual] : [id] });
  return shape(diffSchemas(schema({ tables: [e] }), schema({ tables: [a] })));
}

const base = { kind: "column" as const, object: "public.soundcloud_tracks.updated_at", pendingMigration: null };

describe("COLUMN_MISSING", () => {
  it("finds columns named after Object.prototype's members (constructor, __proto__, toString)", () => {
    // The database's model comes from JSON: a plain object, whose inherited members are not columns.
    for (const name of ["constructor", "__proto__", "toString"]) {
      const named = column(name, "text");
      expect(diffColumn(named, null).map((finding) => `${finding.code} ${finding.object}`)).toEqual([`COLUMN_MISSING public.soundcloud_tracks.${name}`]);
      expect(diffColumn(null, named).map((finding) => `${finding.code} ${finding.object}`)).toEqual([`COLUMN_EXTRA public.soundcloud_tracks.${name}`]);
    }
  });

  it("is an error whose fix adds the column with type, default and NOT NULL", () => {
    const updatedAt = column("updated_at", "timestamp(3) without time zone", { notNull: true, default: "now()" });
    expect(diffColumn(updatedAt, null)).toEqual([
      {
        ...base,
        code: "COLUMN_MISSING",
        severity: "error",
        expected: updatedAt,
        actual: null,
        fixSql: "ALTER TABLE public.soundcloud_tracks ADD COLUMN updated_at timestamp(3) without time zone DEFAULT now() NOT NULL;",
      },
    ]);
  });

  it("creates and hands over the sequence of a serial column", () => {
    const serial = column("updated_at", "integer", { notNull: true, default: "nextval('public.soundcloud_tracks_updated_at_seq'::regclass)" });
    expect(diffColumn(serial, null)[0]?.fixSql).toBe(
      [
        "CREATE SEQUENCE IF NOT EXISTS public.soundcloud_tracks_updated_at_seq AS integer;",
        "ALTER TABLE public.soundcloud_tracks ADD COLUMN updated_at integer DEFAULT nextval('public.soundcloud_tracks_updated_at_seq'::regclass) NOT NULL;",
        "ALTER SEQUENCE public.soundcloud_tracks_updated_at_seq OWNED BY public.soundcloud_tracks.updated_at;",
      ].join("\n"),
    );
  });

  it("quotes names that need quotes", () => {
    const weird = column("Updated At", "text");
    const e = table("User", { columns: [weird] });
    expect(diffSchemas(schema({ tables: [e] }), schema({ tables: [table("User")] }))[0]?.fixSql).toBe(
      'ALTER TABLE public."User" ADD COLUMN "Updated At" text;',
    );
  });
});

describe("COLUMN_EXTRA", () => {
  it("is an error when NOT NULL without default (the code's inserts fail)", () => {
    const extra = column("updated_at", "text", { notNull: true });
    expect(diffColumn(null, extra)).toEqual([
      {
        ...base,
        code: "COLUMN_EXTRA",
        severity: "error",
        expected: null,
        actual: extra,
        fixSql: "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at DROP NOT NULL;",
      },
    ]);
  });

  it.each([
    ["nullable", column("updated_at", "text")],
    ["NOT NULL with default", column("updated_at", "text", { notNull: true, default: "'x'::text" })],
    ["identity", column("updated_at", "integer", { notNull: true, identity: identity("always") })],
    ["generated", column("updated_at", "integer", { notNull: true, generated: { kind: "stored", expression: "(id * 2)" } })],
  ])("is info when %s", (_label, extra) => {
    expect(diffColumn(null, extra)).toEqual([{ ...base, code: "COLUMN_EXTRA", severity: "info", expected: null, actual: extra, fixSql: null }]);
  });
});

describe("COLUMN_TYPE_MISMATCH", () => {
  it("is an error for an incompatible type, with an ALTER … TYPE … USING fix", () => {
    expect(diffColumn(column("updated_at", "timestamp(3) without time zone"), column("updated_at", "text"))).toEqual([
      {
        ...base,
        code: "COLUMN_TYPE_MISMATCH",
        severity: "error",
        expected: "timestamp(3) without time zone",
        actual: "text",
        fixSql:
          "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at TYPE timestamp(3) without time zone USING updated_at::timestamp(3) without time zone;",
      },
    ]);
  });

  it("is a warning for a safe widening in the database", () => {
    expect(diffColumn(column("updated_at", "character varying(100)"), column("updated_at", "character varying(255)"))).toEqual([
      {
        ...base,
        code: "COLUMN_TYPE_MISMATCH",
        severity: "warning",
        expected: "character varying(100)",
        actual: "character varying(255)",
        fixSql: "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at TYPE character varying(100) USING updated_at::character varying(100);",
      },
    ]);
  });
});

describe("isSafeWidening", () => {
  it.each([
    ["character varying(100)", "character varying(255)", true],
    ["character varying(100)", "character varying", true],
    ["character varying(100)", "text", true],
    ["character varying", "text", true],
    ["character varying(255)", "character varying(100)", false],
    ["text", "character varying(100)", false],
    ["numeric(10,2)", "numeric(12,2)", true],
    ["numeric(10,2)", "numeric(12,4)", true],
    ["numeric(10,2)", "numeric(10,4)", false],
    ["numeric(10,2)", "numeric", true],
    ["numeric", "numeric(10,2)", false],
    ["smallint", "integer", true],
    ["integer", "bigint", false],
    ["real", "double precision", false],
    ["timestamp(3) without time zone", "timestamp without time zone", true],
    ["timestamp without time zone", "timestamp(3) without time zone", false],
    ["timestamp(3) without time zone", "timestamp(6) with time zone", false],
    ["character varying(10)[]", "text[]", true],
    ["character varying(10)[]", "text", false],
    ["character(1)", "text", false],
  ])("%s → %s: %s", (expected, actual, safe) => {
    expect(isSafeWidening(expected, actual)).toBe(safe);
  });
});

describe("COLUMN_NULLABILITY_MISMATCH", () => {
  it("is an error when the code's column is nullable and the database's is NOT NULL without default", () => {
    expect(diffColumn(column("updated_at", "text"), column("updated_at", "text", { notNull: true }))).toEqual([
      {
        ...base,
        code: "COLUMN_NULLABILITY_MISMATCH",
        severity: "error",
        expected: { notNull: false },
        actual: { notNull: true },
        fixSql: "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at DROP NOT NULL;",
      },
    ]);
  });

  it("is a warning when the database's NOT NULL column has a default", () => {
    expect(diffColumn(column("updated_at", "text"), column("updated_at", "text", { notNull: true, default: "'x'::text" }))).toEqual([
      {
        ...base,
        code: "COLUMN_NULLABILITY_MISMATCH",
        severity: "warning",
        expected: { notNull: false },
        actual: { notNull: true },
        fixSql: "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at DROP NOT NULL;",
      },
    ]);
  });

  it("is a warning when the code expects NOT NULL and the database is nullable", () => {
    expect(diffColumn(column("updated_at", "text", { notNull: true }), column("updated_at", "text"))).toEqual([
      {
        ...base,
        code: "COLUMN_NULLABILITY_MISMATCH",
        severity: "warning",
        expected: { notNull: true },
        actual: { notNull: false },
        fixSql: "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at SET NOT NULL;",
      },
    ]);
  });
});

describe("COLUMN_DEFAULT_MISSING / COLUMN_DEFAULT_MISMATCH", () => {
  it("is an error when the database column is NOT NULL", () => {
    expect(diffColumn(column("updated_at", "text", { notNull: true, default: "'x'::text" }), column("updated_at", "text", { notNull: true }))).toEqual([
      {
        ...base,
        code: "COLUMN_DEFAULT_MISSING",
        severity: "error",
        expected: "'x'::text",
        actual: null,
        fixSql: "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at SET DEFAULT 'x'::text;",
      },
    ]);
  });

  it("is a warning when the column is nullable", () => {
    expect(diffColumn(column("updated_at", "timestamp with time zone", { default: "now()" }), column("updated_at", "timestamp with time zone"))).toEqual([
      {
        ...base,
        code: "COLUMN_DEFAULT_MISSING",
        severity: "warning",
        expected: "now()",
        actual: null,
        fixSql: "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at SET DEFAULT now();",
      },
    ]);
  });

  it("reports a different default as a warning", () => {
    expect(diffColumn(column("updated_at", "text", { default: "'a'::text" }), column("updated_at", "text", { default: "'b'::text" }))).toEqual([
      {
        ...base,
        code: "COLUMN_DEFAULT_MISMATCH",
        severity: "warning",
        expected: "'a'::text",
        actual: "'b'::text",
        fixSql: "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at SET DEFAULT 'a'::text;",
      },
    ]);
  });

  it("treats defaults that normalise equal as equal", () => {
    expect(diffColumn(column("updated_at", "text", { default: "'a'" }), column("updated_at", "text", { default: "'a'::text" }))).toEqual([]);
    expect(diffColumn(column("updated_at", "integer", { default: "-1" }), column("updated_at", "integer", { default: "'-1'::integer" }))).toEqual([]);
  });

  it("says nothing about a database default the code does not rely on", () => {
    expect(diffColumn(column("updated_at", "text"), column("updated_at", "text", { default: "'b'::text" }))).toEqual([]);
  });
});

function identity(generation: IdentityDef["generation"], overrides: Partial<IdentityDef> = {}): IdentityDef {
  return { generation, start: "1", increment: "1", min: "1", max: "2147483647", cache: "1", cycle: false, ...overrides };
}

describe("COLUMN_IDENTITY_MISMATCH", () => {
  it("is an error when the database generates ALWAYS and the code may write the column", () => {
    const e = column("updated_at", "integer", { notNull: true });
    const a = column("updated_at", "integer", { notNull: true, identity: identity("always") });
    expect(diffColumn(e, a)).toEqual([
      {
        ...base,
        code: "COLUMN_IDENTITY_MISMATCH",
        severity: "error",
        expected: null,
        actual: identity("always"),
        fixSql: "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at DROP IDENTITY;",
      },
    ]);
  });

  it("is a warning when only sequence options differ", () => {
    const e = column("updated_at", "integer", { notNull: true, identity: identity("always", { start: "100" }) });
    const a = column("updated_at", "integer", { notNull: true, identity: identity("always") });
    expect(diffColumn(e, a)).toEqual([
      {
        ...base,
        code: "COLUMN_IDENTITY_MISMATCH",
        severity: "warning",
        expected: identity("always", { start: "100" }),
        actual: identity("always"),
        fixSql:
          "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at SET GENERATED ALWAYS SET INCREMENT BY 1 SET MINVALUE 1 SET MAXVALUE 2147483647 SET START WITH 100 SET CACHE 1 SET NO CYCLE;",
      },
    ]);
  });

  it("is a warning when the code expects an identity the database lacks (serial instead)", () => {
    const e = column("updated_at", "integer", { notNull: true, identity: identity("by default") });
    const a = column("updated_at", "integer", { notNull: true, default: "nextval('public.t_seq'::regclass)" });
    expect(diffColumn(e, a)).toEqual([
      {
        ...base,
        code: "COLUMN_IDENTITY_MISMATCH",
        severity: "warning",
        expected: identity("by default"),
        actual: null,
        fixSql: [
          "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at DROP DEFAULT;",
          "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at ADD GENERATED BY DEFAULT AS IDENTITY (START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1);",
        ].join("\n"),
      },
    ]);
  });
});

describe("COLUMN_IDENTITY_MISMATCH on a nullable column", () => {
  it("makes the column NOT NULL before adding the identity (PostgreSQL requires it)", () => {
    const e = column("updated_at", "integer", { notNull: true, identity: identity("by default") });
    const a = column("updated_at", "integer");
    expect(diffColumn(e, a).map((f) => [f.code, f.severity, f.fixSql])).toEqual([
      [
        "COLUMN_IDENTITY_MISMATCH",
        "warning",
        [
          "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at SET NOT NULL;",
          "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at ADD GENERATED BY DEFAULT AS IDENTITY (START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1);",
        ].join("\n"),
      ],
      ["COLUMN_NULLABILITY_MISMATCH", "warning", "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at SET NOT NULL;"],
    ]);
  });
});

describe("COLUMN_GENERATED_MISMATCH", () => {
  it("is an error when the code writes a column the database generates", () => {
    const e = column("updated_at", "integer");
    const a = column("updated_at", "integer", { generated: { kind: "stored", expression: "(id * 2)" } });
    expect(diffColumn(e, a)).toEqual([
      {
        ...base,
        code: "COLUMN_GENERATED_MISMATCH",
        severity: "error",
        expected: null,
        actual: { kind: "stored", expression: "(id * 2)" },
        fixSql: "ALTER TABLE public.soundcloud_tracks ALTER COLUMN updated_at DROP EXPRESSION;",
      },
    ]);
  });

  it("is a warning when the expression differs", () => {
    const e = column("updated_at", "integer", { generated: { kind: "stored", expression: '"soundcloud_tracks"."id" * 3' } });
    const a = column("updated_at", "integer", { generated: { kind: "stored", expression: "(id * 2)" } });
    expect(diffColumn(e, a)).toEqual([
      {
        ...base,
        code: "COLUMN_GENERATED_MISMATCH",
        severity: "warning",
        expected: { kind: "stored", expression: '"soundcloud_tracks"."id" * 3' },
        actual: { kind: "stored", expression: "(id * 2)" },
        fixSql: [
          "ALTER TABLE public.soundcloud_tracks DROP COLUMN updated_at;",
          'ALTER TABLE public.soundcloud_tracks ADD COLUMN updated_at integer GENERATED ALWAYS AS ("soundcloud_tracks"."id" * 3) STORED;',
        ].join("\n"),
      },
    ]);
  });

  it("is a warning when the code expects a generated column the database stores plainly", () => {
    const e = column("updated_at", "integer", { generated: { kind: "stored", expression: "(id * 2)" } });
    const a = column("updated_at", "integer");
    expect(diffColumn(e, a).map((f) => [f.code, f.severity])).toEqual([["COLUMN_GENERATED_MISMATCH", "warning"]]);
  });

  it("accepts the same expression in drizzle's and PostgreSQL's spelling", () => {
    const e = column("updated_at", "integer", { generated: { kind: "stored", expression: '"soundcloud_tracks"."id" * 2' } });
    const a = column("updated_at", "integer", { generated: { kind: "stored", expression: "(id * 2)" } });
    expect(diffColumn(e, a)).toEqual([]);
  });
});
