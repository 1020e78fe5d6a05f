/**
 * Are two SQL expression texts the same expression?
 *
 * One side is what PostgreSQL prints (`pg_get_expr`, `pg_get_constraintdef`, `pg_get_indexdef`,
 * `pg_get_viewdef`), the other is what a drizzle-kit snapshot recorded (what the user wrote,
 * table-qualified, unparenthesised). Both are parsed into a small expression tree that applies
 * the rewrites PostgreSQL itself applies when it stores an expression, then printed fully
 * parenthesised; equal prints mean equal expressions:
 *   - whitespace, keyword case, quoting of identifiers that need no quotes;
 *   - table qualifiers before column names (`"users"."status"` → `status`);
 *   - casts PostgreSQL adds to literals (`'abc'::text`, `'-1'::integer`, `NULL::text`) and the
 *     implicit `::text` / `::character varying` it adds around varchar columns;
 *   - numeric literal forms (`1.50` = `1.5`, `-1` = `'-1'::integer`);
 *   - operator precedence and redundant parentheses (`a + b * c` = `(a + (b * c))`);
 *   - `IN (…)` as transformAExprIn rewrites it: two or more constants = `= ANY (ARRAY[…])`, a
 *     single constant or a column reference = its own `=`, joined by OR (`NOT IN`: `<> ALL`,
 *     `<>`, AND) — tree.ts `inList`;
 *   - `BETWEEN` = `>= AND <=`, `LIKE` = `~~`, `!=` = `<>`;
 *   - the SQL-standard call syntaxes as the plain calls the grammar makes of them:
 *     `POSITION(a IN b)` = `position(b, a)`, `SUBSTRING(x FROM a FOR b)` = `substring(x, a, b)`,
 *     `TRIM(BOTH c FROM x)` = `btrim(x, c)`, `EXTRACT(year FROM x)` = `extract('year', x)`,
 *     `OVERLAY(x PLACING y FROM a FOR b)` = `overlay(x, y, a, b)` (PostgreSQL 15 prints the
 *     former, 14 the latter);
 *   - implicit numeric widening: the cast PostgreSQL adds to a column reference so that both
 *     operands of an arithmetic or comparison operator have one type (`price * quantity` is
 *     stored as `(price * (quantity)::numeric)`). A cast of a column to integer, bigint, numeric,
 *     real or double precision is dropped when it is one operand of such an operator and the other
 *     operand could have forced it: not an integer literal, not itself such a cast. Without type
 *     information this also accepts an explicit `a::numeric * b` where the database has `a * b`;
 *     both give the same value short of integer overflow (tree.ts, `withoutImplicitWidening`);
 *   - the `CHECK (…)` wrapper of constraint definitions.
 * Text the parser does not understand (whole SELECTs of views, subqueries, exotic syntax) falls
 * back to a token-level comparison (fallback.ts), which is why the comparison is three-valued:
 *   - "equal": both sides parsed to the same tree, or a strict token comparison matches;
 *   - "different": both sides parsed to different trees (settled), or even the lenient token
 *     comparison sees a difference;
 *   - "unsettled": only the lenient token comparison matches. The lenient comparison drops
 *     qualifiers and parentheses PostgreSQL reprints, so it cannot tell `m.org_id = docs.org_id`
 *     from `m.org_id = m.org_id`; DESIGN.md caps findings from such a difference at warning.
 */
import { fallbackCanonical, stripWrappers } from "./fallback.js";
import { withoutImplicitAliases } from "./select-aliases.js";
import { tokenize, type Token } from "./tokenize.js";
import { Parser, print, Unparsable } from "./tree.js";
import { canonicalTypedLiterals } from "./typed-literals.js";

export { canonicalNumber, tokenize } from "./tokenize.js";

const cache = new Map<string, string>();

/**
 * The tokens every comparison starts from: wrappers stripped, the implicit SELECT-list aliases
 * PostgreSQL prints dropped (select-aliases.ts) and typed literals in their stored form
 * (typed-literals.ts). `lenient`: literals not understood become placeholders of their type.
 */
