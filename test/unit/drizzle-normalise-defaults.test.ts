import { describe, expect, it } from "vitest";
import { normaliseDefault } from "../../src/core/drizzle/normalise-defaults.js";
import { normaliseType } from "../../src/core/drizzle/normalise-types.js";
import { jsonbOut } from "../../src/core/drizzle/normalise-jsonb.js";
import { arrayOut, floatOut, numericOut, parseArrayLiteral, timestamptzOut } from "../../src/core/drizzle/normalise-values.js";

function def(value: unknown, type: string, typeSchema?: string): string | null {
  return normaliseDefault(value, normaliseType(type, typeSchema));
}

describe("normaliseDefault: snapshot default → pg_get_expr()", () => {
  // Every expected value below was printed by PostgreSQL 15 / PGlite (18) for the same DEFAULT.
  const cases: [unknown, string, string | undefined, string | null][] = [
    [undefined, "text", undefined, null],
    // A NULL constant under any casts: PostgreSQL stores no default (or one that gives NULL).
    ["NULL", "jsonb", undefined, null],
    ["null", "text", undefined, null],
    ["NULL::jsonb", "jsonb", undefined, null],
    ["(NULL)::jsonb", "jsonb", undefined, null],
    ["CAST(NULL AS text)", "text", undefined, null],
    ["NULL::jsonb::text", "text", undefined, null],
    ["'abc'", "text", undefined, "'abc'::text"],
    ["'it''s'", "text", undefined, "'it''s'::text"],
    ["'x'", "varchar(5)", undefined, "'x'::character varying"],
    ["'ab'", "char(2)", undefined, "'ab'::bpchar"],
    ["'101'", "bit(3)", undefined, "'101'::\"bit\""],
    [-1, "integer", undefined, "'-1'::integer"],
    [5, "smallint", undefined, "5"],
    [-1, "smallint", undefined, "'-1'::integer"],
    [9999999999, "bigint", undefined, "'9999999999'::bigint"],
    [2147483648, "integer", undefined, "'2147483648'::bigint"],
    ["'9007199254740993'", "bigint", undefined, "'9007199254740993'::bigint"],
    ["'5'", "integer", undefined, "5"],
    ["'5'", "bigint", undefined, "'5'::bigint"],
    ["'1.50'", "numeric(10, 2)", undefined, "1.50"],
    ["'1e3'", "numeric", undefined, "'1000'::numeric"],
    ["'-1.5'", "numeric(5,1)", undefined, "'-1.5'::numeric"],
    [-1.5, "real", undefined, "'-1.5'::numeric"],
    [1.5, "real", undefined, "1.5"],
    ["1.5e10", "double precision", undefined, "'15000000000'::numeric"],
    [5, "numeric", undefined, "5"],
    [true, "boolean", undefined, "true"],
    [false, "boolean", undefined, "false"],
    ["now()", "timestamp (3)", undefined, "now()"],
    ["CURRENT_TIMESTAMP", "timestamp with time zone", undefined, "CURRENT_TIMESTAMP"],
    ["current_timestamp", "timestamp with time zone", undefined, "CURRENT_TIMESTAMP"],
    ["gen_random_uuid()", "uuid", undefined, "gen_random_uuid()"],
    ["'{}'::jsonb", "jsonb", undefined, "'{}'::jsonb"],
    ['\'{"a":1}\'::json', "json", undefined, '\'{"a":1}\'::json'],
    ['\'{"b":[1,2],"a":"x"}\'::jsonb', "jsonb", undefined, '\'{"a": "x", "b": [1, 2]}\'::jsonb'],
    ["'{}'", "text[]", undefined, "'{}'::text[]"],
    ["'{}'::integer[]", "integer[]", undefined, "'{}'::integer[]"],
    ['\'{"a","b"}\'', "text[]", undefined, "'{a,b}'::text[]"],
    ["'{1, 2}'", "integer[]", undefined, "'{1,2}'::integer[]"],
    ['\'{"a b","c",""}\'', "text[]", undefined, '\'{"a b",c,""}\'::text[]'],
    ["'{true,false}'", "boolean[]", undefined, "'{t,f}'::boolean[]"],
    ["'ok'", "mood", "public", "'ok'::public.mood"],
    ["'ok'::mood", "mood", "public", "'ok'::public.mood"],
    ["'a'", "Mood", "Other", "'a'::\"Other\".\"Mood\""],
    ["'{a}'", "Mood[]", "Other", "'{a}'::\"Other\".\"Mood\"[]"],
    ["'2024-01-01T00:00:00.000Z'", "timestamp with time zone", undefined, "'2024-01-01 00:00:00+00'::timestamp with time zone"],
    ["'2024-01-01 00:00:00.000'", "timestamp (3)", undefined, "'2024-01-01 00:00:00'::timestamp without time zone"],
    ["'2024-01-01'", "date", undefined, "'2024-01-01'::date"],
    ["'10:00'", "time", undefined, "'10:00:00'::time without time zone"],
    ["'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'", "uuid", undefined, "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid"],
    ["'1 day'", "interval", undefined, "'1 day'::interval"],
    ["'abc'::varchar", "varchar(10)", undefined, "'abc'::character varying"],
    ["'7'::int", "integer", undefined, "7"],
    ["nextval('users_id_seq'::regclass)", "integer", undefined, "nextval('public.users_id_seq'::regclass)"],
  ];
  for (const [input, type, typeSchema, expected] of cases) {
    it(`${JSON.stringify(input)} on ${type} → ${expected}`, () => {
      expect(def(input, type, typeSchema)).toBe(expected);
    });
  }
});

