/**
 * The findings table of the GitHub Markdown reports — the check's own report (markdown.ts), the
 * PR check's production section and an accepted run's summary (src/worker): one row per finding
 * (severity, code, object, problem), the fix SQL of the rows shown in fenced blocks folded into
 * <details>, all within a character budget. Rows and fixes that do not fit are counted instead
 * of shown, so the caller's text stays under GitHub's limit.
 */
import type { Finding, Severity } from "../findings.js";
import { describeValue, displayObject, fixingMigration } from "./describe.js";
import { cell, code, fenceFor } from "./markdown-inline.js";

export const SEVERITY_ICON: Record<Severity, string> = { error: "🔴 error", warning: "🟡 warning", info: "🔵 info" };

export interface FindingsTableOptions {
  /** Characters the caller's text takes already, with a reserve for what it puts after the table. */
  used: number;
  /** Rows and fixes stop before the text would pass this many characters. */
  limit: number;
  /** Share of the room left that rows may take, so the first fixes always fit (default 1). */
  rowShare?: number;
  maxRows: number;
  /** Rows after this many are folded into <details> (default: none are). */
  visibleRows?: number;
  /** Adds the "Expected → actual" column. */
  changeColumn: boolean;
  /** What a row adds about the pending migration that fixes its finding (default: "Fixed by pending migration …"). */
  pendingNote?: (finding: Finding) => string;
  /** The line saying how many findings the table leaves out. */
  notShownLine: (count: number) => string;
  /** The fix SQL <details>' title, before the count: "Fix SQL" → "Fix SQL (3)". */
  fixTitle: string;
}

/** The table, its folded rows, the "not shown" line and the fix SQL, as lines (the first is the table head). */
export function renderFindingsTable(findings: readonly Finding[], options: FindingsTableOptions): string[] {
  const head = tableHead(options.changeColumn);
  const folds = options.visibleRows !== undefined;
  let used = options.used + head.length * (folds ? 2 : 1);
  const rowLimit = used + Math.floor((options.limit - used) * (options.rowShare ?? 1));

  const rows: string[] = [];
  for (const finding of findings) {
    const row = tableRow(finding, options);
    if (rows.length >= options.maxRows || used + row.length + 1 > rowLimit) break;
    rows.push(row);
    used += row.length + 1;
  }
  const shown = findings.slice(0, rows.length);
  const fixes: string[] = [];
  for (const finding of shown) {
    if (!finding.fixSql) continue;
    const block = fixBlock(finding, finding.fixSql);
    if (used + block.length + 1 > options.limit) break;
    fixes.push(block);
    used += block.length + 1;
  }
  const withFix = shown.filter((finding) => finding.fixSql).length;

  const visible = options.visibleRows ?? rows.length;
  const lines = [head, ...rows.slice(0, visible)];
  if (rows.length > visible) {
    lines.push("", `<details><summary>${rows.length - visible} more findings</summary>`, "", head, ...rows.slice(visible), "", "</details>");
  }
  const notShown = findings.length - rows.length;
  if (notShown > 0) lines.push("", options.notShownLine(notShown));
  if (fixes.length > 0) {
    lines.push("", `<details><summary>${options.fixTitle} (${fixes.length})</summary>`, "", ...fixes);
    if (withFix > fixes.length) lines.push(`_${withFix - fixes.length} more fixes not shown._`, "");
    lines.push("</details>");
  }
  return lines;
}

function tableHead(changeColumn: boolean): string {
  return changeColumn ? "| Severity | Code | Object | Problem | Expected → actual |\n|---|---|---|---|---|" : "| Severity | Code | Object | Problem |\n|---|---|---|---|";
}

function tableRow(finding: Finding, options: Pick<FindingsTableOptions, "changeColumn" | "pendingNote">): string {
  const problem = cell(finding.message) + (options.pendingNote ?? fixedByPendingMigration)(finding);
  const cells = [SEVERITY_ICON[finding.severity], `\`${finding.code}\``, code(displayObject(finding)), problem];
  if (options.changeColumn) {
    cells.push(cell(finding.expected === null && finding.actual === null ? "" : `${describeValue(finding.expected)} → ${describeValue(finding.actual)}`));
  }
  return `| ${cells.join(" | ")} |`;
}

function fixedByPendingMigration(finding: Finding): string {
  const migration = fixingMigration(finding);
  return migration ? ` Fixed by pending migration ${code(migration)}.` : "";
}

function fixBlock(finding: Finding, sql: string): string {
  const fence = fenceFor(sql);
  return `**\`${finding.code}\` ${code(displayObject(finding))}**\n\n${fence}sql\n${sql}\n${fence}\n`;
}
