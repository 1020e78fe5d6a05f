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
    if (token.text === "(") groups.push(startsSelect(tokens, i + 1));
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

/** Whether the tokens from `from` on, past any white space (`( select`, a line break), begin with SELECT. */
function startsSelect(tokens: Token[], from: number): boolean {
  let next = from;
  while (tokens[next]?.kind === "other" && tokens[next]!.text.trim() === "") next += 1;
  const token = tokens[next];
  return token?.kind === "ident" && token.name === "select";
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

/**
 * An index element drizzle-kit recorded as an expression (``sql`${t.data} jsonb_path_ops` ``,
 * ``sql`${t.at} DESC NULLS LAST` ``), split as PostgreSQL's grammar reads it (gram.y index_elem:
 * `expr [COLLATE c] [opclass [(params)]] [ASC|DESC] [NULLS FIRST|LAST]`). `column` is set when
 * what is left is a bare column name: PostgreSQL stores that as a column key with those options.
 * The collation is dropped (the model does not compare index collations), and so are opclass
 * parameters (the catalog reports the opclass name only).
 */
export interface IndexElement {
  expression: string;
  column: string | null;
  opclass: string | null;
  order: "asc" | "desc" | null;
  nulls: "first" | "last" | null;
}

/** Words that cannot end an operand, so a name after them is not an operator class. */
const NOT_OPERAND_END = new Set([
  "and", "or", "not", "is", "in", "like", "ilike", "similar", "between", "collate", "escape", "distinct", "from",
  "case", "when", "then", "else", "array", "as", "at", "zone", "time", "using", "on",
]);

export function splitIndexElement(text: string): IndexElement {
  const all = tokenize(text);
  const significant: number[] = [];
  all.forEach((token, i) => {
    if (!(token.kind === "other" && /^\s$/.test(token.text))) significant.push(i);
  });
  const at = (k: number): Token | undefined => (k >= 0 && k < significant.length ? all[significant[k]!] : undefined);
  const word = (k: number): string | null => {
    const token = at(k);
    return token?.kind === "ident" && !token.quoted ? token.name : null;
  };
  const isName = (k: number): boolean => at(k)?.kind === "ident";
  let end = significant.length; // significant tokens [0, end) are still the expression
  const result: IndexElement = { expression: text.trim(), column: null, opclass: null, order: null, nulls: null };

  if (word(end - 2) === "nulls" && (word(end - 1) === "first" || word(end - 1) === "last")) {
    result.nulls = word(end - 1) as "first" | "last";
    end -= 2;
  }
  if (word(end - 1) === "asc" || word(end - 1) === "desc") {
    result.order = word(end - 1) as "asc" | "desc";
    end -= 1;
  }
  // Operator class, possibly schema-qualified, possibly with `(params)`.
  let nameEnd = end;
  if (at(end - 1)?.text === ")") {
    let depth = 0;
    let open = -1;
    for (let k = end - 1; k >= 0; k--) {
      const t = at(k)!.text;
      if (t === ")") depth++;
      if (t === "(" && --depth === 0) {
        open = k;
        break;
      }
    }
    if (open > 0 && isName(open - 1)) nameEnd = open;
  }
  if (isName(nameEnd - 1)) {
    let nameStart = nameEnd - 1;
    if (at(nameStart - 1)?.kind === "dot" && isName(nameStart - 2)) nameStart -= 2;
    if (nameStart > 0 && endsOperand(at(nameStart - 1)!)) {
      result.opclass = at(nameEnd - 1)!.kind === "ident" ? (at(nameEnd - 1) as { name: string }).name : null;
      end = nameStart;
    }
  }
  // COLLATE name (possibly schema-qualified).
  for (const length of [2, 4]) {
    const start = end - length;
    if (start > 0 && word(start) === "collate" && isName(end - 1) && (length === 2 || (at(end - 2)?.kind === "dot" && isName(end - 3)))) {
      end = start;
      break;
    }
  }
  if (end === 0) return { expression: text.trim(), column: null, opclass: null, order: null, nulls: null };
  const rest = stripOuterParens(all.slice(0, significant[end - 1]! + 1).map((token) => token.text).join(""));
  result.expression = rest;
  const restTokens = tokenize(rest);
  // `"data"` or a qualified `"t"."data"`: a column.
  const isColumn = restTokens.length % 2 === 1 && restTokens.every((token, i) => (i % 2 === 0 ? token.kind === "ident" : token.kind === "dot"));
  if (isColumn) result.column = (restTokens[restTokens.length - 1] as { name: string }).name;
  return result;
}

function endsOperand(token: Token): boolean {
  if (token.kind === "ident") return token.quoted || !NOT_OPERAND_END.has(token.name);
  if (token.kind === "dot") return false;
  return token.text === ")" || token.text === "]" || /^[eE]?'/.test(token.text) || /^\d/.test(token.text);
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
