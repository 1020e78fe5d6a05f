/**
 * The message a production alert posts to a Slack-compatible incoming webhook: `{ text, blocks }`.
 * `text` carries everything (receivers that ignore blocks — Mattermost, Discord's /slack
 * endpoint, notifications — show it alone): repository, short sha, environment, counts, the top
 * error findings with their fix SQL, and the link to the check's dashboard page. `blocks` lay the
 * same out for Slack. Pure: no I/O.
 *
 * Slack's rules: `&`, `<` and `>` in mrkdwn are escaped; a section's text is at most 3,000
 * characters (https://api.slack.com/reference/block-kit/blocks#section).
 */
import type { AlertKind } from "./alert-decision.js";

export interface AlertFinding {
  code: string;
  severity: string;
  object: string;
  message: string;
  fixSql: string | null;
}

export interface AlertInput {
  kind: AlertKind;
  repo: string;
  sha: string;
  environment: string;
  counts: { error: number; warning: number; info: number };
  /** The check's findings; error findings are listed, the new ones first. */
  findings: readonly AlertFinding[];
  /** `CODE object` keys of error findings not announced before. */
  newKeys: readonly string[];
  /** Why the check could not run (outcome `error`). */
  error: { message: string; hint?: string } | null;
  checkUrl: string;
  /** Who accepted the drift still there ("Accept drift"), when that is why the alert is a recovery. */
  acceptedBy?: string | null;
}

export interface SlackBlock {
  type: "section" | "context";
  text?: { type: "mrkdwn"; text: string };
  elements?: { type: "mrkdwn"; text: string }[];
}

export interface AlertMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Findings named with their fix SQL; the rest are counted. */
export const TOP_FINDINGS = 5;
const SECTION_MAX_CHARS = 3000;
const FIX_SQL_MAX_CHARS = 400;
const FINDING_MESSAGE_MAX_CHARS = 300;

export function alertMessage(input: AlertInput): AlertMessage {
  const headline = headlineOf(input);
  const details = input.kind === "drift" ? findingLines(input) : input.kind === "error" ? errorLines(input) : [];
  const link = `Details: ${input.checkUrl}`;
  const text = [headline, ...details, link].join("\n");
  const blocks: SlackBlock[] = [section(headline)];
  if (details.length > 0) blocks.push(section(details.join("\n")));
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `<${input.checkUrl}|Open the check on the driftcheck dashboard>` }] });
  return { text, blocks };
}

function headlineOf(input: AlertInput): string {
  const where = `*${escape(input.repo)}* @ \`${input.sha.slice(0, 7)}\` (${escape(input.environment)})`;
  const counts = countsText(input.counts);
  switch (input.kind) {
    case "drift": {
      const fresh = input.newKeys.length;
      const what = fresh > 0 ? `${fresh} new error finding${fresh === 1 ? "" : "s"}` : "schema drift";
      return `:rotating_light: driftcheck: schema drift in ${where}: ${what}. ${counts}.`;
    }
    case "error":
      return `:warning: driftcheck: could not check ${where}. This is not a pass: the database was not compared with the code.`;
    case "recovered":
      return input.acceptedBy
        ? `:white_check_mark: driftcheck: ${where} recovered: the drift left was accepted by @${escape(input.acceptedBy)} ("Accept drift"). ${counts}.`
        : `:white_check_mark: driftcheck: ${where} recovered: no blocking drift any more. ${counts}.`;
  }
}

function findingLines(input: AlertInput): string[] {
  const fresh = new Set(input.newKeys);
  const errors = input.findings.filter((finding) => finding.severity === "error");
  const isNew = (finding: AlertFinding) => fresh.has(`${finding.code} ${finding.object}`);
  const ordered = [...errors.filter(isNew), ...errors.filter((finding) => !isNew(finding))];
  const lines: string[] = [];
  let used = 0;
  for (const finding of ordered.slice(0, TOP_FINDINGS)) {
    const line = findingLine(finding, isNew(finding));
    // The first finding always shows (findingLine keeps it short); later ones while they fit.
    if (lines.length > 0 && used + line.length > SECTION_MAX_CHARS - 200) break;
    lines.push(line);
    used += line.length + 1;
  }
  const left = errors.length - lines.length;
  if (left > 0) lines.push(`…and ${left} more error finding${left === 1 ? "" : "s"}.`);
  return lines;
}

function findingLine(finding: AlertFinding, isNew: boolean): string {
  const head = `• ${isNew ? "*new* " : ""}\`${escape(finding.code)}\` ${escape(finding.object)}: ${escape(shorten(finding.message, FINDING_MESSAGE_MAX_CHARS))}`;
  if (!finding.fixSql) return head;
  return `${head}\n  fix: \`\`\`${escape(shorten(finding.fixSql, FIX_SQL_MAX_CHARS))}\`\`\``;
}

function errorLines(input: AlertInput): string[] {
  if (!input.error) return [];
  return [escape(input.error.message), ...(input.error.hint ? [`Hint: ${escape(input.error.hint)}`] : [])];
}

function countsText(counts: AlertInput["counts"]): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}, ${counts.info} info`;
}

function section(text: string): SlackBlock {
  return { type: "section", text: { type: "mrkdwn", text: shorten(text, SECTION_MAX_CHARS) } };
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Slack mrkdwn control characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
function escape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
