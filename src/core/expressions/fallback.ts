/** Token-level comparison for text the expression parser does not understand (e.g. view SELECTs). */
import type { Token } from "./tokenize.js";
import { Parser, print, quoteString, TRANSPARENT_CASTS, Unparsable } from "./tree.js";

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

/**
 * Token-level fallback for text the parser does not understand (e.g. view SELECTs), in two
 * strengths:
 *   - lenient: drops every `x.` qualifier and the parentheses after clause words (`where`, `and`,
 *     `or`, `not`, `on`, `using`, …). It absorbs how PostgreSQL reprints text, but it also equates
 *     different expressions (`m.org_id = docs.org_id` vs `m.org_id = m.org_id`, `(a AND b) OR c`
 *     vs `a AND (b OR c)`), so a lenient-only match never proves equality: it is "unsettled".
 *   - strict: keeps parentheses (apart from the outermost wrapper) and qualifiers, apart from
 *     qualifiers naming the own table outside subqueries, the `public`/`pg_catalog` schemas, and,
 *     in a plain single-table SELECT (one `select`, one `from`, no `join`), that table and its alias.
 *     A strict match is equality.
 */
// `from` / `join`: PostgreSQL parenthesises joins in a FROM list (`FROM (a JOIN b ON …)`).
const PAREN_DROPPING_WORDS = new Set(["where", "and", "or", "not", "select", "on", "when", "then", "else", "having", "as", "check", "using", "from", "join"]);

const TYPED_LITERAL_WORDS = new Set(["interval", "date", "timestamp", "timestamptz", "time", "timetz", "numeric", "integer", "bigint", "text", "boolean", "uuid", "json", "jsonb"]);
const LIKE_OPERATORS: Record<string, string> = { like: "~~", ilike: "~~*" };
const ALWAYS_DROPPED_QUALIFIERS = ["public", "pg_catalog"];
/** Words that end a FROM item; anything else after the table name is its alias. */
const FROM_ITEM_END = new Set(["where", "group", "order", "limit", "offset", "having", "window", "for", "union", "intersect", "except", "fetch"]);

export type FallbackMode = "lenient" | "strict";

function isName(token: Token | undefined): boolean {
  return token?.t === "id" || token?.t === "qid";
}

/** Remove parentheses that wrap the whole text (`((a))` → `a`). */
function stripOuterParens(tokens: Token[]): Token[] {
  let result = tokens;
  while (result.length >= 2 && result[0]!.t === "punct" && result[0]!.v === "(" && result[result.length - 1]!.t === "punct" && result[result.length - 1]!.v === ")") {
    let depth = 0;
    let closesAtEnd = true;
    for (let i = 0; i < result.length; i += 1) {
      const token = result[i]!;
      if (token.t === "punct" && token.v === "(") depth += 1;
      if (token.t === "punct" && token.v === ")") depth -= 1;
      if (depth === 0 && i < result.length - 1) {
        closesAtEnd = false;
        break;
      }
    }
    if (!closesAtEnd) break;
    result = result.slice(1, -1);
  }
  return result;
}

/** The table (and alias) of a plain single-table SELECT, whose qualifiers are redundant. */
function singleTableNames(tokens: Token[]): string[] {
  // Words of this SELECT only: a sub-SELECT in its target list or WHERE has its own FROM.
  const depths = parenDepths(tokens);
  const isTopWord = (t: Token, i: number, word: string): boolean => depths[i] === 0 && t.t === "id" && t.v === word;
  const count = (word: string): number => tokens.filter((t, i) => isTopWord(t, i, word)).length;
  if (tokens[0]?.t !== "id" || tokens[0].v !== "select" || count("select") !== 1 || count("from") !== 1 || count("join") !== 0) return [];
  let i = tokens.findIndex((t, index) => isTopWord(t, index, "from")) + 1;
  if (!isName(tokens[i])) return [];
  let name = tokens[i]!.v;
  i += 1;
  if (tokens[i]?.t === "punct" && tokens[i]!.v === "." && isName(tokens[i + 1])) {
    name = tokens[i + 1]!.v;
    i += 2;
  }
  let names = [name];
  if (tokens[i]?.t === "id" && tokens[i]!.v === "as") i += 1;
  const alias = tokens[i];
  if (isName(alias) && !(alias!.t === "id" && FROM_ITEM_END.has(alias!.v))) {
    // An alias hides the table's name: inside, `items.x` is the OUTER query's items (a
    // correlated sub-SELECT over the same table), so only the alias is this SELECT's qualifier.
    names = [alias!.v];
    i += 1;
  }
  const after = tokens[i];
  // `from a, b` (or anything but a clause word or the end) is not a single table.
  if (after !== undefined && !(after.t === "id" && FROM_ITEM_END.has(after.v)) && !(after.t === "punct" && after.v === ";")) return [];
  return names;
}

