/**
 * The findings table every GitHub report shares (src/core/report/findings-table.ts): the check's
 * report, the PR check's production section and an accepted run's summary render their findings
 * through it, so icons, escaping, fences and the character budget are the same everywhere.
 */
import { describe, expect, it } from "vitest";
import { renderFindingsTable, type FindingsTableOptions } from "../../src/core/report/findings-table.js";
import { renderMarkdown, renderStoredFindings } from "../../src/core/report/markdown.js";
import { renderProductionContext } from "../../src/worker/reporting/production-context.js";
import { extraIndex, missingColumn, result, widened } from "./report-fixtures.js";

const compact: FindingsTableOptions = {
  used: 0,
  limit: 10_000,
  maxRows: 10,
  changeColumn: false,
  notShownLine: (count) => `_${count} left out._`,
  fixTitle: "Fixes",
};

describe("renderFindingsTable", () => {
  it("renders rows without the change column, the fix SQL folded, and a caller's pending-migration note", () => {
    const lines = renderFindingsTable([missingColumn, extraIndex], { ...compact, pendingNote: (finding) => (finding.pendingMigration ? " (pending)" : "") });
    expect(lines).toEqual([
      "| Severity | Code | Object | Problem |\n|---|---|---|---|",
      "| 🔴 error | `COLUMN_MISSING` | `soundcloud_tracks.updated_at` | Column updated_at does not exist in the database; queries that read or write it fail. (pending) |",
      "| 🔵 info | `INDEX_EXTRA` | `users.users_idx` | The database has an index users_idx the code does not declare. |",
      "",
      "<details><summary>Fixes (1)</summary>",
      "",
      `**\`COLUMN_MISSING\` \`soundcloud_tracks.updated_at\`**\n\n\`\`\`sql\n${missingColumn.fixSql}\n\`\`\`\n`,
      "</details>",
    ]);
  });

  it("counts the rows over maxRows and the fixes over the limit instead of showing them", () => {
    const many = Array.from({ length: 5 }, (_, index) => ({ ...widened, object: `billing.t${index}.note` }));
    // `used` holds the caller's reserve for the closing lines.
    const lines = renderFindingsTable(many, { ...compact, used: 150, maxRows: 3, limit: 1_050 });
    expect(lines.filter((line) => line.startsWith("| 🟡 warning"))).toHaveLength(3);
    expect(lines).toContain("_2 left out._");
    const fixes = lines.filter((line) => line.includes("```sql")).length;
    expect(fixes).toBeGreaterThan(0);
    expect(fixes).toBeLessThan(3);
    expect(lines).toContain(`_${3 - fixes} more fixes not shown._`);
    expect(lines.join("\n").length).toBeLessThanOrEqual(1_050);
  });

  it("is what the check's report and the production section both show for the same finding", () => {
    const report = renderMarkdown(result([widened]));
    const production = renderProductionContext({ kind: "compared", branchName: "main", result: result([widened]) });
    const row = "| 🟡 warning | `COLUMN_TYPE_MISMATCH` | `billing.invoices.note` | The database column is text, a safe widening of the code's character varying(100).";
    expect(report).toContain(row);
    expect(production).toContain(`${row} |\n`);
    const fix = `**\`COLUMN_TYPE_MISMATCH\` \`billing.invoices.note\`**\n\n\`\`\`sql\n${widened.fixSql}\n\`\`\`\n`;
    expect(report).toContain(fix);
    expect(production).toContain(fix);
  });
});

describe("renderStoredFindings", () => {
  it("renders stored findings with renderMarkdown's heading, counts and table", () => {
    const stored = renderStoredFindings([missingColumn, widened, extraIndex]);
    const report = renderMarkdown(result([missingColumn, widened, extraIndex]));
    expect(stored.startsWith("### ❌ driftcheck: fail\n\n**1 error · 1 warning · 1 info**\n\n| Severity |")).toBe(true);
    // From the table on, the same text as the check's own report.
    expect(stored.slice(stored.indexOf("| Severity |"))).toBe(report.slice(report.indexOf("| Severity |")));
  });

  it("stays within the room it is given, counting what it leaves out", () => {
    const many = Array.from({ length: 500 }, (_, index) => ({ ...missingColumn, object: `public.t${index}.updated_at` }));
    const stored = renderStoredFindings(many, 20_000);
    expect(stored.length).toBeLessThanOrEqual(20_000);
    expect(stored).toMatch(/_\d+ more findings not shown; see the details page\._/);
  });
});
