/**
 * Reading a probe's SQL text without a parser: which characters are code (not inside a string
 * literal, quoted identifier, dollar-quoted body or comment). Used to insist that a probe is ONE
 * statement — PL/pgSQL's EXECUTE runs every statement of a string, so `SELECT 1; SELECT
 * pg_sleep(60)` would run its second half instead of only preparing the first — and to locate
 * the name a PostgreSQL error quotes (see `locateInCode`). The scanning is sql/scan-text.ts.
 */
import { userError } from "./errors.js";
import { isIdentifierChar, scanSqlText } from "./sql/scan-text.js";

/**
 * Half-open [start, end) ranges of `sql` that are code. Quoted identifiers ("...") count as code
 * when `identifiers` says so (to find names in them), else they are left out like strings.
 */
export function codeRanges(sql: string, options: { identifiers?: boolean } = {}): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const segment of scanSqlText(sql)) {
    if (segment.kind !== "code" && !(options.identifiers && segment.kind === "quoted-identifier")) continue;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === segment.start) last[1] = segment.end;
    else ranges.push([segment.start, segment.end]);
  }
  return ranges;
}

/**
 * The probe's one statement without trailing semicolons and surrounding space. A second
 * statement after a `;` is a user error naming the probe.
 */
export function singleStatement(sql: string, probeName: string): string {
  const semicolons = codeRanges(sql).flatMap(([start, end]) => {
    const found: number[] = [];
    for (let k = start; k < end; k += 1) if (sql[k] === ";") found.push(k);
    return found;
  });
  const first = semicolons[0];
  if (first === undefined) return sql.trim();
  // Everything after the first `;` may only be more semicolons, space and comments.
  const rest = sql.slice(first);
  const restCode = codeRanges(rest).map(([start, end]) => rest.slice(start, end)).join("");
  if (/[^;\s]/.test(restCode)) {
    throw userError(
      `Probe "${probeName}" holds more than one SQL statement.`,
      "A probe is one SELECT, INSERT, UPDATE, DELETE, MERGE or VALUES statement: split the others into probes of their own.",
    );
  }
  return sql.slice(0, first).trim();
}

/**
 * 1-based position of the first occurrence of `needle` in code or a quoted identifier
 * (case-insensitive, not inside a longer identifier), or null. A match right after an opening
 * `"` points at the quote, as PostgreSQL's cursor does.
 */
export function locateInCode(sql: string, needle: string): number | null {
  if (needle === "") return null;
  const lowerSql = sql.toLowerCase();
  const lowerNeedle = needle.toLowerCase();
  for (const [start, end] of codeRanges(sql, { identifiers: true })) {
    let at = lowerSql.indexOf(lowerNeedle, start);
    while (at !== -1 && at + lowerNeedle.length <= end) {
      const before = sql[at - 1];
      const after = sql[at + lowerNeedle.length];
      const wordStart = !isWordChar(needle[0]) || !isIdentifierChar(before);
      const wordEnd = !isWordChar(needle[needle.length - 1]) || !isIdentifierChar(after);
      if (wordStart && wordEnd) return sql[at - 1] === '"' ? at : at + 1;
      at = lowerSql.indexOf(lowerNeedle, at + 1);
    }
  }
  return null;
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_]/.test(ch);
}
