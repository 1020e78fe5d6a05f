/**
 * What a migration's SQL changes, read from its tokens (no parser, no guessing from text):
 *  - `changesSchemaObjects(sql)`: whether any statement creates, alters or drops a schema object.
 *    INSERT / UPDATE / DELETE / MERGE / COPY / TRUNCATE, transaction control, SET, ANALYZE,
 *    REFRESH, COMMENT, GRANT / REVOKE and the like change data or metadata only, as does
 *    `CREATE TEMP TABLE`. A `DO` block counts by what its body does; a body that runs dynamic
 *    SQL (`EXECUTE` of anything but a string literal) or calls a procedure counts as a change,
 *    because what it does cannot be read. Anything unknown counts as a change too. What the
 *    file creates and drops again (a helper function used by a backfill, a work table, an index
 *    on either) has no net effect; nor has a temporary table and what is built on it.
 *  - `ddlObjects(sql)`: the tables, views, types, sequences, indexes and schemas its DDL
 *    statements name (created, altered, renamed from or to, dropped), schema-qualified
 *    (`public` when unqualified, as drizzle's migrator runs with the default search_path).
 *    `opaque` is true when some statement ran SQL that cannot be read (see above).
 */
import { tokenize, type Token } from "../expressions/tokenize.js";

export type DdlObjectKind = "schema" | "table" | "view" | "type" | "sequence" | "index";

export interface DdlObject {
  kind: DdlObjectKind;
  schema: string;
  name: string;
}

export interface DdlScan {
  objects: DdlObject[];
  /** Some statement creates, alters or drops a schema object (or may: unreadable dynamic SQL). */
  changesSchema: boolean;
  /** Some statement runs SQL whose objects cannot be read (dynamic EXECUTE, CALL). */
  opaque: boolean;
}

export const DEFAULT_SCHEMA = "public";

/** First words of statements that change data, session state or metadata, never an object. */
const DATA_ONLY_HEADS = new Set([
  "insert", "update", "delete", "merge", "select", "with", "values", "table", "truncate", "copy",
  "set", "reset", "show", "begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release",
  "analyze", "analyse", "vacuum", "refresh", "lock", "notify", "listen", "unlisten", "discard",
  "checkpoint", "reindex", "cluster", "comment", "grant", "revoke", "security", "explain",
  "prepare", "execute", "deallocate", "load", "fetch", "move", "close", "declare",
]);

/** Words that start a DDL statement inside a PL/pgSQL body (where control words come first). */
const DDL_HEADS = new Set(["create", "alter", "drop"]);

export function changesSchemaObjects(sql: string): boolean {
  return scanDdl(sql).changesSchema;
}

export function ddlObjects(sql: string): DdlObject[] {
  return scanDdl(sql).objects;
}

export function scanDdl(sql: string): DdlScan {
  const scan: Scanning = { objects: [], changesSchema: false, opaque: false, effects: [] };
  scanInto(sql, scan);
  return { objects: dedupe(scan.objects), changesSchema: scan.changesSchema || hasNetEffect(scan.effects), opaque: scan.opaque };
}

/**
 * What one DDL statement does, by key (`objectKey`): what it creates (with the object it lives
 * on: an index's table, a policy's table, gone with it), drops and alters. `other` is a change
 * no key describes (an extension, a role, a function whose body runs DDL): always an effect.
 */
interface Effect {
  creates: { key: string; on?: string; temporary?: boolean }[];
  drops: string[];
  alters: string[];
  other: boolean;
}

/** `changesSchema` here is set only for what no effect can describe (dynamic SQL, CALL). */
interface Scanning extends DdlScan {
  effects: Effect[];
}

function newEffect(): Effect {
  return { creates: [], drops: [], alters: [], other: false };
}

function scanInto(sql: string, scan: Scanning): void {
  for (const statement of splitStatements(tokenize(sql))) scanTopLevel(statement, scan);
}

/**
 * Whether the statements, in order, leave the schema changed. A statement has no net effect
 * when everything it creates is dropped again later in the file (or is temporary, or lives on
 * such an object), everything it drops was created earlier in the file, and everything it
 * alters is such a short-lived object. (`CREATE OR REPLACE` / `IF NOT EXISTS` of a helper that
 * happened to exist already and is then dropped removes it: read as a helper all the same, as
 * that is what such a file means.)
 */
