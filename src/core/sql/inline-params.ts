/**
 * Replace `$1`, `$2`, … in a statement with quoted literals, for transports that send the whole
 * batch as one simple-protocol message (which carries no parameters). Placeholders inside
 * string literals, quoted identifiers, dollar-quoted bodies and comments are left alone.
 */
import { DriftcheckError } from "../errors.js";
import { quoteLiteral } from "./literal.js";

export function inlineParams(sql: string, params: readonly (string | null)[] = []): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === "'" || ch === '"') {
      const end = skipQuoted(sql, i, ch, ch === "'" && isEscapeString(sql, i));
      out += sql.slice(i, end);
      i = end;
    } else if (ch === "-" && next === "-") {
      const nl = sql.indexOf("\n", i);
      const end = nl === -1 ? sql.length : nl;
      out += sql.slice(i, end);
      i = end;
    } else if (ch === "/" && next === "*") {
      const end = skipBlockComment(sql, i);
      out += sql.slice(i, end);
      i = end;
    } else if (ch === "$") {
      const placeholder = /^\$(\d+)/.exec(sql.slice(i));
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (placeholder && !isIdentifierChar(sql[i - 1])) {
        const index = Number(placeholder[1]);
        if (index < 1 || index > params.length) {
          throw new DriftcheckError("internal", `Statement refers to $${index} but only ${params.length} parameter(s) were given.`);
        }
        out += quoteLiteral(params[index - 1] ?? null);
        i += placeholder[0].length;
      } else if (tag && !isIdentifierChar(sql[i - 1])) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        const end = close === -1 ? sql.length : close + tag[0].length;
        out += sql.slice(i, end);
        i = end;
      } else {
        out += ch;
        i += 1;
      }
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

function isIdentifierChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_$]/.test(ch);
}

/** `E'...'` / `e'...'` strings treat backslash as an escape. */
function isEscapeString(sql: string, quoteAt: number): boolean {
  const prefix = sql[quoteAt - 1];
  return (prefix === "E" || prefix === "e") && !isIdentifierChar(sql[quoteAt - 2]);
}

function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === "\\") {
      i += 2;
    } else if (ch === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i += 1;
    }
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
