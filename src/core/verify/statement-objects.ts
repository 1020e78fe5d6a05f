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
 *
 * Each key is attributed to the object the statement acts on, with the line of the token naming
 * it: a column is `col:S.T.C` only inside a statement on S.T (its CREATE TABLE, or an ALTER TABLE
 * of S.T), never because another table's statement names a column, index key or foreign key
 * target of the same name. A foreign key's REFERENCES target (`REFERENCES "a"("status")`) does
 * not touch a.status: the constraint belongs to the referencing table and neither creates nor
 * changes the column it points at. A text holding several statements (a migration written without
 * breakpoints, a custom one) is read as so many statements, each with its own keys and lines.
 */
import { tokenize, type Token } from "../expressions/tokenize.js";

const DEFAULT_SCHEMA = "public";

/** A token with the 0-based line of the text it was read from. */
type Located = Token & { line: number };

/** Object key → 0-based line of the text naming it (the last such line when several do). */
type Keys = Map<string, number>;

/** One statement of a text and the objects it touches. */
export interface StatementPart {
  /** 0-based line of the text on which the statement starts. */
  line: number;
  keys: Keys;
}

/** The statements of `sql` that touch some object, in order. */
export function statementParts(sql: string): StatementPart[] {
  const parts: StatementPart[] = [];
  for (const statement of split(located(sql, 0))) {
    const keys: Keys = new Map();
    readOne(statement, keys, 0);
    if (keys.size > 0) parts.push({ line: statement[0]!.line, keys });
  }
  return parts;
}

/** Every object any statement of `sql` touches. */
export function statementObjects(sql: string): Set<string> {
  return new Set(statementParts(sql).flatMap((part) => [...part.keys.keys()]));
}

function located(text: string, firstLine: number): Located[] {
  const lines: number[] = [];
  return tokenize(text, lines).map((token, i) => ({ ...token, line: firstLine + lines[i]! }));
}

/** Statements may be several in one text (a migration without breakpoints; a DO body). */
function split(tokens: Located[]): Located[][] {
  const statements: Located[][] = [];
  let start = 0;
  for (let i = 0; i <= tokens.length; i += 1) {
    if (i < tokens.length && !(tokens[i]!.t === "punct" && tokens[i]!.v === ";")) continue;
    if (i > start) statements.push(tokens.slice(start, i));
    start = i + 1;
  }
  return statements;
}

function add(keys: Keys, key: string, line: number): void {
  keys.set(key, line);
}

