/**
 * INCLUDE columns smuggled into a drizzle index. drizzle-kit has no INCLUDE, so teams write
 * ``index("i").on(t.workspaceId, sql`"created_at") INCLUDE ("credits", "billable"`)``: the last
 * key is an "expression" that closes drizzle-kit's key list itself, and the generated SQL reads
 * `("workspace_id","created_at") INCLUDE ("credits", "billable")`. This splits such an element
 * into the key it really is and the INCLUDE column names.
 */
import { tokenize } from "../expressions/tokenize.js";

export interface IncludeTrick {
  /** The key part, without the closing parenthesis the trick supplies. */
  key: string;
  include: string[];
}

/** The element `text` split at `) INCLUDE (`, when it is the trick; null otherwise. */
export function splitIncludeTrick(text: string): IncludeTrick | null {
  // `) INCLUDE (` where the `)` closes a parenthesis the element did not open.
  const pattern = /\)\s*include\s*\(/gi;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    const key = text.slice(0, match.index);
    if (depth(key) !== 0) continue;
    const rest = text.slice(match.index + match[0].length);
    const names = includeNames(rest);
    if (names === null) return null;
    return { key: key.trim(), include: names };
  }
  return null;
}

/** Parenthesis depth at the end of `text` (strings and quoted names skipped by the tokenizer). */
function depth(text: string): number {
  let level = 0;
  for (const token of tokenize(text)) {
    if (token.t !== "punct") continue;
    if (token.v === "(") level += 1;
    else if (token.v === ")") level -= 1;
  }
  return level;
}

/**
 * `"credits", "billable"` (the trick leaves the list open: drizzle-kit closes it): column names,
 * or null. A `${t.credits}` interpolation may come table-qualified: the column is the last part.
 */
function includeNames(text: string): string[] | null {
  const tokens = tokenize(text);
  const names: string[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    while ((tokens[i]?.t === "id" || tokens[i]?.t === "qid") && tokens[i + 1]?.t === "punct" && tokens[i + 1]!.v === ".") i += 2;
    const token = tokens[i];
    if (token === undefined || (token.t !== "id" && token.t !== "qid")) return null;
    names.push(token.v);
    const next = tokens[i + 1];
    if (next === undefined || (next.t === "punct" && next.v === ")" && i + 2 === tokens.length)) return names;
    if (!(next.t === "punct" && next.v === ",")) return null;
    i += 1;
  }
  return null;
}