function hasNetEffect(effects: Effect[]): boolean {
  const created = new Map<string, { at: number; temporary: boolean }[]>();
  const dropped = new Map<string, number[]>();
  effects.forEach((effect, at) => {
    for (const create of effect.creates) created.set(create.key, [...(created.get(create.key) ?? []), { at, temporary: create.temporary === true }]);
    for (const key of effect.drops) dropped.set(key, [...(dropped.get(key) ?? []), at]);
  });
  const droppedAfter = (key: string, at: number) => (dropped.get(key) ?? []).some((drop) => drop > at);
  const createdBefore = (key: string, at: number) => (created.get(key) ?? []).some((create) => create.at < at);
  /** Alive at `at` only within this file: created at or before it, and temporary or dropped after it. */
  const shortLived = (key: string, at: number): boolean =>
    (created.get(key) ?? []).some((create) => create.at <= at && (create.temporary || droppedAfter(key, at)));
  return effects.some(
    (effect, at) =>
      effect.other ||
      !effect.creates.every((create) => create.temporary || droppedAfter(create.key, at) || (create.on !== undefined && shortLived(create.on, at))) ||
      !effect.drops.every((key) => createdBefore(key, at)) ||
      !effect.alters.every((key) => shortLived(key, at)),
  );
}

function splitStatements(tokens: Token[]): Token[][] {
  const statements: Token[][] = [[]];
  for (const token of tokens) {
    if (token.t === "punct" && token.v === ";") statements.push([]);
    else statements[statements.length - 1]!.push(token);
  }
  return statements.filter((statement) => statement.length > 0);
}

function scanTopLevel(statement: Token[], scan: Scanning): void {
  const head = word(statement[0]);
  if (head === "do") {
    // DO [LANGUAGE x] 'body' [LANGUAGE x]: the body is one string token (dollar-quoted or not).
    const body = statement.find((token) => token.t === "str");
    if (body) scanProceduralBody(body.v, scan);
    return;
  }
  if (head === "call") {
    scan.changesSchema = true;
    scan.opaque = true;
    return;
  }
  if (head !== null && DATA_ONLY_HEADS.has(head)) return;
  scanDdlStatement(statement, scan);
}

/**
 * A PL/pgSQL body: DDL statements appear after control words (`BEGIN CREATE TYPE …;
 * EXCEPTION WHEN duplicate_object THEN null; END`, `IF … THEN ALTER TABLE …; END IF`), so each
 * CREATE / ALTER / DROP word starts a statement that runs to the next `;`. `EXECUTE 'literal'`
 * is read as SQL; any other EXECUTE (built text) cannot be.
 */
function scanProceduralBody(body: string, scan: Scanning): void {
  const tokens = tokenize(body);
  let i = 0;
  while (i < tokens.length) {
    const current = word(tokens[i]);
    const end = nextSemicolon(tokens, i);
    if (current !== null && DDL_HEADS.has(current)) {
      scanDdlStatement(tokens.slice(i, end), scan);
      i = end + 1;
    } else if (current === "execute") {
      const literal = tokens[i + 1];
      const after = tokens[i + 2];
      const plainLiteral = literal?.t === "str" && (i + 2 >= end || word(after) === "using" || word(after) === "into");
      if (plainLiteral) {
        scanInto(literal.v, scan);
      } else {
        scan.changesSchema = true;
        scan.opaque = true;
      }
      i = end + 1;
    } else if (current === "call") {
      scan.changesSchema = true;
      scan.opaque = true;
      i = end + 1;
    } else {
      i += 1;
    }
  }
}

function nextSemicolon(tokens: Token[], from: number): number {
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.t === "punct" && token.v === ";") return i;
  }
  return tokens.length;
}

/** A statement starting with CREATE, ALTER, DROP or an unknown word: a schema change, unless undone in the file. */
function scanDdlStatement(statement: Token[], scan: Scanning): void {
  const head = word(statement[0]);
  const effect = newEffect();
  scan.effects.push(effect);
  if (head === "create" && isTemporary(statement)) {
    // Not listed (gone after the session), but what is built on it is short-lived too.
    const temporary: DdlObject[] = [];
    created(statement, temporary, newEffect());
    effect.creates.push(...temporary.map((object) => ({ key: objectKey(object.kind, object.schema, object.name), temporary: true })));
    return;
  }
  if (head === "create") created(statement, scan.objects, effect);
  else if (head === "alter") altered(statement, scan.objects, effect);
  else if (head === "drop") dropped(statement, scan.objects, effect);
  else effect.other = true;
}