/** The parenthesis depth of every token (an opening parenthesis is at the outer depth). */
function parenDepths(tokens: Token[]): number[] {
  let depth = 0;
  return tokens.map((token) => {
    if (token.t === "punct" && token.v === ")") depth -= 1;
    const at = depth;
    if (token.t === "punct" && token.v === "(") depth += 1;
    return at;
  });
}

/** Words that end a condition (WHERE / ON / HAVING) at its own parenthesis depth. */
const CONDITION_END = new Set([...FROM_ITEM_END, "join", "left", "right", "inner", "full", "cross", "natural", "on", "using", "returning", "select"]);
const CONDITION_START = new Set(["where", "on", "having"]);

/** The end (exclusive) of the condition starting at `start`: a clause word, `;`, or an unmatched `)`. */
function conditionEnd(tokens: Token[], start: number): number {
  let depth = 0;
  for (let i = start; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token.t === "punct" && token.v === "(") depth += 1;
    else if (token.t === "punct" && token.v === ")") {
      if (depth === 0) return i;
      depth -= 1;
    } else if (depth === 0 && ((token.t === "id" && CONDITION_END.has(token.v)) || (token.t === "punct" && token.v === ";"))) return i;
  }
  return tokens.length;
}

/** The condition parsed as an expression tree (qualifiers other than `droppable` kept), or null. */
function parsedCondition(tokens: Token[], droppable: ReadonlySet<string>): string | null {
  if (tokens.length === 0) return null;
  try {
    return `{${print(new Parser(tokens, droppable).parseAll())}}`;
  } catch (error) {
    if (!(error instanceof Unparsable)) throw error;
    return null;
  }
}

export function fallbackCanonical(input: Token[], mode: FallbackMode = "lenient", ownTable?: string): string {
  const strict = mode === "strict";
  const tokens = strict ? stripOuterParens(input) : input;
  const topLevelDroppable = new Set(strict ? [...ALWAYS_DROPPED_QUALIFIERS, ...singleTableNames(tokens)] : []);
  if (strict && ownTable !== undefined) topLevelDroppable.add(ownTable);
  const nestedDroppable = new Set(ALWAYS_DROPPED_QUALIFIERS);
  /** Open parentheses that start a subquery (`( select …`), for the own-table qualifier rule. */
  const subqueries: boolean[] = [];
  const out: string[] = [];
  const stack: boolean[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const afterNext = tokens[i + 2];
    // strict: a WHERE / ON / HAVING condition the tree parser understands is compared as a tree,
    // so PostgreSQL's added parentheses and casts are settled without dropping any that matter
    if (strict && token.t === "id" && CONDITION_START.has(token.v)) {
      const end = conditionEnd(tokens, i + 1);
      const droppable = subqueries.includes(true) ? nestedDroppable : topLevelDroppable;
      const condition = parsedCondition(tokens.slice(i + 1, end), droppable);
      if (condition !== null) {
        out.push(`"${token.v}"`, condition);
        i = end - 1;
        continue;
      }
    }
    // qualifier `x.` before a name that is not a function call
    if (isName(token) && next?.t === "punct" && next.v === "." && isName(afterNext)) {
      const droppable = subqueries.includes(true) ? nestedDroppable : topLevelDroppable;
      // the schema of `schema.table.column`: the table qualifier alone names the column
      const schemaOfColumn = tokens[i + 3]?.t === "punct" && tokens[i + 3]!.v === "." && isName(tokens[i + 4]);
      if (!strict || schemaOfColumn || droppable.has(token.v)) {
        i += 1;
        continue;
      }
      out.push(`"${token.v}".`);
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
      const keep = strict || (previous !== undefined && (previous.t === "qid" || (previous.t === "id" && !PAREN_DROPPING_WORDS.has(previous.v))));
      stack.push(keep);
      subqueries.push(next?.t === "id" && next.v === "select");
      if (keep) out.push("(");
      continue;
    }
    if (token.t === "punct" && token.v === ")") {
      subqueries.pop();
      if (stack.pop() ?? true) out.push(")");
      continue;
    }
    if (token.t === "punct" && token.v === ";") continue;
    // `INNER JOIN` / `LEFT OUTER JOIN`: PostgreSQL prints `JOIN` / `LEFT JOIN`
    if (token.t === "id" && (token.v === "inner" || token.v === "outer") && next?.t === "id" && next.v === "join") continue;
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
