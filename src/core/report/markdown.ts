/**
 * The GitHub report (PR comment, check-run summary): a compact table, long lists folded, fix SQL
 * in fenced blocks inside <details>, and always under 60,000 characters (GitHub's limit is about
 * 65,536) with a line saying how many findings were left out.
 */
import type { CheckResult } from "../check.js";
import type { Finding, Severity } from "../findings.js";
import { describeValue, displayObject } from "./describe.js";

export const MARKDOWN_LIMIT = 60_000;
/** Rows shown before the rest is folded into <details>. */
const VISIBLE_ROWS = 20;
const CELL_MAX = 120;
/** A longer table helps nobody in a PR comment; the JSON report has everything. */
const MAX_ROWS = 250;
const ICON: Record<Severity, string> = { error: "🔴 error", warning: "🟡 warning", info: "🔵 info" };
const TABLE_HEAD = "| Severity | Code | Object | Problem | Expected → actual |\n|---|---|---|---|---|";

export function renderMarkdown(result: CheckResult): string {
  const head: string[] = [];
  const s = result.summary;
  if (result.verdict === "error") {
    head.push("### ⚠️ driftcheck: could not check", "", escapeText(result.error?.message ?? "unknown error"));
    if (result.error?.hint) head.push("", `**Hint:** ${escapeText(result.error.hint)}`);
    return `${head.join("\n")}\n`;
  }
  head.push(`### ${result.verdict === "pass" ? "✅ driftcheck: pass" : "❌ driftcheck: fail"}`, "");
  head.push(`**${s.error} error${s.error === 1 ? "" : "s"} · ${s.warning} warning${s.warning === 1 ? "" : "s"} · ${s.info} info** (fails on ${s.failOn})`);
  const context = contextParts(result);
  if (context) head.push("", context);
  if (result.findings.length === 0) return `${head.join("\n")}\n\nThe database has everything the code expects.\n`;

  // Pieces are added while they fit; the reserve keeps room for the closing lines.
  const reserve = 400;
  let used = head.join("\n").length + TABLE_HEAD.length * 2 + reserve;
  const fits = (text: string): boolean => used + text.length + 1 <= MARKDOWN_LIMIT;

  // The table may take two thirds of the budget so the first fixes always have room.
  const rowBudget = used + Math.floor(((MARKDOWN_LIMIT - used) * 2) / 3);
  const rows: string[] = [];
  for (const finding of result.findings) {
    const row = tableRow(finding);
    if (rows.length >= MAX_ROWS || used + row.length + 1 > rowBudget) break;
    rows.push(row);
    used += row.length + 1;
  }
  const fixes: string[] = [];
  for (const finding of result.findings.slice(0, rows.length)) {
    if (!finding.fixSql) continue;
    const fence = fenceFor(finding.fixSql);
    const block = `**\`${finding.code}\` ${code(displayObject(finding))}**\n\n${fence}sql\n${finding.fixSql}\n${fence}\n`;
    if (!fits(block)) break;
    fixes.push(block);
    used += block.length + 1;
  }
  const withFix = result.findings.slice(0, rows.length).filter((f) => f.fixSql).length;

  const body: string[] = [...head, "", TABLE_HEAD, ...rows.slice(0, VISIBLE_ROWS)];
  if (rows.length > VISIBLE_ROWS) {
    body.push("", `<details><summary>${rows.length - VISIBLE_ROWS} more findings</summary>`, "", TABLE_HEAD, ...rows.slice(VISIBLE_ROWS), "", "</details>");
  }
  const notShown = result.findings.length - rows.length;
  if (notShown > 0) body.push("", `_${notShown} more finding${notShown === 1 ? "" : "s"} not shown; run \`driftcheck check --format json\` for all of them._`);
  if (fixes.length > 0) {
    body.push("", `<details><summary>Fix SQL (${fixes.length})</summary>`, "", ...fixes);
    if (withFix > fixes.length) body.push(`_${withFix - fixes.length} more fixes not shown._`, "");
    body.push("</details>");
  }
  return `${body.join("\n")}\n`;
}

function tableRow(finding: Finding): string {
  const problem = cell(finding.message) + (finding.pendingMigration ? ` Fixed by pending migration ${code(finding.pendingMigration)}.` : "");
  const change = finding.expected === null && finding.actual === null ? "" : `${describeValue(finding.expected)} → ${describeValue(finding.actual)}`;
  return `| ${ICON[finding.severity]} | \`${finding.code}\` | ${code(displayObject(finding))} | ${problem} | ${cell(change)} |`;
}

/** A code fence longer than any backtick run inside the SQL (quoted identifiers may hold backticks). */
function fenceFor(sql: string): string {
  const longest = Math.max(0, ...(sql.match(/`+/g) ?? []).map((run) => run.length));
  return "`".repeat(Math.max(3, longest + 1));
}

function truncate(text: string): string {
  return text.length > CELL_MAX ? `${text.slice(0, CELL_MAX - 1)}…` : text;
}

/** A table cell: one line, pipes escaped, HTML neutralised, bounded length. */
function cell(text: string): string {
  return escapeText(truncate(text.replace(/\s+/g, " "))).replace(/\|/g, "\\|");
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Inline code that survives backticks and pipes inside a table. */
function code(text: string): string {
  const clean = truncate(text.replace(/\s+/g, " ")).replace(/\|/g, "\\|");
  return clean.includes("`") ? `\`\` ${clean} \`\`` : `\`${clean}\``;
}

function contextParts(result: CheckResult): string {
  const parts: string[] = [];
  if (result.database) parts.push(`database ${code(result.database.database)}`);
  if (result.expected) parts.push(`expected from ${code(result.expected.expectedFrom ?? result.expected.source)}`);
  if (result.migrations && result.migrations.pending.length > 0) {
    const pending = result.migrations.pending;
    const shown = pending.slice(0, 5).map(code).join(", ");
    parts.push(`pending migrations: ${shown}${pending.length > 5 ? ` and ${pending.length - 5} more` : ""}`);
  }
  return parts.join(" · ");
}
