/**
 * The implicit column aliases PostgreSQL's deparser prints in a SELECT list. When a query is
 * stored, every target gets the name the parser chose for it (FigureColname in parse_target.c)
 * and ruleutils.c prints ` AS name` after every target that is not a plain column of that name:
 * `(select current_setting('app.user'))` comes back as
 * `( SELECT current_setting('app.user'::text) AS current_setting)`, `select 1` as
 * `SELECT 1 AS "?column?"`. An alias equal to the name the parser would have chosen anyway
 * changes nothing, so it is dropped on both sides before comparing.
 */
import type { Token } from "./tokenize.js";

/** Words that end a SELECT list at its own parenthesis depth. */
const TARGET_LIST_END = new Set(["from", "where", "group", "having", "window", "order", "limit", "offset", "fetch", "for", "union", "intersect", "except", "into"]);

const isPunct = (token: Token | undefined, value: string): boolean => token?.t === "punct" && token.v === value;
const isWord = (token: Token | undefined, value: string): boolean => token?.t === "id" && token.v === value;
const isName = (token: Token | undefined): boolean => token?.t === "id" || token?.t === "qid";

/** The index of the `)` matching the `(` at `open`, or -1. */
function closing(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    if (isPunct(tokens[i], "(") || isPunct(tokens[i], "[")) depth += 1;
    else if ((isPunct(tokens[i], ")") || isPunct(tokens[i], "]")) && --depth === 0) return i;
  }
  return -1;
}

/** FigureColname for the expression `tokens`: the name PostgreSQL gives the target, or null (`?column?`). */
export function impliedColumnName(tokens: Token[]): string | null {
  let expression = tokens;
  // (expr) → expr
  while (expression.length >= 2 && isPunct(expression[0], "(") && closing(expression, 0) === expression.length - 1) expression = expression.slice(1, -1);
  if (expression.length === 0) return null;
  // expr::type → the expression's name, else the type's last word
  for (let i = expression.length - 1; i > 0; i -= 1) {
    if (!isPunct(expression[i], "::")) continue;
    if (depthAt(expression, i) !== 0) continue;
    const inner = impliedColumnName(expression.slice(0, i));
    if (inner !== null) return inner;
    const type = expression.slice(i + 1).filter(isName);
    return type.length === 1 ? type[0]!.v : null;
  }
  // a.b.c → c
  if (expression.every((token, i) => (i % 2 === 0 ? isName(token) : isPunct(token, "."))) && expression.length % 2 === 1) {
    return expression[expression.length - 1]!.v;
  }
  const first = expression[0]!;
  if (isWord(first, "case") && isWord(expression[expression.length - 1], "end")) return "case";
  if (isWord(first, "array") && isPunct(expression[1], "[") && closing(expression, 1) === expression.length - 1) return "array";
  // f(…), schema.f(…), exists(…), row(…), coalesce(…)
  let position = 0;
  while (isName(expression[position]) && isPunct(expression[position + 1], ".")) position += 2;
  if (isName(expression[position]) && isPunct(expression[position + 1], "(") && closing(expression, position + 1) === expression.length - 1) {
    return expression[position]!.v;
  }
  return null;
}

function depthAt(tokens: Token[], index: number): number {
  let depth = 0;
  for (let i = 0; i < index; i += 1) {
    if (isPunct(tokens[i], "(") || isPunct(tokens[i], "[")) depth += 1;
    else if (isPunct(tokens[i], ")") || isPunct(tokens[i], "]")) depth -= 1;
  }
  return depth;
}

/** The tokens without the `AS name` of SELECT targets whose name is the implied one. */
export function withoutImplicitAliases(tokens: Token[]): Token[] {
  if (!tokens.some((token) => isWord(token, "select"))) return tokens;
  const drop = new Set<number>();
  for (let i = 0; i < tokens.length; i += 1) {
    if (!isWord(tokens[i], "select")) continue;
    let start = i + 1;
    if (isWord(tokens[start], "distinct") || isWord(tokens[start], "all")) start += 1;
    // Walk the target list at this depth: items split by commas, ended by a clause word, `)` or the end.
    let depth = 0;
    let itemStart = start;
    for (let j = start; j <= tokens.length; j += 1) {
      const token = tokens[j];
      const atEnd = token === undefined || (depth === 0 && (isPunct(token, ")") || isPunct(token, ";") || (token.t === "id" && TARGET_LIST_END.has(token.v))));
      if (atEnd || (depth === 0 && isPunct(token, ","))) {
        const item = tokens.slice(itemStart, j);
        const n = item.length;
        if (n >= 3 && isWord(item[n - 2], "as") && isName(item[n - 1])) {
          const implied = impliedColumnName(item.slice(0, -2)) ?? "?column?";
          if (item[n - 1]!.v === implied) {
            drop.add(itemStart + n - 2);
            drop.add(itemStart + n - 1);
          }
        }
        if (atEnd) break;
        itemStart = j + 1;
        continue;
      }
      if (isPunct(token, "(") || isPunct(token, "[")) depth += 1;
      else if (isPunct(token, ")") || isPunct(token, "]")) depth -= 1;
    }
  }
  return drop.size === 0 ? tokens : tokens.filter((_, index) => !drop.has(index));
}
