/** What a PR check keeps of its comparison with production for the dashboard (check-job/production-context.ts). */
import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../src/core/check.js";
import type { Finding } from "../../src/core/findings.js";
import { STORED_CONTEXT_CHARS, STORED_PRODUCTION_FINDINGS, toStoredProductionContext } from "../../src/worker/check-job/production-context.js";

function tableMissing(index: number, severity: Finding["severity"] = "error"): Finding {
  const columns = Object.fromEntries(Array.from({ length: 40 }, (_, column) => [`column_${column}`, { name: `column_${column}`, type: "text", notNull: false, default: null }]));
  return {
    code: "TABLE_MISSING",
    severity,
    kind: "table",
    object: `public.table_${index}`,
    expected: { schema: "public", name: `table_${index}`, columns },
    actual: null,
    message: `Table table_${index} does not exist in the database.`,
    fixSql: `CREATE TABLE public.table_${index} (${Object.keys(columns).map((name) => `${name} text`).join(", ")});`,
    pendingMigration: null,
  };
}

const compared = (findings: Finding[]) => ({ kind: "compared" as const, branchName: "main", result: { findings, database: { database: "neondb" } } as unknown as CheckResult });

describe("toStoredProductionContext", () => {
  it("keeps warning-or-above findings without expected/actual, counting info ones", () => {
    const stored = toStoredProductionContext(compared([tableMissing(1), tableMissing(2, "info")]));
    expect(stored).toEqual({ kind: "compared", branchName: "main", database: "neondb", findings: [{ ...tableMissing(1), expected: null, actual: null }], omitted: 0, infoCount: 1 });
  });

  it("stays under its size cap for a production database lacking every table, counting what it leaves out", () => {
    const findings = Array.from({ length: 1_000 }, (_, index) => tableMissing(index));
    const stored = toStoredProductionContext(compared(findings));
    if (stored.kind !== "compared") throw new Error("expected a comparison");
    expect(JSON.stringify(stored).length).toBeLessThan(STORED_CONTEXT_CHARS + 1_000);
    expect(stored.findings.length).toBeLessThanOrEqual(STORED_PRODUCTION_FINDINGS);
    expect(stored.findings.length).toBeGreaterThan(0);
    expect(stored.findings.length + stored.omitted).toBe(1_000);
  });

  it("keeps why production could not be compared", () => {
    expect(toStoredProductionContext({ kind: "failed", message: "the Neon branch \"main\" does not exist." })).toEqual({ kind: "failed", message: "the Neon branch \"main\" does not exist." });
  });
});
