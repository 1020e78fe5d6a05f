/** Token-level comparison for text the expression parser does not understand (e.g. view SELECTs). */
import type { Token } from "./tokenize.js";
import { Parser, quoteString, TRANSPARENT_CASTS } from "./tree.js";

/** Remove the `CHECK ( … )` wrapper, `NOT VALID` / `NO INHERIT` suffixes and a trailing `;`. */
export function stripWrappers(tokens: Token[]): Token[] {
  let result = tokens;
  while (result.length > 0 && result[result.length - 1]!.t === "punct" && result[result.length - 1]!.v === ";") result = result.slice(0, -1);
  const last = result[result.length - 1];
  const beforeLast = result[result.length - 2];
  if (beforeLast?.t === "id" && last?.t === "id" && ((beforeLast.v === "not" && last.v === "valid") || (beforeLast.v === "no" && last.v === "inherit"))) {
    result = result.slice(0, -2);
  }
  if (result[0]?.t === "id" && result[0].v === "check" && result[1]?.t === "punct" && result[1].v === "(") result = result.slice(1);
  return result;
}

/** Token-level fallback for text the parser does not understand (e.g. view SELECTs). */
const PAREN_DROPPING_WORDS = new Set(["where", "and", "or", "not", "select", "on", "when", "then", "else", "having", "as", "check", "using"]);

const TYPED_LITERAL_WORDS = new Set(["interval", "date", "timestamp", "timestamptz", "time", "timetz", "numeric", "integer", "bigint", "text", "boolean", "uuid", "json", "jsonb"]);
const LIKE_OPERATORS: Record<string, string> = { like: "~~", ilike: "~~*" };

export function fallbackCanonical(tokens: Token[]): string {
  const out: string[] = [];
  const stack: boolean[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const afterNext = tokens[i + 2];
    // qualifier `x.` before a name that is not a function call
    if ((token.t === "id" || token.t === "qid") && next?.t === "punct" && next.v === "." && (afterNext?.t === "id" || afterNext?.t === "qid")) {
      i += 1;
      continue;
    }
    if (token.t === "punct" && token.v === "::") {
      // drop casts of literals and transparent casts
      const parser = new Parser(tokens.slice(i + 1));
      let type: string;
      let consumed: number;
      try {
        type = parser.typeName();
        consumed = parser.pos;
      } catch {
        out.push("::");
        continue;
      }
      const previous = tokens[i - 1];
      if (previous?.t === "str" || previous?.t === "num" || TRANSPARENT_CASTS.has(type) || (previous?.t === "id" && previous.v === "null")) {
        i += consumed;
        continue;
      }
      out.push(`::${type}`);
      i += consumed;
      continue;
    }
    if (token.t === "punct" && token.v === "(") {
      const previous = tokens[i - 1];
      const keep = previous !== undefined && (previous.t === "qid" || (previous.t === "id" && !PAREN_DROPPING_WORDS.has(previous.v)));
      stack.push(keep);
      if (keep) out.push("(");
      continue;
    }
    if (token.t === "punct" && token.v === ")") {
      if (stack.pop() ?? true) out.push(")");
      continue;
    }
    if (token.t === "punct" && token.v === ";") continue;
    // typed literal `interval '7 days'`: PostgreSQL prints `'7 days'::interval`, whose cast is dropped above
    if (token.t === "id" && next?.t === "str" && TYPED_LITERAL_WORDS.has(token.v)) continue;
    // LIKE family: PostgreSQL prints the operators
    if (token.t === "id" && LIKE_OPERATORS[token.v] !== undefined) {
      const negated = out[out.length - 1] === '"not"';
      if (negated) out.pop();
      out.push(`${negated ? "!" : ""}${LIKE_OPERATORS[token.v]}`);
      continue;
    }
    switch (token.t) {
      case "str":
        out.push(quoteString(token.v));
        break;
      case "qid":
        out.push(`"${token.v}"`);
        break;
      case "id":
        out.push(/^[a-z_][a-z0-9_$]*$/.test(token.v) ? `"${token.v}"` : token.v);
        break;
      case "op":
        out.push(token.v === "!=" ? "<>" : token.v);
        break;
      default:
        out.push(token.v);
    }
  }
  return out.join(" ");
}
