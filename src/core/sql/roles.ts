/**
 * The roles SQL creates, read from its tokens. Roles belong to the server, not to a database:
 * replay on a server (`--scratch-url`) must skip a CREATE ROLE of a role that exists there and
 * drop the roles it created once its scratch database is gone (replay.ts).
 */
import { tokenize, type Token } from "../expressions/tokenize.js";

/** `CREATE ROLE | USER | GROUP name` (PostgreSQL's three spellings of CREATE ROLE). */
const ROLE_WORDS = new Set(["role", "user", "group"]);

/**
 * The role a statement creates when it is a plain `CREATE ROLE name …` at top level, or null.
 * (One inside a DO block is that block's business: typically guarded by `IF NOT EXISTS`.)
 */
export function createRoleName(statement: string): string | null {
  const tokens = tokenize(statement);
  return roleCreatedAt(tokens, 0);
}

/**
 * Every role the SQL may create: top-level CREATE ROLE statements, and those in DO blocks,
 * function bodies and EXECUTE literals (any string is read as SQL too), deduplicated.
 */
export function createdRoles(sql: string): string[] {
  const names = new Set<string>();
  collect(tokenize(sql), names, 0);
  return [...names];
}

function collect(tokens: Token[], names: Set<string>, depth: number): void {
  tokens.forEach((token, at) => {
    const name = roleCreatedAt(tokens, at);
    if (name !== null) names.add(name);
    // Bodies nest (a DO block that EXECUTEs a literal); a bound keeps a pathological text cheap.
    if (token.t === "str" && depth < 4 && /create/i.test(token.v)) collect(tokenize(token.v), names, depth + 1);
  });
}

function roleCreatedAt(tokens: Token[], at: number): string | null {
  if (word(tokens[at]) !== "create" || !ROLE_WORDS.has(word(tokens[at + 1]) ?? "")) return null;
  // CREATE USER MAPPING [IF NOT EXISTS] FOR …: a foreign-server mapping, not a role.
  if (word(tokens[at + 1]) === "user" && word(tokens[at + 2]) === "mapping" && ["for", "if"].includes(word(tokens[at + 3]) ?? "")) return null;
  const name = tokens[at + 2];
  return name !== undefined && (name.t === "id" || name.t === "qid") ? name.v : null;
}

function word(token: Token | undefined): string | null {
  return token?.t === "id" ? token.v : null;
}
