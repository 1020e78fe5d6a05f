/**
 * Query probes without a database: validation (one statement per probe), the batch text, result
 * parsing and findings, and locating an error's position. The PostgreSQL side is proven in
 * test/pg/probes.test.ts.
 */
import { describe, expect, it } from "vitest";
import { DriftcheckError } from "../../src/core/errors.js";
import { errorPosition, parseProbeResults, probeFindings, probeStatements, validateProbes, type Probe } from "../../src/core/probes.js";
import { codeRanges, locateInCode, singleStatement } from "../../src/core/probes-text.js";
import { buildReadOnlyBatch } from "../../src/core/sql/read-only-batch.js";

function userErrorOf(fn: () => unknown): DriftcheckError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DriftcheckError) return error;
    throw error;
  }
  throw new Error("expected a DriftcheckError");
}

describe("singleStatement", () => {
  it.each([
    ["SELECT 1", "SELECT 1"],
    ["  SELECT 1;  ", "SELECT 1"],
    ["SELECT 1;;\n-- done\n/* really */ ;", "SELECT 1"],
    ["SELECT ';' AS semi", "SELECT ';' AS semi"],
    ['SELECT 1 AS ";"', 'SELECT 1 AS ";"'],
    ["SELECT $$a;b$$", "SELECT $$a;b$$"],
    ["SELECT $tag$ ; $tag$", "SELECT $tag$ ; $tag$"],
    ["SELECT E'it\\';s'", "SELECT E'it\\';s'"],
    ["SELECT 1 -- ; SELECT 2", "SELECT 1 -- ; SELECT 2"],
    ["SELECT /* ; /* nested ; */ ; */ 1", "SELECT /* ; /* nested ; */ ; */ 1"],
    ["SELECT * FROM t WHERE id = $1", "SELECT * FROM t WHERE id = $1"],
  ])("keeps %j as %j", (sql, statement) => {
    expect(singleStatement(sql, "p")).toBe(statement);
  });

  it.each(["SELECT 1; SELECT pg_sleep(60)", "SELECT 1; COMMIT", "SELECT $$x$$; DROP TABLE t", "SELECT 1;\n/* c */ x"])(
    "refuses a second statement in %j",
    (sql) => {
      const error = userErrorOf(() => singleStatement(sql, "two"));
      expect(error.kind).toBe("user");
      expect(error.message).toBe('Probe "two" holds more than one SQL statement.');
    },
  );
});

describe("codeRanges and locateInCode", () => {
  it("leaves strings, quoted identifiers, dollar bodies and comments out", () => {
    const sql = `SELECT 'a', "b", $$c$$ -- d\n/* e */ f`;
    expect(codeRanges(sql).map(([start, end]) => sql.slice(start, end)).join("|")).toBe("SELECT |, |, | |\n| f");
  });

  it("finds whole words only, case-insensitively, and only in code", () => {
    const sql = "SELECT 'x', x_y, X FROM t";
    expect(locateInCode(sql, "x")).toBe(18);
    expect(locateInCode(sql, "t")).toBe(25);
    expect(locateInCode(sql, "nothing")).toBeNull();
    expect(locateInCode("SELECT a.b FROM a", "a.b")).toBe(8);
  });

  it("can count quoted identifiers as code", () => {
    const sql = 'SELECT "a;b"';
    expect(codeRanges(sql, { identifiers: true })).toEqual([[0, sql.length]]);
  });

  it("reads $1 as a parameter, not as the start of a dollar-quoted body", () => {
    const sql = "SELECT $1, x";
    expect(locateInCode(sql, "x")).toBe(12);
  });
});

describe("errorPosition", () => {
  it.each([
    ["SELECT id, updated_at FROM tracks", 'column "updated_at" does not exist', 12],
    ["SELECT t.nope FROM tracks t", "column t.nope does not exist", 8],
    ["SELECT 1 FROM public.nothing", 'relation "public.nothing" does not exist', 15],
    ['SELECT 1 FROM public."Nothing"', 'relation "public.Nothing" does not exist', 15],
    ['SELECT 1 FROM "Nothing"', 'relation "Nothing" does not exist', 15],
    ["SELECT f(1)", "function f(integer) does not exist", 8],
    ["SELECT id FROM t WHERE", "syntax error at end of input", 23],
    ["SELECT 1 + 'a'::int", "operator does not exist: integer + unknown", null],
  ])("%s: %s → %s", (sql, message, position) => {
    expect(errorPosition(sql, message)).toBe(position);
  });
});

