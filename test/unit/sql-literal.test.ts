import { describe, expect, it } from "vitest";
import { DriftcheckError } from "../../src/core/errors.js";
import { quoteIdent, quoteLiteral, quoteQualified } from "../../src/core/sql/literal.js";
import { inlineParams } from "../../src/core/sql/inline-params.js";
import { buildReadOnlyBatch, callerResults } from "../../src/core/sql/read-only-batch.js";

describe("quoteLiteral", () => {
  it("writes NULL for null", () => {
    expect(quoteLiteral(null)).toBe("NULL");
  });
  it("wraps plain text in single quotes", () => {
    expect(quoteLiteral("abc")).toBe("'abc'");
    expect(quoteLiteral("")).toBe("''");
  });
  it("doubles single quotes", () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral("'; DROP TABLE x; --")).toBe("'''; DROP TABLE x; --'");
  });
  it("uses E'' with doubled backslashes when a backslash is present", () => {
    expect(quoteLiteral("a\\b")).toBe("E'a\\\\b'");
    expect(quoteLiteral("\\'")).toBe("E'\\\\'''");
  });
  it("keeps other characters as they are", () => {
    expect(quoteLiteral("línea\nnueva $1 \"q\" 🙂")).toBe("'línea\nnueva $1 \"q\" 🙂'");
  });
  it("rejects NUL bytes with a user error", () => {
    expect(() => quoteLiteral("a\u0000b")).toThrow(DriftcheckError);
    expect(() => quoteLiteral("a\u0000b")).toThrow(/NUL/);
  });
});

describe("quoteIdent", () => {
  it("leaves simple lowercase names bare", () => {
    expect(quoteIdent("users")).toBe("users");
    expect(quoteIdent("_x1")).toBe("_x1");
    expect(quoteIdent("soundcloud_tracks")).toBe("soundcloud_tracks");
  });
  it("quotes mixed case, leading digits, dollar signs and other characters", () => {
    expect(quoteIdent("Users")).toBe('"Users"');
    expect(quoteIdent("1abc")).toBe('"1abc"');
    expect(quoteIdent("a$b")).toBe('"a$b"');
    expect(quoteIdent("with space")).toBe('"with space"');
    expect(quoteIdent("")).toBe('""');
  });
  it("doubles embedded double quotes", () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });
  it("quotes reserved, column-name and type/function-name keywords but not unreserved ones", () => {
    for (const word of ["select", "user", "order", "table", "between", "integer", "varchar", "left", "json_table"]) {
      expect(quoteIdent(word)).toBe(`"${word}"`);
    }
    for (const word of ["name", "id", "data", "value", "comment", "key", "text", "date"]) {
      expect(quoteIdent(word)).toBe(word);
    }
  });
  it("qualifies", () => {
    expect(quoteQualified("Other", "order")).toBe('"Other"."order"');
  });
});

describe("inlineParams", () => {
  it("replaces placeholders with literals", () => {
    expect(inlineParams("SELECT $1::jsonb, $2, $10", ["[1]", null, ...Array(7).fill("x"), "ten"])).toBe("SELECT '[1]'::jsonb, NULL, 'ten'");
  });
  it("leaves placeholders inside strings, identifiers, comments and dollar quotes alone", () => {
    const sql = "SELECT '$1', \"$1\", E'\\'$1', $q$ $1 $q$, $$ $1 $$ -- $1\n/* $1 /* $1 */ $1 */ $1";
    expect(inlineParams(sql, ["v"])).toBe("SELECT '$1', \"$1\", E'\\'$1', $q$ $1 $q$, $$ $1 $$ -- $1\n/* $1 /* $1 */ $1 */ 'v'");
  });
  it("handles doubled quotes inside strings", () => {
    expect(inlineParams("SELECT 'it''s $1', $1", ["x"])).toBe("SELECT 'it''s $1', 'x'");
  });
  it("fails on a placeholder without a parameter", () => {
    expect(() => inlineParams("SELECT $2", ["a"])).toThrow(/\$2/);
  });
});

describe("read-only batch", () => {
  it("wraps statements in one read-only repeatable-read transaction with timeouts", () => {
    const batch = buildReadOnlyBatch([{ sql: "SELECT $1 -- trailing comment", params: ["a"] }, { sql: "SELECT 2;" }], 1500);
    expect(batch).toBe(
      [
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        "SELECT pg_catalog.set_config('statement_timeout', '1500', true), pg_catalog.set_config('lock_timeout', '1500', true)",
        "SELECT 'a' -- trailing comment",
        "SELECT 2;",
        "COMMIT",
      ].join("\n;\n"),
    );
  });
  it("keeps only the caller's results and checks their count", () => {
    const all = [[], [["0", "0"]], [["a"]], [["b"]], []];
    expect(callerResults(all, 2)).toEqual([[["a"]], [["b"]]]);
    expect(() => callerResults(all, 3)).toThrow(/exactly one SQL command/);
  });
});
