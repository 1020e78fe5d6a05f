/** The terminal report: findings grouped by severity, ANSI colours only when asked (a TTY). */
import type { CheckResult } from "../check.js";
import type { Finding, Severity } from "../findings.js";
import { describeValue, displayObject, fixingMigration, plural, postgresVersion } from "./describe.js";

const ANSI = {
  reset: "\u001b[0m",
  bold: "\u001b[1m",
  dim: "\u001b[2m",
  red: "\u001b[31m",
  green: "\u001b[32m",
  yellow: "\u001b[33m",
  cyan: "\u001b[36m",
} as const;

type Style = keyof typeof ANSI;

const SEVERITY_STYLE: Record<Severity, Style> = { error: "red", warning: "yellow", info: "cyan" };
const SEVERITY_TITLE: Record<Severity, string> = { error: "Errors", warning: "Warnings", info: "Info" };
const ORDER: Severity[] = ["error", "warning", "info"];

export function renderText(result: CheckResult, options: { color: boolean }): string {
  const paint = (style: Style, text: string): string => (options.color ? `${ANSI[style]}${text}${ANSI.reset}` : text);
  const lines: string[] = [];

  const context = contextLine(result);
  if (context) lines.push(paint("dim", context), "");

  if (result.verdict === "error") {
    const error = result.error;
    lines.push(paint("red", `${paint("bold", "could not check")}: ${error?.message ?? "unknown error"}`));
    if (error?.hint) lines.push(`hint: ${error.hint}`);
    return `${lines.join("\n")}\n`;
  }

  for (const severity of ORDER) {
    const group = result.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push(paint(SEVERITY_STYLE[severity], paint("bold", `${SEVERITY_TITLE[severity]} (${group.length})`)));
    for (const finding of group) lines.push(...renderFinding(finding, paint), "");
  }

  const fixed = result.baseline?.fixed ?? [];
  if (fixed.length > 0) {
    lines.push(paint("green", paint("bold", `Fixed since ${result.baseline!.file} (${fixed.length})`)));
    for (const entry of fixed) lines.push(`  ${entry.code}  ${entry.object}`);
    lines.push(`  Run \`driftcheck baseline\` to drop ${fixed.length === 1 ? "it" : "them"} from the file.`, "");
  }

  const s = result.summary;
  const known = s.known ? `, ${s.known} known (baseline)` : "";
  const counts = `${plural(s.error, "error")}, ${plural(s.warning, "warning")}, ${s.info} info${known}`;
  const verdict = result.verdict === "pass" ? paint("green", paint("bold", "PASS")) : paint("red", paint("bold", "FAIL"));
  lines.push(`${verdict} ${counts} (fails on ${s.failOn})`);
  return `${lines.join("\n")}\n`;
}

function renderFinding(finding: Finding, paint: (style: Style, text: string) => string): string[] {
  const lines = [`  ${paint(SEVERITY_STYLE[finding.severity], paint("bold", finding.code))}  ${displayObject(finding)}`, `    ${finding.message}`];
  if (finding.expected !== null || finding.actual !== null) {
    lines.push(`    expected: ${describeValue(finding.expected)}`);
    lines.push(`    actual:   ${describeValue(finding.actual)}`);
  }
  if (finding.baseline === "known") lines.push(`    known: in the baseline file, does not fail the check`);
  const fixedBy = fixingMigration(finding);
  if (fixedBy) lines.push(`    fixed by pending migration ${paint("bold", fixedBy)}`);
  if (finding.fixSql) {
    lines.push("    fix:");
    for (const line of finding.fixSql.split("\n")) lines.push(`      ${paint("dim", line)}`);
  }
  return lines;
}

/** `database app (PostgreSQL 15.20) · expected from 0003_add_updated_at · 1 pending migration: 0003_add_updated_at` */
function contextLine(result: CheckResult): string {
  const parts: string[] = [];
  if (result.database) parts.push(`database ${result.database.database} (${postgresVersion(result.database.serverVersionNum)})`);
  if (result.expected) parts.push(`expected from ${result.expected.expectedFrom ?? result.expected.source}${result.expected.note ? ` (${result.expected.note})` : ""}`);
  if (result.migrations) {
    const pending = result.migrations.pending;
    parts.push(pending.length === 0 ? `${plural(result.migrations.applied, "migration")} applied` : `${plural(pending.length, "pending migration")}: ${pending.join(", ")}`);
  }
  return parts.join(" · ");
}