function readOne(all: Located[], keys: Keys, depth: number): void {
  // PL/pgSQL block words before a statement inside a DO body.
  let from = 0;
  while (from < all.length && isWord(all[from], "begin", "exception", "end", "declare")) from += 1;
  const when = all.findIndex((t, i) => i >= from && isWord(t, "then"));
  if (isWord(all[from], "when") && when > 0) from = when + 1;
  const t = all.slice(from);
  if (t.length === 0) return;
  const c = new Cursor(t);
  if (c.word("do")) {
    // The body's text starts on the line of its opening quote.
    const body = t.find((token) => token.t === "str");
    if (body && depth < 3) for (const statement of split(located(body.v, body.line))) readOne(statement, keys, depth + 1);
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
      return named("rel", c.name(), keys);
    }
    if (c.word("view") || c.word("sequence")) {
      c.ifNotExists();
      return named("rel", c.name(), keys);
    }
    if (c.word("type")) return named("type", c.name(), keys);
    if (c.word("schema")) {
      c.ifNotExists();
      return schema(c.ident(), keys);
    }
    if (c.word("policy")) return policy(c, keys);
    return;
  }
  if (c.word("alter")) {
    if (c.word("table")) return alterTable(c, keys, t[0]!.line);
    if (c.word("materialized")) c.word("view");
    else if (!(c.word("view") || c.word("sequence") || c.word("index"))) {
      if (c.word("type")) return renamed("type", c, keys);
      if (c.word("policy")) return policy(c, keys);
      if (c.word("schema")) {
        schema(c.ident(), keys);
        if (c.seek("rename") && c.word("to")) schema(c.ident(), keys);
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
      return list(c, (name) => named("rel", name, keys));
    }
    if (kind === "rel") {
      c.ifExists();
      return list(c, (name) => named("rel", name, keys));
    }
    if (c.word("type")) {
      c.ifExists();
      return list(c, (name) => named("type", name, keys));
    }
    if (c.word("schema")) {
      c.ifExists();
      return schema(c.ident(), keys);
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
  /** Line of the name's first token. */
  line: number;
}

interface Ident {
  v: string;
  line: number;
}

function named(kind: "type" | "rel", name: Name | null, keys: Keys): void {
  if (name) add(keys, `${kind}:${name.schema}.${name.name}`, name.line);
}

function schema(name: Ident | null, keys: Keys): void {
  if (name !== null) add(keys, `schema:${name.v}`, name.line);
}

/** `ALTER … name … RENAME TO new`: both names (the new one in the same schema). */
function renamed(kind: "type" | "rel", c: Cursor, keys: Keys): void {
  const name = c.name();
  named(kind, name, keys);
  if (name && c.seek("rename") && c.word("to")) {
    const next = c.ident();
    if (next !== null) {
      add(keys, `${kind}:${name.schema}.${next.v}`, next.line);
      if (kind === "rel") add(keys, `renamed:rel:${name.schema}.${name.name}>${next.v}`, next.line);
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

/**
 * `[IF NOT EXISTS] [name] ON [ONLY] table`: the index is in the table's schema. Its key columns
 * are the table's, read by nobody: an index creates or changes none of them.
 */
function createIndex(c: Cursor, keys: Keys): void {
  c.word("index");
  c.word("concurrently");
  c.ifNotExists();
  const index = c.at("on") ? null : c.ident();
  if (!c.word("on")) return;
  c.word("only");
  const table = c.name();
  if (table && index !== null) add(keys, `rel:${table.schema}.${index.v}`, index.line);
}

/** `POLICY name ON table [RENAME TO new]`. */
function policy(c: Cursor, keys: Keys, dropping = false): void {
  const name = c.ident();
  if (name === null || !c.word("on")) return;
  const table = c.name();
  if (!table) return;
  add(keys, `pol:${table.schema}.${table.name}.${name.v}`, name.line);
  if (!dropping && c.seek("rename") && c.word("to")) {
    const next = c.ident();
    if (next !== null) add(keys, `pol:${table.schema}.${table.name}.${next.v}`, next.line);
  }
}

function createTable(c: Cursor, keys: Keys): void {
  c.ifNotExists();
  const table = c.name();
  if (!table) return;
  add(keys, `rel:${table.schema}.${table.name}`, table.line);
  if (!c.punct("(")) return;
  for (const element of c.groupItems()) tableElement(table, element, keys, table.line);
}

/**
 * One element of a CREATE TABLE body or an ALTER TABLE … ADD (`named`: the column name was read
 * already). Only the element's own column (its first word) is a column of the table: names after
 * it — a REFERENCES target, the columns of a table constraint — are not columns it creates.
 * An unnamed primary key has no name to point at: it is located at its statement (`start`).
 */
function tableElement(table: Name, element: Located[], keys: Keys, start: number, named = false): void {
  const c = new Cursor(element);
  const prefix = `${table.schema}.${table.name}`;
  if (element.some((t, i) => isWord(t, "primary") && isWord(element[i + 1], "key"))) add(keys, `pk:${prefix}`, start);
  for (let i = 0; i < element.length; i += 1) {
    if (!isWord(element[i], "constraint")) continue;
    const name = identOf(element[i + 1]);
    if (name !== null) add(keys, `con:${prefix}.${name.v}`, name.line);
  }
  if (named || c.at("constraint", "primary", "unique", "check", "foreign", "exclude", "like")) return;
  const column = c.ident();
  if (column !== null) add(keys, `col:${prefix}.${column.v}`, column.line);
}

function alterTable(c: Cursor, keys: Keys, start: number): void {
  c.ifExists();
  c.word("only");
  const table = c.name();
  if (!table) return;
  c.op("*");
  const prefix = `${table.schema}.${table.name}`;
  add(keys, `rel:${prefix}`, table.line);
  for (const action of c.restItems()) {
    const a = new Cursor(action);
    if (a.word("add")) {
      if (!a.word("column")) {
        tableElement(table, action.slice(1), keys, start);
        continue;
      }
      a.ifNotExists();
      const column = a.ident();
      if (column !== null) add(keys, `col:${prefix}.${column.v}`, column.line);
      tableElement(table, action.slice(a.position), keys, start, true);
    } else if (a.word("alter") || a.word("drop") || a.word("validate")) {
      if (a.word("constraint")) {
        a.ifExists();
        const name = a.ident();
        if (name !== null) add(keys, `con:${prefix}.${name.v}`, name.line);
        continue;
      }
      a.word("column");
      a.ifExists();
      const column = a.ident();
      if (column !== null) add(keys, `col:${prefix}.${column.v}`, column.line);
    } else if (a.word("rename")) {
      if (a.word("to")) {
        const next = a.ident();
        if (next !== null) {
          add(keys, `rel:${table.schema}.${next.v}`, next.line);
          add(keys, `renamed:rel:${prefix}>${next.v}`, next.line);
        }
        continue;
      }
      const kind = a.word("constraint") ? "con" : (a.word("column"), "col");
      const from = a.ident();
      a.word("to");
      const to = a.ident();
      for (const name of [from, to]) if (name !== null) add(keys, `${kind}:${prefix}.${name.v}`, name.line);
      if (kind === "col" && from !== null && to !== null) add(keys, `renamed:col:${prefix}.${from.v}>${to.v}`, to.line);
    } else if (action.some((t, i) => isWord(t, "row") && isWord(action[i + 1], "level") && isWord(action[i + 2], "security"))) {
      add(keys, `rls:${prefix}`, start);
    } else if (a.word("set") && a.word("schema")) {
      const schema = a.ident();
      if (schema !== null) add(keys, `rel:${schema.v}.${table.name}`, schema.line);
    }
  }
}

function isWord(token: Located | undefined, ...words: string[]): boolean {
  return token !== undefined && token.t === "id" && words.includes(token.v);
}

function identOf(token: Located | undefined): Ident | null {
  return token !== undefined && (token.t === "id" || token.t === "qid") ? { v: token.v, line: token.line } : null;
}

/** A forward-only reader over a statement's tokens. */
class Cursor {
  position = 0;
  constructor(private readonly tokens: Located[]) {}

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

  ident(): Ident | null {
    const name = identOf(this.tokens[this.position]);
    if (name !== null) this.position += 1;
    return name;
  }

  /** `name` or `schema.name`. */
  name(): Name | null {
    const first = this.ident();
    if (first === null) return null;
    if (!this.punct(".")) return { schema: DEFAULT_SCHEMA, name: first.v, line: first.line };
    const second = this.ident();
    return second === null ? null : { schema: first.v, name: second.v, line: first.line };
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
  groupItems(): Located[][] {
    return this.items(true);
  }

  /** The rest of the statement, split on commas at depth 0. */
  restItems(): Located[][] {
    return this.items(false);
  }

  private items(closing: boolean): Located[][] {
    const items: Located[][] = [];
    let current: Located[] = [];
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
