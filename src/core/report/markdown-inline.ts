/**
 * Inline pieces of the GitHub Markdown reports: table cells, code spans and code fences that
 * survive whatever a finding's text holds (pipes, HTML, backticks), bounded in length.
 */

const CELL_MAX = 120;

/** A code fence longer than any backtick run inside the SQL (quoted identifiers may hold backticks). */
export function fenceFor(sql: string): string {
  const longest = Math.max(0, ...(sql.match(/`+/g) ?? []).map((run) => run.length));
  return "`".repeat(Math.max(3, longest + 1));
}

function truncate(text: string): string {
  return text.length > CELL_MAX ? `${text.slice(0, CELL_MAX - 1)}…` : text;
}

/** A table cell: one line, pipes escaped, HTML neutralised, bounded length. */
export function cell(text: string): string {
  return escapeText(truncate(text.replace(/\s+/g, " "))).replace(/\|/g, "\\|");
}

/** Text with HTML neutralised (GitHub renders HTML inside Markdown). */
export function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Inline code that survives backticks and pipes inside a table. */
export function code(text: string): string {
  const clean = truncate(text.replace(/\s+/g, " ")).replace(/\|/g, "\\|");
  return clean.includes("`") ? `\`\` ${clean} \`\`` : `\`${clean}\``;
}