describe("value output functions", () => {
  it("numericOut applies exponents and keeps the display scale", () => {
    expect(numericOut("1e3")).toBe("1000");
    expect(numericOut("1.0e1")).toBe("10");
    expect(numericOut("1.25e1")).toBe("12.5");
    expect(numericOut("1e-2")).toBe("0.01");
    expect(numericOut("007.50")).toBe("7.50");
    expect(numericOut("-0.0")).toBe("0.0");
    expect(numericOut(".5")).toBe("0.5");
    expect(numericOut("abc")).toBeNull();
  });

  it("jsonbOut sorts keys shorter-first, keeps the last duplicate and re-escapes", () => {
    expect(jsonbOut('{"b":1, "a" : [1,2.50,1e2], "aa": "\\u00e9", "x": null, "t": "q\\"\\n"}')).toBe(
      '{"a": [1, 2.50, 100], "b": 1, "t": "q\\"\\n", "x": null, "aa": "é"}',
    );
    expect(jsonbOut('{"a":1,"a":2}')).toBe('{"a": 2}');
    expect(jsonbOut("[]")).toBe("[]");
    expect(jsonbOut('"\\u0001"')).toBe('"\\u0001"');
    expect(jsonbOut("{bad")).toBeNull();
  });

  it("array literals round-trip through array_out quoting", () => {
    const parsed = parseArrayLiteral('{"a","NULL",NULL,"x\\"y",{1,2}}');
    expect(parsed).toEqual(["a", "NULL", null, 'x"y', ["1", "2"]]);
    expect(arrayOut(parsed!, (text) => text)).toBe('{a,"NULL",NULL,"x\\"y",{1,2}}');
    expect(parseArrayLiteral("not an array")).toBeNull();
  });

  it("floatOut prints like float4out/float8out (vectors checked on PostgreSQL 18)", () => {
    expect(floatOut("1e15", false)).toBe("1e+15");
    expect(floatOut("1e14", false)).toBe("100000000000000");
    expect(floatOut("1000000", true)).toBe("1e+06");
    expect(floatOut("100000", true)).toBe("100000");
    expect(floatOut("0.1", true)).toBe("0.1");
    expect(floatOut("1234567", true)).toBe("1.234567e+06");
    expect(floatOut("0.3333333333", true)).toBe("0.33333334");
    expect(floatOut("-2.5e-7", false)).toBe("-2.5e-07");
    expect(floatOut("0.0001", false)).toBe("0.0001");
  });

  it("timestamptzOut converts offsets to UTC", () => {
    expect(timestamptzOut("2024-01-01T02:30:00+02:00")).toBe("2024-01-01 00:30:00+00");
    expect(timestamptzOut("2024-01-01 00:00:00.120Z")).toBe("2024-01-01 00:00:00.12+00");
  });
});
