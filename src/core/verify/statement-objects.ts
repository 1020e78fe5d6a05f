/**
 * Which schema objects a migration statement creates, alters or drops, read from its tokens
 * (no parser): enough to say which statement last touched the object a `verify` finding is
 * about. Each object is a key:
 *   `schema:S`        a schema
 *   `rel:S.N`         a table, view, sequence or index (PostgreSQL's one relation namespace)
 *   `type:S.N`        a type (enum)
 *   `col:S.T.C`       a column of table S.T
 *   `con:S.T.N`       a named constraint of table S.T
 *   `pk:S.T`          the primary key of table S.T, whatever its name (see PrimaryKeys)
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
 *
 * A table's primary key is one object whatever its name: PostgreSQL matches it by table, and a
 * snapshot may expect `t_pkey` where the SQL made `t_id_pk`. So the statements are read in order
 * with what the earlier ones declared PRIMARY KEY (PrimaryKeys), and dropping, altering or renaming
 * a constraint of such a name — or dropping or renaming one of its columns, or dropping its
 * table — touches `pk:S.T` too.
 */
import { chooseRelationName, truncateIdentifier } from "../drizzle/normalise-names.js";
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

/**
 * Per table, the constraints declared its primary key by the statements read so far, each with
 * its columns (empty when not known): the names a later statement may drop, alter or rename the
 * key by. Normally one per table; more only when the SQL is unclear (a CREATE TABLE IF NOT EXISTS
 * of a table that exists), and then each counts.
 */
export class PrimaryKeys {
  /** `S.T` → constraint name → its columns. */
  private readonly tables = new Map<string, Map<string, string[]>>();

  private of(table: string): Map<string, string[]> {
    let names = this.tables.get(table);
    if (!names) this.tables.set(table, (names = new Map()));
    return names;
  }

  declare(table: string, name: string, columns: string[]): void {
    this.of(table).set(truncateIdentifier(name), columns);
  }

  /** CREATE TABLE (not IF NOT EXISTS) or DROP TABLE: true when it had a key. */
  forgetTable(table: string): boolean {
    const had = (this.tables.get(table)?.size ?? 0) > 0;
    this.tables.delete(table);
    return had;
  }

  moveTable(from: string, to: string): void {
    const names = this.tables.get(from);
    this.tables.delete(from);
    if (names) this.tables.set(to, names);
  }

  has(table: string, name: string): boolean {
    return this.tables.get(table)?.has(truncateIdentifier(name)) ?? false;
  }

  dropConstraint(table: string, name: string): void {
    this.tables.get(table)?.delete(truncateIdentifier(name));
  }

  renameConstraint(table: string, from: string, to: string): void {
    const columns = this.tables.get(table)?.get(truncateIdentifier(from));
    if (columns === undefined) return;
    this.dropConstraint(table, from);
    this.declare(table, to, columns);
  }

  /** ALTER INDEX … RENAME of a key's index renames the key: its table, when one in `schema` has it. */
  renameIndex(schema: string, from: string, to: string): string | null {
    for (const table of this.tables.keys()) {
      if (table.startsWith(`${schema}.`) && this.has(table, from)) {
        this.renameConstraint(table, from, to);
        return table;
      }
    }
    return null;
  }

  /** A column dropped (`to` null: the keys on it go with it) or renamed: true when a key has it. */
  column(table: string, from: string, to: string | null): boolean {
    let touched = false;
    for (const [name, columns] of this.tables.get(table) ?? []) {
      if (!columns.includes(from)) continue;
      touched = true;
      if (to === null) this.tables.get(table)!.delete(name);
      else this.tables.get(table)!.set(name, columns.map((column) => (column === from ? to : column)));
    }
    return touched;
  }
}

/**
 * The statements of `sql` that touch some object, in order. `primaryKeys` carries what earlier
 * texts declared (a migration's statements, migration after migration) and is updated.
 */
