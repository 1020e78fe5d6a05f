/**
 * The PR check's "What production will lack when this merges" section (check-job/production-context.ts):
 * the production branch's findings at warning or above in a compact table, their fix SQL folded,
 * or a note saying why production could not be compared. Appended to the check run's summary and
 * the sticky PR comment within GitHub's 65,535-character limit: rows and fixes that do not fit
 * are counted instead of shown.
 */
import { isWarningOrAbove, type Finding, type Severity } from "../../core/findings.js";
import { renderFindingsTable } from "../../core/report/findings-table.js";
import { fixingMigration } from "../../core/report/describe.js";
import { code } from "../../core/report/markdown.js";
import type { ProductionContext } from "../check-job/production-context.js";
import { inertText } from "../../core/report/markdown-inline.js";

export const PRODUCTION_CONTEXT_HEADING = "What production will lack when this merges";
/** GitHub refuses check-run summaries and comments above 65,535 characters; a margin for the footer. */
const GITHUB_TEXT_LIMIT = 65_000;
/** The section is context: it never takes more than this, whatever room is left. */
const SECTION_LIMIT = 8_000;
const MAX_ROWS = 30;

/** The report with the section appended (unchanged when there is no context). */
export function withProductionContext(markdown: string, context: ProductionContext | null): string {
  if (context === null) return markdown;
  const room = Math.min(SECTION_LIMIT, GITHUB_TEXT_LIMIT - markdown.length);
  return `${markdown.trimEnd()}\n\n${renderProductionContext(context, room)}`;
}

export function renderProductionContext(context: ProductionContext, maxChars = SECTION_LIMIT): string {
  const heading = `#### ${PRODUCTION_CONTEXT_HEADING}`;
  if (context.kind === "failed") return `${heading}\n\ncould not compare with production: ${inertText(context.message)}\n`;

  const { result, branchName } = context;
  const shown = result.findings.filter(isWarningOrAbove);
  const infos = result.findings.length - shown.length;
  const infoNote = infos > 0 ? ` (${infos} info finding${infos === 1 ? "" : "s"} not shown)` : "";
  const intro = `The production branch ${code(branchName)}${result.database ? ` (database ${code(result.database.database)})` : ""} compared with this pull request's expected schema:`;
  if (shown.length === 0) return `${heading}\n\n${intro} it has everything the code expects${infoNote}.\n`;

  const errors = countOf(shown, "error");
  const warnings = countOf(shown, "warning");
  const counts = `**${errors} error${errors === 1 ? "" : "s"} · ${warnings} warning${warnings === 1 ? "" : "s"}**${infoNote}.`;
  const head = [heading, "", `${intro} ${counts}`, ""];
  const table = renderFindingsTable(shown, {
    used: head.join("\n").length + 200, // the closing lines
    limit: maxChars,
    maxRows: MAX_ROWS,
    changeColumn: false,
    pendingNote: wouldBeFixedBy,
    notShownLine: (count) => `_${count} more finding${count === 1 ? "" : "s"} for production not shown; see the details page._`,
    fixTitle: "Fix SQL for production",
  });
  return `${[...head, ...table].join("\n")}\n`;
}

function wouldBeFixedBy(finding: Finding): string {
  const migration = fixingMigration(finding);
  return migration ? ` Pending migration ${code(migration)} would fix it.` : "";
}

function countOf(findings: Finding[], severity: Severity): number {
  return findings.filter((finding) => finding.severity === severity).length;
}
