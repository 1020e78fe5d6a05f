import { describe, expect, it } from "vitest";
import { chooseRelationName, quoteIdentifier, serialSequenceName, truncateIdentifier } from "../../src/core/drizzle/normalise-names.js";
import { checkDefinition, indexKeyExpression, normaliseExpression, parenthesiseOperator } from "../../src/core/drizzle/normalise-expressions.js";
import { normaliseIdentity, normaliseSequence } from "../../src/core/drizzle/normalise-identity.js";

describe("identifier rules", () => {
  it("truncates to 63 bytes without splitting a UTF-8 character", () => {
    expect(truncateIdentifier("a".repeat(70))).toBe("a".repeat(63));
    // 62 ASCII bytes + a 2-byte character would be 64 bytes: the character is dropped whole.
    expect(truncateIdentifier(`${"a".repeat(62)}é`)).toBe("a".repeat(62));
    expect(truncateIdentifier(`${"a".repeat(61)}é`)).toBe(`${"a".repeat(61)}é`);
    expect(truncateIdentifier("short")).toBe("short");
  });

  it("quotes like quote_identifier", () => {
    expect(quoteIdentifier("users")).toBe("users");
    expect(quoteIdentifier("Users")).toBe('"Users"');
    expect(quoteIdentifier("user")).toBe('"user"');
    expect(quoteIdentifier("name")).toBe("name"); // unreserved keyword
    expect(quoteIdentifier("1abc")).toBe('"1abc"');
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
  });

  it("names serial sequences as ChooseRelationName does", () => {
    expect(serialSequenceName("users", "id")).toBe("users_id_seq");
    // PostgreSQL 15 printed this for table "Posts" and a 74-character column name.
    expect(serialSequenceName("Posts", "a_very_long_column_name_that_is_quite_long_indeed_yes_very_long_indeed_okay")).toBe(
      "Posts_a_very_long_column_name_that_is_quite_long_indeed_yes_seq",
    );
    const long = serialSequenceName("t".repeat(40), "c".repeat(40));
    expect(long).toBe(`${"t".repeat(29)}_${"c".repeat(29)}_seq`);
    expect(new TextEncoder().encode(long).length).toBe(63);
    expect(chooseRelationName("x".repeat(70), "", "pkey")).toBe(`${"x".repeat(58)}_pkey`);
  });
});

describe("expressions", () => {
  const users = { schema: "public", name: "users" };
  it("strips the table qualifier and needless quotes", () => {
    expect(normaliseExpression('"users"."flag" = true', users)).toBe("flag = true");
    expect(normaliseExpression('"public"."users"."flag" = true', users)).toBe("flag = true");
    expect(normaliseExpression('lower("email")', users)).toBe("lower(email)");
    expect(normaliseExpression('"users"."Name" <> \'"users"."x"\'', users)).toBe('"Name" <> \'"users"."x"\'');
    expect(normaliseExpression('"orders"."id" > 0', users)).toBe("orders.id > 0");
  });

  it("wraps checks as pg_get_constraintdef does", () => {
    expect(checkDefinition('"users"."i" > 0', users)).toBe("CHECK ((i > 0))");
    expect(checkDefinition('("users"."i" > 0)', users)).toBe("CHECK ((i > 0))");
    expect(checkDefinition('is_valid("users"."i")', users)).toBe("CHECK (is_valid(i))");
    expect(checkDefinition('char_length("users"."name") > 0', users)).toBe("CHECK ((char_length(name) > 0))");
  });

  it("parenthesises like the deparser: operator expressions in defaults, non-call index keys", () => {
    expect(parenthesiseOperator("now() + interval '1 day'")).toBe("(now() + interval '1 day')");
    expect(parenthesiseOperator("upper(t)")).toBe("upper(t)");
    expect(parenthesiseOperator("'x'::text")).toBe("'x'::text");
    expect(indexKeyExpression("lower(email)")).toBe("lower(email)");
    expect(indexKeyExpression("a + b")).toBe("(a + b)");
    expect(indexKeyExpression("(a || b)")).toBe("(a || b)");
    expect(indexKeyExpression("lower(a) || b")).toBe("(lower(a) || b)");
  });
});

describe("identity and sequences", () => {
  it("fills PostgreSQL's defaults per type", () => {
    expect(normaliseIdentity({ type: "always", startWith: "5" }, "integer")).toEqual({
      generation: "always",
      start: "5",
      increment: "1",
      min: "1",
      max: "2147483647",
      cache: "1",
      cycle: false,
    });
    expect(normaliseIdentity({ type: "byDefault", increment: "-1" }, "smallint")).toEqual({
      generation: "by default",
      start: "-1",
      increment: "-1",
      min: "-32768",
      max: "-1",
      cache: "1",
      cycle: false,
    });
    expect(normaliseSequence({ name: "s", schema: "public", increment: "2", startWith: "10" }, "public", "s")).toEqual({
      schema: "public",
      name: "s",
      dataType: "bigint",
      start: "10",
      increment: "2",
      min: "1",
      max: "9223372036854775807",
      cache: "1",
      cycle: false,
    });
  });
});
