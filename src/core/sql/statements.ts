/**
 * Statements of a SQL file with the line each starts on, for messages that name a file and line:
 * a migration split on drizzle-kit's `--> statement-breakpoint` marker (as drizzle-orm's migrator
 * splits it), or a plain SQL file (a replay prelude) split on the `;` that end statements in code
 * (never one inside a string, quoted identifier, dollar-quoted body or comment).
 */
import { scanSqlText } from "./scan-text.js";

export const STATEMENT_BREAKPOINT = "--> statement-breakpoint";

export interface LocatedStatement {
  /** The statement, trimmed. */
  text: string;
  /** 1-based line of the file on which the statement's first character is. */
  line: number;
}

/** drizzle-orm's split: on every breakpoint marker; empty parts are dropped. */
export function breakpointStatements(sql: string): LocatedStatement[] {
  const out: LocatedStatement[] = [];
  const lines = lineLocator(sql);
  let offset = 0;
  for (const part of sql.split(STATEMENT_BREAKPOINT)) {
    pushTrimmed(out, lines, part, offset);
    offset += part.length + STATEMENT_BREAKPOINT.length;
  }
  return out;
}

/**
 * A file of ordinary SQL: split after each `;` in code. A file using drizzle-kit's breakpoint
 * marker is split on the marker instead (so a function body written without dollar quotes stays whole).
 */
export function sqlFileStatements(sql: string): LocatedStatement[] {
  if (sql.includes(STATEMENT_BREAKPOINT)) return breakpointStatements(sql);
  const out: LocatedStatement[] = [];
  const lines = lineLocator(sql);
  let start = 0;
  for (const segment of scanSqlText(sql)) {
    if (segment.kind !== "code") continue;
    for (let at = sql.indexOf(";", segment.start); at !== -1 && at < segment.end; at = sql.indexOf(";", at + 1)) {
      pushTrimmed(out, lines, sql.slice(start, at + 1), start);
      start = at + 1;
    }
  }
  pushTrimmed(out, lines, sql.slice(start), start);
  return out;
}

/** Adds `part` (found at `offset` in the file) unless it holds nothing but blanks, `;` and comments. */
function pushTrimmed(out: LocatedStatement[], lineOf: (offset: number) => number, part: string, offset: number): void {
  const text = part.trim();
  if (text === "" || !hasCode(text)) return;
  const lead = part.length - part.trimStart().length;
  out.push({ text, line: lineOf(offset + lead) });
}

function hasCode(text: string): boolean {
  return scanSqlText(text).some((segment) => segment.kind !== "comment" && /[^\s;]/.test(text.slice(segment.start, segment.end)));
}

/** offset → 1-based line, by binary search over the line starts (files can be large). */
export function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}
