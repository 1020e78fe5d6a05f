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

/**
 * The roles a top-level statement changes beyond the database it runs in: ALTER / DROP / COMMENT
 * ON a role, and role membership (`GRANT a TO b`, `REVOKE a FROM b`: `pairs` are [role, member]).
 * Null for anything else (privileges on objects live in the database).
 */
export interface RoleChange {
  /** `ALTER ROLE`, `GRANT`, …: for notes. */
  head: string;
  /** Roles changed themselves (altered, dropped, commented on). */
  roles: string[];
  /** Membership granted or revoked: [role, member]. */
  pairs: [string, string][];
}

export function roleChange(statement: string): RoleChange | null {
  const tokens = tokenize(statement);
  const first = word(tokens[0]);
  const second = word(tokens[1]);
  if ((first === "alter" || first === "drop") && ROLE_WORDS.has(second ?? "")) {
    // ALTER ROLE ALL / CURRENT_USER … changes roles this text does not name: treated as not ours.
    let at = 2;
    if (first === "drop" && word(tokens[2]) === "if" && word(tokens[3]) === "exists") at = 4;
    const roles = first === "drop" ? nameList(tokens, at).names : nameList(tokens, at).names.slice(0, 1);
    return roles.length > 0 ? { head: `${first.toUpperCase()} ${second!.toUpperCase()}`, roles, pairs: [] } : null;
  }
  if (first === "comment" && second === "on" && word(tokens[2]) === "role") {
    const roles = nameList(tokens, 3).names.slice(0, 1);
    return roles.length > 0 ? { head: "COMMENT ON ROLE", roles, pairs: [] } : null;
  }
  if (first === "grant" || first === "revoke") {
    // Membership has no ON: GRANT a, b TO c; REVOKE [ADMIN OPTION FOR] a FROM c.
    if (tokens.some((token) => word(token) === "on")) return null;
    let at = 1;
    if (first === "revoke" && ["admin", "inherit", "set"].includes(word(tokens[1]) ?? "") && word(tokens[2]) === "option" && word(tokens[3]) === "for") at = 4;
    const granted = nameList(tokens, at);
    const link = word(tokens[granted.end]);
    if (granted.names.length === 0 || link !== (first === "grant" ? "to" : "from")) return null;
    const members = nameList(tokens, granted.end + 1).names;
    const pairs = granted.names.flatMap((role) => members.map((member): [string, string] => [role, member]));
    return pairs.length > 0 ? { head: first.toUpperCase(), roles: [], pairs } : null;
  }
  return null;
}

/** `a, "B", c` from `at`: the names and where the list ends. */
function nameList(tokens: Token[], at: number): { names: string[]; end: number } {
  const names: string[] = [];
  let i = at;
  for (;;) {
    const token = tokens[i];
    if (!(token?.t === "id" || token?.t === "qid")) break;
    names.push(token.v);
    i += 1;
    const comma = tokens[i];
    if (!(comma?.t === "punct" && comma.v === ",")) break;
    i += 1;
  }
  return { names, end: i };
}
