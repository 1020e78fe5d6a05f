/**
 * Which schema objects a migration statement creates, alters or drops, read from its tokens
 * (no parser): enough to say which statement last touched the object a `verify` finding is
 * about. Each object is a key:
 *   `schema:S`        a schema
 *   `rel:S.N`         a table, view, sequence or index (PostgreSQL's one relation namespace)
 *   `type:S.N`        a type (enum)
 *   `col:S.T.C`       a column of table S.T
 *   `con:S.T.N`       a named constraint of table S.T
 *   `pk:S.T`          the primary key of table S.T (named or not)
 *   `pol:S.T.N`       a policy
 *   `rls:S.T`         row-level security of S.T
 * and, for renames, `renamed:rel:S.OLD>NEW` (a table, view, sequence or index) and
 * `renamed:col:S.T.OLD>NEW` (a column), so a search going back in time can follow the old name.
 * Unqualified names are in `public` (the default search_path). Temporary tables are skipped.
 * A `DO $$ … $$` body is read for the statements inside it (drizzle-kit wrapped foreign keys so).
 */
import { tokenize, type Token } from "../expressions/tokenize.js";

const DEFAULT_SCHEMA = "public";

export function statementObjects(sql: string): Set<string> {
  const keys = new Set<string>();
  read(tokenize(sql), keys, 0);
  return keys;
}

function read(tokens: Token[], keys: Set<string>, depth: number): void {
  // Statements may be several in one text (a custom migration without breakpoints; a DO body).
  let start = 0;
  for (let i = 0; i <= tokens.length; i += 1) {
    if (i < tokens.length && !(tokens[i]!.t === "punct" && tokens[i]!.v === ";")) continue;
    readOne(tokens.slice(start, i), keys, depth);
    start = i + 1;
  }
}

function readOne(all: Token[], keys: Set<string>, depth: number): void {
  // PL/pgSQL block words before a statement inside a DO body.
  let from = 0;
  while (from < all.length && isWord(all[from], "begin", "exception", "end", "declare")) from += 1;
  const when = all.findIndex((t, i) => i >= from && isWord(t, "then"));
  if (isWord(all[from], "when") && when > 0) from = when + 1;
  const t = all.slice(from);
  const c = new Cursor(t);
  if (c.word("do")) {
    const body = t.find((token) => token.t === "str");
    if (body && depth < 3) read(tokenize(body.v), keys, depth + 1);
    return;
  }
  if (c.word("create")) {
    c.word("or") && c.word("replace");
    if (c.word("unique") || c.at("index")) return createIndex(c, keys);
    const temporary = c.skipWords("global", "local", "unlogged", "temp", "temporary", "recursive");
    if (c.word("table")) return temporary ? undefined : createTable(c, keys);
    if (c.word("materialized") || c.at("view")) {
      c.word("view");
      c.ifNotExists();
      return relation(c.name(), keys);
    }
    if (c.word("view") || c.word("sequence")) {
      c.ifNotExists();
      return relation(c.name(), keys);
    }
    if (c.word("type")) return named("type", c.name(), keys);
    if (c.word("schema")) {
      c.ifNotExists();
      const name = c.ident();
      if (name !== null) keys.add(`schema:${name}`);
      return;
    }
    if (c.word("policy")) return policy(c, keys);
    return;
  }
  if (c.word("alter")) {
    if (c.word("table")) return alterTable(c, keys);
    if (c.word("materialized")) c.word("view");
    else if (!(c.word("view") || c.word("sequence") || c.word("index"))) {
      if (c.word("type")) return renamed("type", c, keys);
      if (c.word("policy")) return policy(c, keys);
      if (c.word("schema")) {
        const name = c.ident();
        if (name !== null) keys.add(`schema:${name}`);
        if (c.seek("rename") && c.word("to")) addIdent("schema", c.ident(), keys);
      }
      return;
    }
    c.ifExists();
    return renamed("rel", c, keys);
  }
  if (c.word("drop")) {
    const kind = c.word("table") || c.word("view") || c.word("sequence") ? "rel" : c.word("materialized") && c.word("view") ? "rel" : null;
    if (kind === null && c.word("index")) {
      c.word("concurrently");
      c.ifExists();
      return list(c, (name) => relation(name, keys));
    }
    if (kind === "rel") {
      c.ifExists();
      return list(c, (name) => relation(name, keys));
    }
    if (c.word("type")) {
      c.ifExists();
      return list(c, (name) => named("type", name, keys));
    }
    if (c.word("schema")) {
      c.ifExists();
      const name = c.ident();
      if (name !== null) keys.add(`schema:${name}`);
      return;
    }
    if (c.word("policy")) {
      c.ifExists();
      return policy(c, keys, true);
    }
  }
}

