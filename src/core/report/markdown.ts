/**
 * The GitHub report (PR comment, check-run summary): a compact table, long lists folded, fix SQL
 * in fenced blocks inside <details>, and always under 60,000 characters (GitHub's limit is about
 * 65,536) with a line saying how many findings were left out.
 */
import type { CheckResult } from "../check.js";
import type { Finding, Severity } from "../findings.js";
import { renderFindingsTable } from "./findings-table.js";
import { code, inertText } from "./markdown-inline.js";

export { cell, code, fenceFor, inertText } from "./markdown-inline.js";

export const MARKDOWN_LIMIT = 60_000;
/** Rows shown before the rest is folded into <details>. */
const VISIBLE_ROWS = 20;
/** A longer table helps nobody in a PR comment; the JSON report has everything. */
const MAX_ROWS = 250;

export function renderMarkdown(result: CheckResult): string {
  const head: string[] = [];
  const s = result.summary;
  if (result.verdict === "error") {
    head.push("### ⚠️ driftcheck: could not check", "", inertText(result.error?.message ?? "unknown error"));
    if (result.error?.hint) head.push("", `**Hint:** ${inertText(result.error.hint)}`);
    return `${head.join("\n")}\n`;
  }
  head.push(`### ${result.verdict === "pass" ? "✅ driftcheck: pass" : "❌ driftcheck: fail"}`, "");
  head.push(`${countsLine(s)} (fails on ${s.failOn})`);
  const context = contextParts(result);
  if (context) head.push("", context);
  head.push(...baselineLines(result));
  if (result.findings.length === 0) return `${head.join("\n")}\n\nThe database has everything the code expects.\n`;

  const notShown = (count: number) => `_${count} more finding${count === 1 ? "" : "s"} not shown; run \`driftcheck check --format json\` for all of them._`;
  return `${[...head, "", ...findingsTable(result.findings, head, MARKDOWN_LIMIT, notShown)].join("\n")}\n`;
}

/**
 * A failed check's report from its stored findings alone (D1 keeps the findings, not the whole
 * result): the heading, counts and findings table of renderMarkdown, within `limit` characters —
 * for a summary written again later (a run whose drift was accepted).
 */
export function renderStoredFindings(findings: readonly Finding[], limit = MARKDOWN_LIMIT): string {
  const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length;
  const head = ["### ❌ driftcheck: fail", "", countsLine({ error: count("error"), warning: count("warning"), info: count("info") })];
  const notShown = (n: number) => `_${n} more finding${n === 1 ? "" : "s"} not shown; see the details page._`;
  return `${[...head, "", ...findingsTable(findings, head, limit, notShown)].join("\n")}\n`;
}

function countsLine(s: Record<Severity, number>): string {
  return `**${s.error} error${s.error === 1 ? "" : "s"} · ${s.warning} warning${s.warning === 1 ? "" : "s"} · ${s.info} info**`;
}

function findingsTable(findings: readonly Finding[], head: string[], limit: number, notShownLine: (count: number) => string): string[] {
  return renderFindingsTable(findings, {
    // The reserve keeps room for the closing lines.
    used: head.join("\n").length + 400,
    limit,
    // The table may take two thirds of the budget so the first fixes always have room.
    rowShare: 2 / 3,
    maxRows: MAX_ROWS,
    visibleRows: VISIBLE_ROWS,
    changeColumn: true,
    notShownLine,
    fixTitle: "Fix SQL",
  });
}

/** Known findings (in the baseline file) and baseline entries fixed since. */
function baselineLines(result: CheckResult): string[] {
  const baseline = result.baseline;
  if (!baseline || (baseline.known === 0 && baseline.fixed.length === 0)) return [];
  const lines = ["", `${baseline.known} known finding${baseline.known === 1 ? "" : "s"} from ${code(baseline.file)} (shown, not failing).`];
  if (baseline.fixed.length > 0) {
    const shown = baseline.fixed.slice(0, 10).map((entry) => `${code(entry.code)} ${code(entry.object)}`).join(", ");
    lines.push(`Fixed since the baseline: ${shown}${baseline.fixed.length > 10 ? ` and ${baseline.fixed.length - 10} more` : ""} — run ${code("driftcheck baseline")} to drop them.`);
  }
  return lines;
}

function contextParts(result: CheckResult): string {
  const parts: string[] = [];
  if (result.database) parts.push(`database ${code(result.database.database)}`);
  if (result.expected) parts.push(`expected from ${code(result.expected.expectedFrom ?? result.expected.source)}${result.expected.note ? ` (${result.expected.note})` : ""}`);
  if (result.migrations && result.migrations.pending.length > 0) {
    const pending = result.migrations.pending;
    const shown = pending.slice(0, 5).map(code).join(", ");
    parts.push(`pending migrations: ${shown}${pending.length > 5 ? ` and ${pending.length - 5} more` : ""}`);
  }
  return parts.join(" · ");
}
