import { describe, expect, it } from "vitest";
import { renderJson } from "../../src/core/report/json.js";
import { errorResult, extraIndex, missingColumn, result } from "./report-fixtures.js";

describe("renderJson", () => {
  it("is the CheckResult as is, pretty-printed with a fixed key order", () => {
    const input = result([missingColumn, extraIndex]);
    const text = renderJson(input);
    expect(JSON.parse(text)).toEqual(input);
    expect(Object.keys(JSON.parse(text))).toEqual(["formatVersion", "verdict", "summary", "findings", "migrations", "database", "expected", "timings"]);
    expect(Object.keys(JSON.parse(text).findings[0])).toEqual(["code", "severity", "kind", "object", "expected", "actual", "message", "fixSql", "pendingMigration"]);
    expect(text.startsWith('{\n  "formatVersion": 1,\n  "verdict": "fail",')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("is stable whatever order the result's keys were built in", () => {
    const input = result([missingColumn]);
    const shuffled = Object.fromEntries(Object.entries(input).reverse()) as typeof input;
    expect(renderJson(shuffled)).toBe(renderJson(input));
  });

  it("includes the error when the check could not run", () => {
    const parsed = JSON.parse(renderJson(errorResult));
    expect([parsed.verdict, parsed.error, Object.keys(parsed)]).toEqual([
      "error",
      { kind: "connection", message: "connect ECONNREFUSED 127.0.0.1:5432", hint: "Is the database running and the URL right?" },
      ["formatVersion", "verdict", "summary", "findings", "migrations", "database", "expected", "error", "timings"],
    ]);
  });
});