/** Tables, views, sequences and indexes share one name space (pg_class); so do types and domains. */
function objectKey(kind: string, schema: string, name: string): string {
  const space = kind === "table" || kind === "view" || kind === "sequence" || kind === "index" ? "relation" : kind;
  return `${space}\0${schema}\0${name}`;
}

/** A policy, trigger or rule is named within its table. */
function onTableKey(kind: string, table: { schema: string; name: string }, name: string): string {
  return `${kind}\0${table.schema}.${table.name}\0${name}`;
}

/** CREATE [OR REPLACE] [GLOBAL|LOCAL] TEMP|TEMPORARY TABLE / VIEW / SEQUENCE: gone after the session. */
function isTemporary(statement: Token[]): boolean {
  for (let i = 1; i < statement.length; i++) {
    const current = word(statement[i]);
    if (current === "temp" || current === "temporary") return true;
    if (current !== "or" && current !== "replace" && current !== "global" && current !== "local") return false;
  }
  return false;
}

/** Words between CREATE and the object keyword. */
const CREATE_MODIFIERS = new Set([
  "or", "replace", "unique", "unlogged", "materialized", "recursive", "constraint", "trusted", "procedural", "default",
  "global", "local", "temp", "temporary",
]);

function pushObject(objects: DdlObject[], keys: string[], object: DdlObject): void {
  objects.push(object);
  keys.push(objectKey(object.kind, object.schema, object.name));
}

function created(statement: Token[], objects: DdlObject[], effect: Effect): void {
  let i = 1;
  while (i < statement.length && CREATE_MODIFIERS.has(word(statement[i]) ?? "")) i += 1;
  const keyword = word(statement[i]);
  i += 1;
  const creates: string[] = [];
  switch (keyword) {
    case "table":
    case "view":
    case "sequence":
    case "type":
    case "domain": {
      const name = qualifiedName(statement, skipIfNotExists(statement, i));
      if (name) pushObject(objects, creates, { kind: objectKind(keyword), ...name.name });
      else effect.other = true;
      break;
    }
    case "schema": {
      const at = skipIfNotExists(statement, i);
      // CREATE SCHEMA AUTHORIZATION role names the schema after the role.
      const name = word(statement[at]) === "authorization" ? identifier(statement[at + 1]) : identifier(statement[at]);
      if (name !== null) pushObject(objects, creates, { kind: "schema", schema: name, name });
      // CREATE SCHEMA s CREATE TABLE …: more than the schema.
      if (name === null || indexOfWord(statement, "create", at) >= 0) effect.other = true;
      break;
    }
    case "index": {
      let at = i;
      if (word(statement[at]) === "concurrently") at += 1;
      at = skipIfNotExists(statement, at);
      // The index name is optional: `CREATE INDEX ON t (…)`.
      const indexName = word(statement[at]) === "on" ? null : identifier(statement[at]);
      const on = indexOfWord(statement, "on", at);
      const table = on < 0 ? null : qualifiedName(statement, word(statement[on + 1]) === "only" ? on + 2 : on + 1);
      if (!table) {
        effect.other = true;
        return;
      }
      objects.push({ kind: "table", ...table.name });
      const tableKey = objectKey("table", table.name.schema, table.name.name);
      if (indexName !== null) {
        objects.push({ kind: "index", schema: table.name.schema, name: indexName });
        effect.creates.push({ key: objectKey("index", table.name.schema, indexName), on: tableKey });
      } else {
        // An unnamed index can only go with its table.
        effect.creates.push({ key: `unnamed index\0${tableKey}`, on: tableKey });
      }
      return;
    }
    case "policy":
    case "trigger":
    case "rule": {
      // Named after the table they are on: `CREATE POLICY p ON t …`.
      const name = identifier(statement[word(statement[i]) === "if" ? i + 3 : i]);
      const on = indexOfWord(statement, "on", i);
      const table = on < 0 ? null : qualifiedName(statement, on + 1);
      if (!table || name === null) {
        effect.other = true;
        return;
      }
      objects.push({ kind: "table", ...table.name });
      effect.creates.push({ key: onTableKey(keyword, table.name, name), on: objectKey("table", table.name.schema, table.name.name) });
      return;
    }
    case "function":
    case "procedure": {
      const name = qualifiedName(statement, i);
      if (!name) {
        effect.other = true;
        return;
      }
      creates.push(objectKey("routine", name.name.schema, name.name.name));
      // A body that runs DDL changes the schema when called, which the file may do before dropping it.
      for (const body of statement.filter((token) => token.t === "str")) {
        const inner: Scanning = { objects: [], changesSchema: false, opaque: false, effects: [] };
        scanProceduralBody(body.v, inner);
        if (inner.changesSchema || inner.effects.length > 0) effect.other = true;
      }
      break;
    }
    default:
      // Extensions, roles, …: a schema change, but no object the comparison keys on.
      effect.other = true;
      return;
  }
  effect.creates.push(...creates.map((key) => ({ key })));
}

