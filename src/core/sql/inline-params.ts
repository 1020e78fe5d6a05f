/**
 * Replace `$1`, `$2`, … in a statement with quoted literals, for transports that send the whole
 * batch as one simple-protocol message (which carries no parameters). Placeholders inside
 * string literals, quoted identifiers, dollar-quoted bodies and comments are left alone.
 */
import { DriftcheckError } from "../errors.js";
import { quoteLiteral } from "./literal.js";
import { isIdentifierChar, scanSqlText } from "./scan-text.js";

export function inlineParams(sql: string, params: readonly (string | null)[] = []): string {
  return scanSqlText(sql)
    .map(({ kind, start, end }) => (kind === "code" ? inlineInCode(sql, start, end, params) : sql.slice(start, end)))
    .join("");
}

/** `$n` in code, unless it continues an identifier (`a$1` is a name). */
function inlineInCode(sql: string, start: number, end: number, params: readonly (string | null)[]): string {
  return sql.slice(start, end).replace(/\$(\d+)/g, (placeholder: string, digits: string, offset: number) => {
    if (isIdentifierChar(sql[start + offset - 1])) return placeholder;
    const index = Number(digits);
    if (index < 1 || index > params.length) {
      throw new DriftcheckError("internal", `Statement refers to $${index} but only ${params.length} parameter(s) were given.`);
    }
    return quoteLiteral(params[index - 1] ?? null);
  });
}