export function statementParts(sql: string, primaryKeys = new PrimaryKeys()): StatementPart[] {
  const parts: StatementPart[] = [];
  for (const statement of split(located(sql, 0))) {
    const keys: Keys = new Map();
    readOne(statement, keys, 0, primaryKeys);
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

function readOne(all: Located[], keys: Keys, depth: number, pks: PrimaryKeys): void {
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
    if (body && depth < 3) for (const statement of split(located(body.v, body.line))) readOne(statement, keys, depth + 1, pks);
    return;
  }
  if (c.word("create")) {
    c.word("or") && c.word("replace");
    if (c.word("unique") || c.at("index")) return createIndex(c, keys);
    const temporary = c.skipWords("global", "local", "unlogged", "temp", "temporary", "recursive");
    if (c.word("table")) return temporary ? undefined : createTable(c, keys, pks);
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
    if (c.word("table")) return alterTable(c, keys, t[0]!.line, pks);
    if (c.word("materialized")) c.word("view");
    else if (c.word("index")) {
      c.ifExists();
      return renamed("rel", c, keys, pks);
    } else if (!(c.word("view") || c.word("sequence"))) {
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
      return list(c, (name) => {
        named("rel", name, keys);
        // A table dropped drops its key (a view or sequence has none).
        if (pks.forgetTable(`${name.schema}.${name.name}`)) add(keys, `pk:${name.schema}.${name.name}`, name.line);
      });
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

/**
 * `ALTER … name … RENAME TO new`: both names (the new one in the same schema). `pks` when the
 * relation is an index, which may be a primary key's: renaming it renames the key.
 */
function renamed(kind: "type" | "rel", c: Cursor, keys: Keys, pks?: PrimaryKeys): void {
  const name = c.name();
  named(kind, name, keys);
  if (name && c.seek("rename") && c.word("to")) {
    const next = c.ident();
    if (next !== null) {
      add(keys, `${kind}:${name.schema}.${next.v}`, next.line);
      if (kind === "rel") add(keys, `renamed:rel:${name.schema}.${name.name}>${next.v}`, next.line);
      const table = pks?.renameIndex(name.schema, name.name, next.v);
      if (table) add(keys, `pk:${table}`, next.line);
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

function createTable(c: Cursor, keys: Keys, pks: PrimaryKeys): void {
  const ifNotExists = c.ifNotExists();
  const table = c.name();
  if (!table) return;
  add(keys, `rel:${table.schema}.${table.name}`, table.line);
  // A new table has only the keys it declares (IF NOT EXISTS may be a table that exists).
  if (!ifNotExists) pks.forgetTable(`${table.schema}.${table.name}`);
  if (!c.punct("(")) return;
  for (const element of c.groupItems()) tableElement(table, element, keys, pks);
}

/**
 * One element of a CREATE TABLE body or an ALTER TABLE … ADD (`column`: the column name, read
 * already after ADD COLUMN). Only the element's own column (its first word) is a column of the
 * table: names after it — a REFERENCES target, the columns of a table constraint — are not
 * columns it creates. A primary key is at its PRIMARY KEY's line (a column's may be below its
 * statement's first line), and is declared to `pks` under its name: the one given, the index's
 * for `USING INDEX`, else PostgreSQL's implicit `<table>_pkey`.
 */
function tableElement(table: Name, element: Located[], keys: Keys, pks: PrimaryKeys, column: Ident | null = null): void {
  const c = new Cursor(element);
  const prefix = `${table.schema}.${table.name}`;
  for (let i = 0; i < element.length; i += 1) {
    if (!isWord(element[i], "constraint")) continue;
    const name = identOf(element[i + 1]);
    if (name !== null) add(keys, `con:${prefix}.${name.v}`, name.line);
  }
  const own = column ?? (c.at("constraint", "primary", "unique", "check", "foreign", "exclude", "like") ? null : c.ident());
  if (own !== null && column === null) add(keys, `col:${prefix}.${own.v}`, own.line);
  const primary = element.findIndex((t, i) => isWord(t, "primary") && isWord(element[i + 1], "key"));
  if (primary < 0) return;
  add(keys, `pk:${prefix}`, element[primary]!.line);
  const given = isWord(element[primary - 2], "constraint") ? identOf(element[primary - 1]) : null;
  const after = new Cursor(element.slice(primary + 2));
  const columns: string[] = [];
  if (own !== null) columns.push(own.v);
  else if (after.punct("(")) for (let name = after.ident(); name !== null; name = after.punct(",") ? after.ident() : null) columns.push(name.v);
  const index = after.word("using") && after.word("index") ? after.ident() : null;
  pks.declare(prefix, given?.v ?? index?.v ?? chooseRelationName(truncateIdentifier(table.name), "", "pkey"), columns);
}

function alterTable(c: Cursor, keys: Keys, start: number, pks: PrimaryKeys): void {
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
        tableElement(table, action.slice(1), keys, pks);
        continue;
      }
      a.ifNotExists();
      const column = a.ident();
      if (column === null) continue;
      add(keys, `col:${prefix}.${column.v}`, column.line);
      tableElement(table, action.slice(a.position), keys, pks, column);
    } else if (a.at("alter", "drop", "validate")) {
      const dropping = a.word("drop");
      if (!dropping) a.word("alter") || a.word("validate");
      if (a.word("constraint")) {
        a.ifExists();
        const name = a.ident();
        if (name === null) continue;
        add(keys, `con:${prefix}.${name.v}`, name.line);
        // A constraint declared the table's primary key, by whatever name: the key.
        if (pks.has(prefix, name.v)) add(keys, `pk:${prefix}`, name.line);
        if (dropping) pks.dropConstraint(prefix, name.v);
        continue;
      }
      a.word("column");
      a.ifExists();
      const column = a.ident();
      if (column === null) continue;
      add(keys, `col:${prefix}.${column.v}`, column.line);
      // Dropping a column of the key drops the key.
      if (dropping && pks.column(prefix, column.v, null)) add(keys, `pk:${prefix}`, column.line);
    } else if (a.word("rename")) {
      if (a.word("to")) {
        const next = a.ident();
        if (next !== null) {
          add(keys, `rel:${table.schema}.${next.v}`, next.line);
          add(keys, `renamed:rel:${prefix}>${next.v}`, next.line);
          pks.moveTable(prefix, `${table.schema}.${next.v}`);
          // ALTER TABLE renames an index too: a key's, which renames the key.
          const keyed = pks.renameIndex(table.schema, table.name, next.v);
          if (keyed) add(keys, `pk:${keyed}`, next.line);
        }
        continue;
      }
      const kind = a.word("constraint") ? "con" : (a.word("column"), "col");
      const from = a.ident();
      a.word("to");
      const to = a.ident();
      for (const name of [from, to]) if (name !== null) add(keys, `${kind}:${prefix}.${name.v}`, name.line);
      if (from === null || to === null) continue;
      if (kind === "col") add(keys, `renamed:col:${prefix}.${from.v}>${to.v}`, to.line);
      // The key renamed, or one of its columns (its column list reads otherwise).
      const ofKey = kind === "con" ? pks.has(prefix, from.v) : pks.column(prefix, from.v, to.v);
      if (ofKey) add(keys, `pk:${prefix}`, to.line);
      if (kind === "con") pks.renameConstraint(prefix, from.v, to.v);
    } else if (action.some((t, i) => isWord(t, "row") && isWord(action[i + 1], "level") && isWord(action[i + 2], "security"))) {
      add(keys, `rls:${prefix}`, start);
    } else if (a.word("set") && a.word("schema")) {
      const schema = a.ident();
      if (schema !== null) {
        add(keys, `rel:${schema.v}.${table.name}`, schema.line);
        pks.moveTable(prefix, `${schema.v}.${table.name}`);
      }
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

  ifNotExists(): boolean {
    if (!(this.at("if") && isWord(this.tokens[this.position + 1], "not") && isWord(this.tokens[this.position + 2], "exists"))) return false;
    this.position += 3;
    return true;
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
