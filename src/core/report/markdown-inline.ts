/**
 * Inline pieces of the GitHub Markdown reports. Every string from outside (database object names,
 * file names, journal tags, branch names, messages built from them, errors) is rendered through
 * one of two functions, so nothing in it can become markup: `inertText` for running text and
 * table cells, `code` for a code span. Both truncate before they escape or wrap, so a cut never
 * leaves half an escape or an open code span.
 */

const CELL_MAX = 120;

/** A code fence longer than any backtick run inside the SQL (quoted identifiers may hold backticks). */
export function fenceFor(sql: string): string {
  return "`".repeat(Math.max(3, longestBacktickRun(sql) + 1));
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/** At most `max` characters, never splitting a surrogate pair, with `…` when cut. */
export function truncate(text: string, max = CELL_MAX): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ");
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
/**
 * Characters that start inline markup anywhere in a line: code spans, emphasis, strikethrough,
 * links and images (`[`, `]`, `!`), table cells (`|`), math (`$`) and escapes themselves. An `_`
 * between two letters or digits can neither open nor close emphasis (CommonMark's flanking
 * rules), so `users_idx` stays readable.
 */
const INLINE_MARKUP = /[\\`*~[\]!|$]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g;
/** Block markup only counts at the start of a line: headings, lists, setext underlines. */
const LINE_START_MARKUP = /^([ \t]*)([#+=-]|\d+(?=[.)]))/gm;

/**
 * Running text from outside, inert in GitHub Markdown: HTML and entities are neutralised, every
 * character that could open markup is backslash-escaped. Newlines are kept (callers that need one
 * line use `cell`).
 */
export function inertText(text: string): string {
  return text
    .replace(/[&<>]/g, (char) => ENTITIES[char]!)
    .replace(INLINE_MARKUP, (char) => `\\${char}`)
    .replace(LINE_START_MARKUP, (_, indent: string, marker: string) => (/^\d/.test(marker) ? `${indent}${marker}\\` : `${indent}\\${marker}`));
}

/** A table cell: one line, bounded length, inert. */
export function cell(text: string): string {
  return inertText(truncate(oneLine(text)));
}

/**
 * Inline code: one line, bounded length, delimited by a backtick run longer than any inside (so
 * a name holding backticks cannot close it early), pipes escaped for tables.
 */
export function code(text: string): string {
  const clean = truncate(oneLine(text)).replace(/\|/g, "\\|");
  const delimiter = "`".repeat(longestBacktickRun(clean) + 1);
  // A space on each side when the content starts or ends with a backtick (CommonMark strips one).
  const pad = clean.startsWith("`") || clean.endsWith("`") || (clean.startsWith(" ") && clean.endsWith(" ")) ? " " : "";
  return `${delimiter}${pad}${clean}${pad}${delimiter}`;
}
