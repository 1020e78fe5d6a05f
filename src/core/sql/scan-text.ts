/**
 * Splitting SQL text into code and the parts that are not code — string literals (with `E'…'`
 * backslash escapes), quoted identifiers, dollar-quoted bodies and comments (`--` to the end of
 * the line, nesting block comments) — without a parser. Shared by everything that looks for
 * something in SQL code only: probe statements (`;`, names in errors) and `$n` placeholders.
 */

export type SqlSegmentKind = "code" | "string" | "quoted-identifier" | "dollar-quoted" | "comment";

/** Half-open [start, end) part of the text; consecutive segments cover it without gaps. */
export interface SqlSegment {
  kind: SqlSegmentKind;
  start: number;
  end: number;
}

export function scanSqlText(sql: string): SqlSegment[] {
  const segments: SqlSegment[] = [];
  let codeStart = 0;
  let i = 0;
  const other = (kind: SqlSegmentKind, end: number) => {
    if (i > codeStart) segments.push({ kind: "code", start: codeStart, end: i });
    segments.push({ kind, start: i, end });
    i = end;
    codeStart = end;
  };
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === "'") {
      other("string", skipQuoted(sql, i, ch, isEscapeString(sql, i)));
    } else if (ch === '"') {
      other("quoted-identifier", skipQuoted(sql, i, ch, false));
    } else if (ch === "-" && next === "-") {
      const newline = sql.indexOf("\n", i);
      other("comment", newline === -1 ? sql.length : newline);
    } else if (ch === "/" && next === "*") {
      other("comment", skipBlockComment(sql, i));
    } else if (ch === "$" && !isIdentifierChar(sql[i - 1])) {
      // `$1` is a placeholder (code); a tag starts with a letter or underscore, or is empty (`$$`).
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        other("dollar-quoted", close === -1 ? sql.length : close + tag[0].length);
      } else {
        i += 1;
      }
    } else {
      i += 1;
    }
  }
  if (sql.length > codeStart) segments.push({ kind: "code", start: codeStart, end: sql.length });
  return segments;
}

/** A character that continues an identifier (`$` included, as PostgreSQL allows after the first). */
export function isIdentifierChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_$]/.test(ch);
}

/** `E'...'` / `e'...'` strings treat backslash as an escape. */
function isEscapeString(sql: string, quoteAt: number): boolean {
  const prefix = sql[quoteAt - 1];
  return (prefix === "E" || prefix === "e") && !isIdentifierChar(sql[quoteAt - 2]);
}

/** Past the closing quote; a doubled quote stands for itself. Unterminated: to the end. */
function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === "\\") i += 2;
    else if (ch === quote && sql[i + 1] === quote) i += 2;
    else if (ch === quote) return i + 1;
    else i += 1;
  }
  return sql.length;
}

/** Block comments nest in PostgreSQL. */
function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === "/" && sql[i + 1] === "*") {
      depth += 1;
      i += 2;
    } else if (sql[i] === "*" && sql[i + 1] === "/") {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else {
      i += 1;
    }
  }
  return sql.length;
}