/** `ALTER|DROP [MATERIALIZED] <kind> …`: the kind's keyword and where the object's name starts. */
function objectKeyword(statement: Token[]): { keyword: string | null; at: number } {
  const materialized = word(statement[1]) === "materialized";
  return { keyword: word(statement[materialized ? 2 : 1]), at: materialized ? 3 : 2 };
}

function altered(statement: Token[], objects: DdlObject[], effect: Effect): void {
  const { keyword, at } = objectKeyword(statement);
  let i = at;
  switch (keyword) {
    case "table":
    case "view":
    case "sequence":
    case "type":
    case "domain":
    case "index": {
      let at = skipIfExists(statement, i);
      if (word(statement[at]) === "only") at += 1;
      const name = qualifiedName(statement, at);
      if (!name) {
        effect.other = true;
        return;
      }
      const kind = objectKind(keyword);
      const before = objects.length;
      objects.push({ kind, ...name.name });
      renamedOrMoved(statement, name.end, kind, name.name.schema, objects);
      // A rename or a move leaves an object under another name: a change however short-lived the old one.
      if (objects.length > before + 1) effect.other = true;
      effect.alters.push(objectKey(kind, name.name.schema, name.name.name));
      return;
    }
    case "schema": {
      const name = identifier(statement[i]);
      effect.other = true;
      if (name === null) return;
      objects.push({ kind: "schema", schema: name, name });
      const renamed = renameTarget(statement, i + 1);
      if (renamed !== null) objects.push({ kind: "schema", schema: renamed, name: renamed });
      return;
    }
    case "policy": {
      effect.other = true;
      const on = indexOfWord(statement, "on", i);
      const table = on < 0 ? null : qualifiedName(statement, on + 1);
      if (table) objects.push({ kind: "table", ...table.name });
      return;
    }
    default:
      effect.other = true;
      return;
  }
}
/** `… RENAME TO new` (a rename of the object itself, not `RENAME [COLUMN] a TO b`) and `… SET SCHEMA s`. */
function renamedOrMoved(statement: Token[], from: number, kind: DdlObjectKind, schema: string, objects: DdlObject[]): void {
  const renamed = renameTarget(statement, from);
  if (renamed !== null) objects.push({ kind, schema, name: renamed });
  const named = objects[objects.length - (renamed !== null ? 2 : 1)]!;
  for (let i = from; i < statement.length - 2; i++) {
    if (word(statement[i]) !== "set" || word(statement[i + 1]) !== "schema") continue;
    const target = identifier(statement[i + 2]);
    if (target !== null) objects.push({ kind, schema: target, name: named.name });
  }
}

function renameTarget(statement: Token[], from: number): string | null {
  for (let i = from; i < statement.length - 2; i++) {
    if (word(statement[i]) === "rename" && word(statement[i + 1]) === "to") return identifier(statement[i + 2]);
  }
  return null;
}