interface Name {
  schema: string;
  name: string;
}

function relation(name: Name | null, keys: Set<string>): void {
  if (name) keys.add(`rel:${name.schema}.${name.name}`);
}

function named(kind: "type" | "rel", name: Name | null, keys: Set<string>): void {
  if (name) keys.add(`${kind}:${name.schema}.${name.name}`);
}

function addIdent(kind: "schema", name: string | null, keys: Set<string>): void {
  if (name !== null) keys.add(`${kind}:${name}`);
}

/** `ALTER … name … RENAME TO new`: both names (the new one in the same schema). */
function renamed(kind: "type" | "rel", c: Cursor, keys: Set<string>): void {
  const name = c.name();
  named(kind, name, keys);
  if (name && c.seek("rename") && c.word("to")) {
    const next = c.ident();
    if (next !== null) {
      keys.add(`${kind}:${name.schema}.${next}`);
      if (kind === "rel") keys.add(`renamed:rel:${name.schema}.${name.name}>${next}`);
    }
  }
}

function list(c: Cursor, each: (name: Name) => void): void {
  do {
    const name = c.name();
    if (!name) return;
    each(name);
  } while (c.punct(","));
}

/** `[IF NOT EXISTS] [name] ON [ONLY] table`: the index is in the table's schema. */
function createIndex(c: Cursor, keys: Set<string>): void {
  c.word("index");
  c.word("concurrently");
  c.ifNotExists();
  const index = c.at("on") ? null : c.ident();
  if (!c.word("on")) return;
  c.word("only");
  const table = c.name();
  if (table && index !== null) keys.add(`rel:${table.schema}.${index}`);
}

/** `POLICY name ON table [RENAME TO new]`. */
function policy(c: Cursor, keys: Set<string>, dropping = false): void {
  const name = c.ident();
  if (name === null || !c.word("on")) return;
  const table = c.name();
  if (!table) return;
  keys.add(`pol:${table.schema}.${table.name}.${name}`);
  if (!dropping && c.seek("rename") && c.word("to")) {
    const next = c.ident();
    if (next !== null) keys.add(`pol:${table.schema}.${table.name}.${next}`);
  }
}

function createTable(c: Cursor, keys: Set<string>): void {
  c.ifNotExists();
  const table = c.name();
  if (!table) return;
  keys.add(`rel:${table.schema}.${table.name}`);
  if (!c.punct("(")) return;
  for (const element of c.groupItems()) tableElement(table, element, keys);
}

/** One element of a CREATE TABLE body or an ALTER TABLE … ADD (`named`: the column name was read already). */
function tableElement(table: Name, element: Token[], keys: Set<string>, named = false): void {
  const c = new Cursor(element);
  const prefix = `${table.schema}.${table.name}`;
  if (element.some((t, i) => isWord(t, "primary") && isWord(element[i + 1], "key"))) keys.add(`pk:${prefix}`);
  for (let i = 0; i < element.length; i += 1) {
    if (!isWord(element[i], "constraint")) continue;
    const name = identOf(element[i + 1]);
    if (name !== null) keys.add(`con:${prefix}.${name}`);
  }
  if (named || c.at("constraint", "primary", "unique", "check", "foreign", "exclude", "like")) return;
  const column = c.ident();
  if (column !== null) keys.add(`col:${prefix}.${column}`);
}

