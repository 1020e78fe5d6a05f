import { describe, expect, it } from "vitest";
import { normaliseType } from "../../src/core/drizzle/normalise-types.js";

describe("normaliseType: drizzle-kit spelling → format_type()", () => {
  const cases: [string, string | undefined, string][] = [
    ["varchar(255)", undefined, "character varying(255)"],
    ["varchar", undefined, "character varying"],
    ["character varying(10)", undefined, "character varying(10)"],
    ["char", undefined, "character(1)"],
    ["char(5)", undefined, "character(5)"],
    ["numeric(10, 2)", undefined, "numeric(10,2)"],
    ["numeric(7)", undefined, "numeric(7,0)"],
    ["numeric", undefined, "numeric"],
    ["decimal(5,1)", undefined, "numeric(5,1)"],
    ["timestamp (3)", undefined, "timestamp(3) without time zone"],
    ["timestamp(3)", undefined, "timestamp(3) without time zone"],
    ["timestamp", undefined, "timestamp without time zone"],
    ["timestamp with time zone", undefined, "timestamp with time zone"],
    ["timestamp(6) with time zone", undefined, "timestamp(6) with time zone"],
    ["timestamp (2) with time zone", undefined, "timestamp(2) with time zone"],
    ["timestamptz", undefined, "timestamp with time zone"],
    ["time (2) with time zone", undefined, "time(2) with time zone"],
    ["time", undefined, "time without time zone"],
    ["time(3)", undefined, "time(3) without time zone"],
    ["serial", undefined, "integer"],
    ["bigserial", undefined, "bigint"],
    ["smallserial", undefined, "smallint"],
    ["int", undefined, "integer"],
    ["int4", undefined, "integer"],
    ["int8", undefined, "bigint"],
    ["integer", undefined, "integer"],
    ["double precision", undefined, "double precision"],
    ["real", undefined, "real"],
    ["boolean", undefined, "boolean"],
    ["interval", undefined, "interval"],
    ["interval day", undefined, "interval day"],
    ["interval hour to second(3)", undefined, "interval hour to second(3)"],
    ["bit(3)", undefined, "bit(3)"],
    ["bit", undefined, "bit(1)"],
    ["varbit(5)", undefined, "bit varying(5)"],
    ["vector(3)", undefined, "public.vector(3)"],
    ["halfvec(4)", undefined, "public.halfvec(4)"],
    ["geometry(point)", undefined, "public.geometry(Point)"],
    ["geometry(point,4326)", undefined, "public.geometry(Point,4326)"],
    ["geometry(polygon, 3857)", undefined, "public.geometry(Polygon,3857)"],
    ["geometry", undefined, "public.geometry"],
    ["text[]", undefined, "text[]"],
    ["integer[][]", undefined, "integer[]"],
    ["varchar(20)[]", undefined, "character varying(20)[]"],
    ["mood", "public", "public.mood"],
    ["Mood", "Other", '"Other"."Mood"'],
    ["Mood[]", "Other", '"Other"."Mood"[]'],
    ["user", "public", 'public."user"'],
    ["json", undefined, "json"],
    ["jsonb", undefined, "jsonb"],
    ["uuid", undefined, "uuid"],
    ["inet", undefined, "inet"],
    ["cidr", undefined, "cidr"],
    ["macaddr", undefined, "macaddr"],
    ["macaddr8", undefined, "macaddr8"],
    ["point", undefined, "point"],
    ["line", undefined, "line"],
    ["bytea", undefined, "bytea"],
    ["date", undefined, "date"],
    ["smallint", undefined, "smallint"],
    ["bigint", undefined, "bigint"],
    ["text", undefined, "text"],
    ['"smallserial"', undefined, "smallint"],
  ];
  for (const [input, typeSchema, expected] of cases) {
    it(`${input}${typeSchema ? ` (${typeSchema})` : ""} → ${expected}`, () => {
      expect(normaliseType(input, typeSchema).type).toBe(expected);
    });
  }

  it("does not take Object.prototype's members for built-in types (a custom type named constructor)", () => {
    for (const name of ["constructor", "toString", "__proto__"]) expect(typeof normaliseType(name).type).toBe("string");
    expect(normaliseType("constructor").type).toBe("constructor");
    expect(normaliseType("toString").type).toBe('"toString"');
  });

  it("gives the cast spelling literals use (type without typmod)", () => {
    expect(normaliseType("varchar(255)").castType).toBe("character varying");
    expect(normaliseType("char(2)").castType).toBe("bpchar");
    expect(normaliseType("bit(3)").castType).toBe('"bit"');
    expect(normaliseType("timestamp (3)").castType).toBe("timestamp without time zone");
    expect(normaliseType("integer[][]").castType).toBe("integer[]");
    expect(normaliseType("Mood[]", "Other").castType).toBe('"Other"."Mood"[]');
  });

  it("flags serial types", () => {
    expect(normaliseType("bigserial").serial).toBe(true);
    expect(normaliseType("bigint").serial).toBe(false);
  });
});
