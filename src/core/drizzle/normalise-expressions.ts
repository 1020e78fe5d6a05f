/**
 * Check, index and policy expressions: drizzle-kit writes them table-qualified and fully quoted
 * (`"users"."flag" = true`); PostgreSQL's deparser prints a single-table expression without the
 * qualifier and quotes only the names that need it (`flag = true`). This does the textual part
 * of that; operator parenthesisation, casts and keyword case are left to the expression
 * comparison (src/core/expressions.ts).
 */
import { quoteIdentifier } from "./normalise-names.js";

/**
 * Drop `"table".` / `"schema"."table".` qualifiers naming `table`, and unquote identifiers that
 * `quote_identifier` would leave bare. String literals are copied untouched. Inside a sub-SELECT
 * the qualifier is kept: there `"items"."project_id"` is the outer row's column, which a bare
 * `project_id` would not name when the sub-SELECT's table has one too (PostgreSQL prints
 * `items.project_id` there).
 */
export function normaliseExpression(expression: string, table?: { schema: string; name: string }): string {
  const tokens = tokenize(expression.trim());
  const out: string[] = [];
  /** One entry per open parenthesis: does it start a sub-SELECT? */
  const groups: boolean[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.text === "(") groups.push(tokens[i + 1]?.kind === "ident" && (tokens[i + 1] as { name: string }).name === "select");
    else if (token.text === ")") groups.pop();
    if (token.kind === "ident" && table && !groups.includes(true)) {
      // schema.table.column → column ; table.column → column
      const next = tokens[i + 1];
      const afterNext = tokens[i + 2];
      if (
        token.name === table.schema &&
        next?.kind === "dot" &&
        afterNext?.kind === "ident" &&
        afterNext.name === table.name &&
        tokens[i + 3]?.kind === "dot" &&
        tokens[i + 4]?.kind === "ident"
      ) {
        i += 3;
        continue;
      }
      if (token.name === table.name && next?.kind === "dot" && afterNext?.kind === "ident" && tokens[i - 1]?.kind !== "dot") {
        i += 1;
        continue;
      }
    }
    out.push(token.kind === "ident" && token.quoted ? quoteIdentifier(token.name) : token.text);
  }
  return out.join("");
}

/**
 * `CHECK (<expr>)`, as pg_get_constraintdef prints a check constraint: the deparser wraps an
 * operator expression in its own parentheses (`CHECK ((i > 0))`), not a bare function call or
 * column (`CHECK (is_valid(x))`).
 */
export function checkDefinition(expression: string, table: { schema: string; name: string }): string {
  return `CHECK (${parenthesiseOperator(normaliseExpression(expression, table))})`;
}

/**
 * Non-pretty pg_get_expr (defaults, generated columns, checks) prints a top-level operator
 * expression in parentheses: `(now() + '1 day'::interval)`; calls, columns and constants bare.
 */
export function parenthesiseOperator(expression: string): string {
  const inner = stripOuterParens(expression);
  return hasTopLevelOperator(inner) ? `(${inner})` : inner;
}

/**
 * pg_get_indexdef(…, k, true) prints an index key expression bare when it looks like a function
 * call and in parentheses otherwise (`looks_like_function` in ruleutils.c).
 */
export function indexKeyExpression(expression: string): string {
  const inner = stripOuterParens(expression);
  return isFunctionCall(inner) ? inner : `(${inner})`;
}

function isFunctionCall(expression: string): boolean {
  const tokens = tokenize(expression);
  let position = 0;
  while (tokens[position]?.kind === "ident" && tokens[position + 1]?.kind === "dot") position += 2;
  if (tokens[position]?.kind !== "ident" || tokens[position + 1]?.text !== "(") return false;
  let depth = 0;
  for (let i = position + 1; i < tokens.length; i++) {
    if (tokens[i]!.text === "(") depth++;
    if (tokens[i]!.text === ")" && --depth === 0) return i === tokens.length - 1;
  }
  return false;
}

const WORD_OPERATORS = new Set(["and", "or", "not", "is", "like", "ilike", "in", "between", "similar", "isnull", "notnull"]);

function hasTopLevelOperator(expression: string): boolean {
  const tokens = tokenize(expression);
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.text === "(" || token.text === "[") depth++;
    else if (token.text === ")" || token.text === "]") depth--;
    else if (depth === 0) {
      if (token.kind === "ident" && !token.quoted && WORD_OPERATORS.has(token.name)) return true;
      if (token.kind === "other" && /^[-+*/<>=~!@#%^&|`?]$/.test(token.text)) return true;
    }
  }
  return false;
}

export function stripOuterParens(text: string): string {
  let current = text.trim();
  while (current.startsWith("(") && current.endsWith(")") && balanced(current.slice(1, -1))) {
    current = current.slice(1, -1).trim();
  }
  return current;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const token of tokenize(text)) {
    if (token.text === "(") depth++;
    if (token.text === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

type Token =
  | { kind: "ident"; text: string; name: string; quoted: boolean }
  | { kind: "dot"; text: "." }
  | { kind: "other"; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < text.length) {
    const rest = text.slice(position);
    let match: RegExpMatchArray | null;
    if ((match = rest.match(/^[eE]?'(?:[^']|'')*'/))) {
      tokens.push({ kind: "other", text: match[0] });
    } else if ((match = rest.match(/^"((?:[^"]|"")*)"/))) {
      tokens.push({ kind: "ident", text: match[0], name: match[1]!.replace(/""/g, '"'), quoted: true });
    } else if ((match = rest.match(/^[A-Za-z_][A-Za-z0-9_$]*/))) {
      tokens.push({ kind: "ident", text: match[0], name: match[0].toLowerCase(), quoted: false });
    } else if (rest.startsWith(".") && !/^\.\d/.test(rest)) {
      match = ["."] as unknown as RegExpMatchArray;
      tokens.push({ kind: "dot", text: "." });
    } else if ((match = rest.match(/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/))) {
      tokens.push({ kind: "other", text: match[0] });
    } else {
      match = [rest[0]!] as unknown as RegExpMatchArray;
      tokens.push({ kind: "other", text: rest[0]! });
    }
    position += match[0]!.length;
  }
  return tokens;
}