describe("validateProbes", () => {
  it("trims names and statements and keeps paramTypes", () => {
    expect(
      validateProbes([
        { name: " a ", sql: "SELECT 1;" },
        { name: "b", sql: "SELECT $1", paramTypes: [" integer "] },
        { name: "c", sql: "SELECT 2", paramTypes: [] },
      ]),
    ).toEqual([
      { name: "a", sql: "SELECT 1" },
      { name: "b", sql: "SELECT $1", paramTypes: ["integer"] },
      { name: "c", sql: "SELECT 2" },
    ]);
  });

  it.each([
    [[{ name: "", sql: "SELECT 1" }], "Probe #1 has no name."],
    [[{ name: "a", sql: "SELECT 1" }, { name: "a", sql: "SELECT 2" }], 'Two probes are named "a".'],
    [[{ name: "a", sql: "  " }], 'Probe "a" has no SQL.'],
    [[{ name: "a", sql: ";" }], 'Probe "a" has no SQL.'],
    [[{ name: "a", sql: "SELECT $1", paramTypes: [""] }], 'Probe "a": paramTypes must be a list of type names.'],
  ] as Array<[Probe[], string]>)("refuses %j", (probes, message) => {
    const error = userErrorOf(() => validateProbes(probes));
    expect(error.kind).toBe("user");
    expect(error.message).toBe(message);
  });
});

describe("probeStatements", () => {
  const probes = validateProbes([
    { name: "params", sql: "SELECT * FROM t WHERE id = $1 AND note = 'it''s \\ ok'", paramTypes: ["integer"] },
    { name: "dollar", sql: "SELECT $$ $driftcheck_probes_x$ $$" },
  ]);

  it("is a DO block and the read of its results, with unique prepared names", () => {
    const [block, read] = probeStatements(probes, "abc123");
    expect(block?.sql.startsWith("DO $driftcheck_probes_abc123$\n")).toBe(true);
    expect(block?.sql.endsWith("\n$driftcheck_probes_abc123$")).toBe(true);
    expect(block?.sql).toContain('"prepared":"driftcheck_probe_abc123_1"');
    expect(block?.sql).toContain('"prepared":"driftcheck_probe_abc123_2"');
    expect(block?.sql).toContain("DEALLOCATE");
    expect(read?.sql).toBe("SELECT pg_catalog.current_setting('driftcheck.probe_results', true) AS probe_results");
  });

  it("picks a fresh random suffix per check", () => {
    const first = probeStatements(probes)[0]?.sql;
    const second = probeStatements(probes)[0]?.sql;
    expect(first).not.toBe(second);
  });

  it("passes through the simple-protocol batch untouched: $1 inside the probe is not a batch parameter", () => {
    const statements = probeStatements(probes, "abc123");
    const batch = buildReadOnlyBatch(statements, 1_000);
    expect(batch).toContain(statements[0]!.sql);
  });

  it("refuses a suffix that is not a plain word", () => {
    expect(() => probeStatements(probes, "x; DROP")).toThrow(DriftcheckError);
  });
});

describe("parseProbeResults and probeFindings", () => {
  const probes = validateProbes([
    { name: "good", sql: "SELECT 1" },
    { name: "bad", sql: "SELECT nope FROM t" },
  ]);
  const rows = (text: string | null) => [[], [[text]]];

  it("turns a failure into QUERY_PROBE_FAILED with SQLSTATE, message, detail, hint and position", () => {
    const results = parseProbeResults(
      rows(JSON.stringify([{ ok: true }, { ok: false, code: "42703", message: 'column "nope" does not exist', detail: null, hint: "Perhaps" }])),
      probes,
    );
    expect(probeFindings(results)).toEqual([
      {
        code: "QUERY_PROBE_FAILED",
        severity: "error",
        kind: "probe",
        object: "bad",
        expected: "SELECT nope FROM t",
        actual: { code: "42703", message: 'column "nope" does not exist', detail: null, hint: "Perhaps", position: 8 },
        message: 'Probe "bad" no longer compiles against this database: column "nope" does not exist (SQLSTATE 42703).',
        fixSql: null,
        pendingMigration: null,
      },
    ]);
  });

  it.each([null, "", "not json", "[]", JSON.stringify([{ ok: true }])])("calls a missing or short result list (%j) a bug", (text) => {
    const error = userErrorOf(() => parseProbeResults(rows(text), probes));
    expect(error.kind).toBe("internal");
  });
});
