/** The PR check's "What production will lack when this merges" section (src/worker/reporting/production-context.ts). */
import { describe, expect, it } from "vitest";
import { MARKDOWN_LIMIT, renderMarkdown } from "../../src/core/report/markdown.js";
import { PRODUCTION_CONTEXT_HEADING, renderProductionContext, withProductionContext } from "../../src/worker/reporting/production-context.js";
import { extraIndex, missingColumn, result, widened } from "./report-fixtures.js";

describe("production context section", () => {
  it("lists errors and warnings with their fix SQL folded, and counts the info it leaves out", () => {
    const text = renderProductionContext({ kind: "compared", branchName: "main", result: result([missingColumn, widened, extraIndex]) });
    expect(text).toContain(`#### ${PRODUCTION_CONTEXT_HEADING}`);
    expect(text).toContain("**1 error · 1 warning** (1 info finding not shown).");
    expect(text).toContain("| 🔴 error | `COLUMN_MISSING` | `soundcloud_tracks.updated_at` |");
    expect(text).toContain("Pending migration `0003_add_updated_at` would fix it.");
    expect(text).toContain("| 🟡 warning | `COLUMN_TYPE_MISMATCH` | `billing.invoices.note` |");
    expect(text).not.toContain("INDEX_EXTRA");
    expect(text).toContain("<details><summary>Fix SQL for production (2)</summary>");
    expect(text).toContain(missingColumn.fixSql!);
  });

  it("says production has everything when only info remains", () => {
    const text = renderProductionContext({ kind: "compared", branchName: "main", result: result([extraIndex]) });
    expect(text).toContain("it has everything the code expects (1 info finding not shown).");
    expect(text).not.toContain("| Severity |");
  });

  it("shows why production could not be compared, as text", () => {
    const text = renderProductionContext({ kind: "failed", message: "The Neon branch <main> does not exist." });
    expect(text).toBe(`#### ${PRODUCTION_CONTEXT_HEADING}\n\ncould not compare with production: The Neon branch &lt;main&gt; does not exist.\n`);
  });

  it("stays within GitHub's limit after a full-size report, counting the findings it could not show", () => {
    const many = Array.from({ length: 2000 }, (_, index) => ({ ...missingColumn, object: `public.t${index}.c`, message: "x".repeat(200) }));
    const report = renderMarkdown(result(many));
    expect(report.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    const combined = withProductionContext(report, { kind: "compared", branchName: "main", result: result(many) });
    expect(combined.length).toBeLessThan(65_535);
    expect(combined).toMatch(/_\d+ more findings for production not shown; see the details page\._/);
    expect(withProductionContext(report, null)).toBe(report);
  });
});