function dropped(statement: Token[], objects: DdlObject[], effect: Effect): void {
  const { keyword, at } = objectKeyword(statement);
  let i = at;
  switch (keyword) {
    case "table":
    case "view":
    case "sequence":
    case "type":
    case "domain":
    case "index":
    case "schema": {
      if (word(statement[i]) === "concurrently") i += 1;
      let at = skipIfExists(statement, i);
      // DROP TABLE a, b, c [CASCADE | RESTRICT]
      for (;;) {
        const name = keyword === "schema" ? schemaName(statement, at) : qualifiedName(statement, at);
        if (!name) {
          if (effect.drops.length === 0) effect.other = true;
          return;
        }
        pushObject(objects, effect.drops, { kind: objectKind(keyword), ...name.name });
        const next = statement[name.end];
        if (!(next?.t === "punct" && next.v === ",")) return;
        at = name.end + 1;
      }
    }
    case "policy":
    case "trigger":
    case "rule": {
      const at = skipIfExists(statement, i);
      const name = identifier(statement[at]);
      const on = indexOfWord(statement, "on", i);
      const table = on < 0 ? null : qualifiedName(statement, on + 1);
      if (table) objects.push({ kind: "table", ...table.name });
      if (table && name !== null) effect.drops.push(onTableKey(keyword, table.name, name));
      else effect.other = true;
      return;
    }
    case "function":
    case "procedure":
    case "routine": {
      // DROP FUNCTION [IF EXISTS] f [(argument types)] [, g (…)] [CASCADE | RESTRICT]
      let at = skipIfExists(statement, i);
      for (;;) {
        const name = qualifiedName(statement, at);
        if (!name) {
          if (effect.drops.length === 0) effect.other = true;
          return;
        }
        effect.drops.push(objectKey("routine", name.name.schema, name.name.name));
        at = skipParenthesised(statement, name.end);
        const next = statement[at];
        if (!(next?.t === "punct" && next.v === ",")) return;
        at += 1;
      }
    }
    default:
      effect.other = true;
      return;
  }
}

/** Past a balanced `( … )` at `at`, if there is one. */
function skipParenthesised(statement: Token[], at: number): number {
  const open = statement[at];
  if (!(open?.t === "punct" && open.v === "(")) return at;
  let depth = 0;
  for (let i = at; i < statement.length; i++) {
    const token = statement[i]!;
    if (token.t !== "punct") continue;
    if (token.v === "(") depth += 1;
    else if (token.v === ")" && --depth === 0) return i + 1;
  }
  return statement.length;
}

function objectKind(keyword: string): DdlObjectKind {
  if (keyword === "domain") return "type";
  return keyword as DdlObjectKind;
}

function skipIfNotExists(statement: Token[], at: number): number {
  return word(statement[at]) === "if" && word(statement[at + 1]) === "not" && word(statement[at + 2]) === "exists" ? at + 3 : at;
}

function skipIfExists(statement: Token[], at: number): number {
  return word(statement[at]) === "if" && word(statement[at + 1]) === "exists" ? at + 2 : at;
}

function indexOfWord(statement: Token[], target: string, from: number): number {
  for (let i = from; i < statement.length; i++) if (word(statement[i]) === target) return i;
  return -1;
}

/** `name`, `schema.name` (a third part, `db.schema.name`, keeps the last two). `end` is past the name. */
function qualifiedName(statement: Token[], at: number): { name: { schema: string; name: string }; end: number } | null {
  const parts: string[] = [];
  let i = at;
  for (;;) {
    const part = identifier(statement[i]);
    if (part === null) break;
    parts.push(part);
    i += 1;
    const dot = statement[i];
    if (!(dot?.t === "punct" && dot.v === ".")) break;
    i += 1;
  }
  if (parts.length === 0) return null;
  const name = parts[parts.length - 1]!;
  const schema = parts.length > 1 ? parts[parts.length - 2]! : DEFAULT_SCHEMA;
  return { name: { schema, name }, end: i };
}

function schemaName(statement: Token[], at: number): { name: { schema: string; name: string }; end: number } | null {
  const name = identifier(statement[at]);
  return name === null ? null : { name: { schema: name, name }, end: at + 1 };
}

/** An unquoted word (lower-cased by the tokenizer) or a quoted identifier (as written). */
function identifier(token: Token | undefined): string | null {
  return token !== undefined && (token.t === "id" || token.t === "qid") ? token.v : null;
}

/** An unquoted word, or null: keywords are never quoted. */
function word(token: Token | undefined): string | null {
  return token?.t === "id" ? token.v : null;
}

function dedupe(objects: DdlObject[]): DdlObject[] {
  const seen = new Map<string, DdlObject>();
  for (const object of objects) seen.set(`${object.kind}\0${object.schema}\0${object.name}`, object);
  return [...seen.values()];
}