function alterTable(c: Cursor, keys: Set<string>): void {
  c.ifExists();
  c.word("only");
  const table = c.name();
  if (!table) return;
  c.op("*");
  const prefix = `${table.schema}.${table.name}`;
  keys.add(`rel:${prefix}`);
  for (const action of c.restItems()) {
    const a = new Cursor(action);
    if (a.word("add")) {
      if (!a.word("column")) {
        tableElement(table, action.slice(1), keys);
        continue;
      }
      a.ifNotExists();
      const column = a.ident();
      if (column !== null) keys.add(`col:${prefix}.${column}`);
      tableElement(table, action.slice(a.position), keys, true);
    } else if (a.word("alter") || a.word("drop") || a.word("validate")) {
      if (a.word("constraint")) {
        a.ifExists();
        const name = a.ident();
        if (name !== null) keys.add(`con:${prefix}.${name}`);
        continue;
      }
      a.word("column");
      a.ifExists();
      const column = a.ident();
      if (column !== null) keys.add(`col:${prefix}.${column}`);
    } else if (a.word("rename")) {
      if (a.word("to")) {
        const next = a.ident();
        if (next !== null) {
          keys.add(`rel:${table.schema}.${next}`);
          keys.add(`renamed:rel:${prefix}>${next}`);
        }
        continue;
      }
      const kind = a.word("constraint") ? "con" : (a.word("column"), "col");
      const from = a.ident();
      a.word("to");
      const to = a.ident();
      for (const name of [from, to]) if (name !== null) keys.add(`${kind}:${prefix}.${name}`);
      if (kind === "col" && from !== null && to !== null) keys.add(`renamed:col:${prefix}.${from}>${to}`);
    } else if (action.some((t, i) => isWord(t, "row") && isWord(action[i + 1], "level") && isWord(action[i + 2], "security"))) {
      keys.add(`rls:${prefix}`);
    } else if (a.word("set") && a.word("schema")) {
      const schema = a.ident();
      if (schema !== null) keys.add(`rel:${schema}.${table.name}`);
    }
  }
}

function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token !== undefined && token.t === "id" && words.includes(token.v);
}

function identOf(token: Token | undefined): string | null {
  return token !== undefined && (token.t === "id" || token.t === "qid") ? token.v : null;
}

/** A forward-only reader over a statement's tokens. */
class Cursor {
  position = 0;
  constructor(private readonly tokens: Token[]) {}

  at(...words: string[]): boolean {
    return isWord(this.tokens[this.position], ...words);
  }

  word(word: string): boolean {
    if (!this.at(word)) return false;
    this.position += 1;
    return true;
  }

  /** Skips any of the words; true when one was skipped. */
  skipWords(...words: string[]): boolean {
    let skipped = false;
    while (this.at(...words)) {
      this.position += 1;
      skipped = true;
    }
    return skipped;
  }

  punct(value: string): boolean {
    const token = this.tokens[this.position];
    if (token?.t !== "punct" || token.v !== value) return false;
    this.position += 1;
    return true;
  }

  op(value: string): boolean {
    const token = this.tokens[this.position];
    if (token?.t !== "op" || token.v !== value) return false;
    this.position += 1;
    return true;
  }

  ifNotExists(): void {
    if (this.at("if") && isWord(this.tokens[this.position + 1], "not") && isWord(this.tokens[this.position + 2], "exists")) this.position += 3;
  }

  ifExists(): void {
    if (this.at("if") && isWord(this.tokens[this.position + 1], "exists")) this.position += 2;
  }

  ident(): string | null {
    const name = identOf(this.tokens[this.position]);
    if (name !== null) this.position += 1;
    return name;
  }

  /** `name` or `schema.name`. */
  name(): Name | null {
    const first = this.ident();
    if (first === null) return null;
    if (!this.punct(".")) return { schema: DEFAULT_SCHEMA, name: first };
    const second = this.ident();
    return second === null ? null : { schema: first, name: second };
  }

  /** Moves to just past the next occurrence of the word at parenthesis depth 0; false when none. */
  seek(word: string): boolean {
    let depth = 0;
    for (let i = this.position; i < this.tokens.length; i += 1) {
      const token = this.tokens[i]!;
      if (token.t === "punct" && token.v === "(") depth += 1;
      else if (token.t === "punct" && token.v === ")") depth -= 1;
      else if (depth === 0 && isWord(token, word)) {
        this.position = i + 1;
        return true;
      }
    }
    return false;
  }

  /** After an opening parenthesis: the comma-separated items up to its closing one. */
  groupItems(): Token[][] {
    return this.items(true);
  }

  /** The rest of the statement, split on commas at depth 0. */
  restItems(): Token[][] {
    return this.items(false);
  }

  private items(closing: boolean): Token[][] {
    const items: Token[][] = [];
    let current: Token[] = [];
    let depth = 0;
    for (; this.position < this.tokens.length; this.position += 1) {
      const token = this.tokens[this.position]!;
      if (token.t === "punct" && (token.v === "(" || token.v === "[")) depth += 1;
      if (token.t === "punct" && (token.v === ")" || token.v === "]")) {
        if (depth === 0 && closing) {
          this.position += 1;
          break;
        }
        depth -= 1;
      }
      if (depth === 0 && token.t === "punct" && token.v === ",") {
        items.push(current);
        current = [];
        continue;
      }
      current.push(token);
    }
    if (current.length > 0) items.push(current);
    return items;
  }
}