function comparisonTokens(text: string, lenient = false): { tokens: Token[]; unsettled: boolean } {
  return canonicalTypedLiterals(withoutImplicitAliases(stripWrappers(tokenize(text))), lenient);
}

/** A SELECT inside the expression: its tree compares qualifiers PostgreSQL may have added. */
function hasSubquery(text: string): boolean {
  return /\bselect\b/i.test(text);
}

/** The canonical form used for comparisons (exported for definition keys and tests). */
export function normalizeExpression(text: string): string {
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const { tokens, unsettled } = comparisonTokens(text);
  let result: string;
  try {
    // A typed literal not understood must not settle a comparison: compare it token-wise.
    if (unsettled) throw new Unparsable("typed literal");
    result = `expr:${print(new Parser(tokens).parseAll())}`;
  } catch (error) {
    if (!(error instanceof Unparsable)) throw error;
    result = `tokens:${fallbackCanonical(tokens)}`;
  }
  if (cache.size > 50_000) cache.clear();
  cache.set(text, result);
  return result;
}

/** `NULL`, `(NULL)`, `NULL::jsonb`, `CAST(NULL AS text)::varchar`: the NULL constant under any casts. */
export function isNullConstant(text: string): boolean {
  return normalizeExpression(text) === "expr:null";
}

/**
 * A key equal only for expressions `compareExpressions` calls "equal" (the parsed tree, or the
 * strict token form), for matching definitions by key.
 */
export function expressionKey(text: string, options: CompareOptions = {}): string {
  const normalized = normalizeExpression(text);
  if (normalized.startsWith("expr:")) return normalized;
  return `strict:${fallbackCanonical(comparisonTokens(text).tokens, "strict", options.table)}`;
}

export type ExpressionComparison = "equal" | "different" | "unsettled";

export interface CompareOptions {
  /** The table the expression belongs to: its qualifier is redundant outside subqueries. */
  table?: string;
}

export function compareExpressions(a: string, b: string, options: CompareOptions = {}): ExpressionComparison {
  if (a === b) return "equal";
  const left = normalizeExpression(a);
  const right = normalizeExpression(b);
  // Both parsed: the trees settle it, short of a sub-SELECT, whose strict token form keeps the
  // qualifiers PostgreSQL adds to its columns (`m.user_id` for a written `user_id`).
  if (left.startsWith("expr:") && right.startsWith("expr:")) {
    if (left === right) return "equal";
    if (!hasSubquery(a) && !hasSubquery(b)) return "different";
  } else if (fallbackCanonical(comparisonTokens(a).tokens, "strict", options.table) === fallbackCanonical(comparisonTokens(b).tokens, "strict", options.table)) {
    return "equal";
  }
  // A typed literal not understood on either side: literals of its kind cannot be told apart.
  const literalsUnsettled = comparisonTokens(a).unsettled || comparisonTokens(b).unsettled;
  const lenient = (text: string) => fallbackCanonical(comparisonTokens(text, literalsUnsettled).tokens, "lenient");
  if (lenient(a) === lenient(b)) return "unsettled";
  return "different";
}

/** Proven the same expression ("unsettled" is not proof; callers that may accept it use compareExpressions). */
export function expressionsEquivalent(a: string, b: string, options: CompareOptions = {}): boolean {
  return compareExpressions(a, b, options) === "equal";
}

/** Not proven different: equal or unsettled (for matching objects by definition). */
export function expressionsPossiblyEquivalent(a: string, b: string, options: CompareOptions = {}): boolean {
  return compareExpressions(a, b, options) !== "different";
}

/** The worse of two comparisons: different > unsettled > equal. */
export function worseComparison(x: ExpressionComparison, y: ExpressionComparison): ExpressionComparison {
  if (x === "different" || y === "different") return "different";
  if (x === "unsettled" || y === "unsettled") return "unsettled";
  return "equal";
}
