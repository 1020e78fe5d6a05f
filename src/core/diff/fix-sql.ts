/**
 * SQL that brings the database to the code's expectation, one builder per object kind.
 * Identifiers are quoted only when PostgreSQL needs it (quoteIdent); types, defaults and
 * expressions are already in PostgreSQL's own spelling (see model.ts) and are used verbatim.
 */
import type {
  CheckDef,
  ColumnDef,
  EnumDef,
  ForeignKeyDef,
  IdentityDef,
  IndexColumn,
  IndexDef,
  PolicyDef,
  PrimaryKeyDef,
  SequenceDef,
  TableDef,
  UniqueDef,
  ViewDef,
} from "../model.js";
import { indexKeySuffix } from "../model.js";
import { quoteIdent, quoteLiteral } from "../sql/literal.js";
import { compareText } from "./matching.js";

export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

function identList(names: string[]): string {
  return names.map(quoteIdent).join(", ");
}

export function identityClause(identity: IdentityDef): string {
  const cycle = identity.cycle ? " CYCLE" : "";
  return (
    `GENERATED ${identity.generation === "always" ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY ` +
    `(START WITH ${identity.start} INCREMENT BY ${identity.increment} MINVALUE ${identity.min} MAXVALUE ${identity.max} CACHE ${identity.cache}${cycle})`
  );
}

/** `name type [DEFAULT …] [GENERATED …] [NOT NULL]`, as in CREATE TABLE / ADD COLUMN. */
export function columnDefinition(column: ColumnDef): string {
  let sql = `${quoteIdent(column.name)} ${column.type}`;
  if (column.default !== null) sql += ` DEFAULT ${column.default}`;
  if (column.identity) sql += ` ${identityClause(column.identity)}`;
  if (column.generated) sql += ` GENERATED ALWAYS AS (${column.generated.expression}) STORED`;
  if (column.notNull) sql += " NOT NULL";
  return sql;
}

/**
 * A serial column's default names a sequence that lives on the column (not in
 * `CanonicalSchema.sequences`): create it before the column and hand it to the column after.
 */
function ownedSequence(table: TableDef, column: ColumnDef): { before: string; after: string } | null {
  const match = column.default === null ? null : /^nextval\('((?:[^']|'')+)'(?:::regclass)?\)$/.exec(column.default);
  if (!match) return null;
  const sequence = match[1]!.replace(/''/g, "'");
  const dataType = ["smallint", "integer", "bigint"].includes(column.type) ? ` AS ${column.type}` : "";
  return {
    before: `CREATE SEQUENCE IF NOT EXISTS ${sequence}${dataType};`,
    after: `ALTER SEQUENCE ${sequence} OWNED BY ${qualified(table.schema, table.name)}.${quoteIdent(column.name)};`,
  };
}

export function addColumnSql(table: TableDef, column: ColumnDef): string {
  const sequence = ownedSequence(table, column);
  const add = `ALTER TABLE ${qualified(table.schema, table.name)} ADD COLUMN ${columnDefinition(column)};`;
  return sequence ? [sequence.before, add, sequence.after].join("\n") : add;
}

export function alterColumn(table: TableDef, column: string, action: string): string {
  return `ALTER TABLE ${qualified(table.schema, table.name)} ALTER COLUMN ${quoteIdent(column)} ${action};`;
}

export function alterTable(table: TableDef, action: string): string {
  return `ALTER TABLE ${qualified(table.schema, table.name)} ${action};`;
}

export function primaryKeyClause(pk: PrimaryKeyDef): string {
  return `CONSTRAINT ${quoteIdent(pk.name)} PRIMARY KEY (${identList(pk.columns)})`;
}

export function uniqueClause(unique: UniqueDef): string {
  return `CONSTRAINT ${quoteIdent(unique.name)} UNIQUE${unique.nullsNotDistinct ? " NULLS NOT DISTINCT" : ""} (${identList(unique.columns)})`;
}

export function checkClause(check: CheckDef): string {
  const definition = /^CHECK\b/i.test(check.definition.trim()) ? check.definition.trim() : `CHECK (${check.definition})`;
  return `CONSTRAINT ${quoteIdent(check.name)} ${definition}`;
}

export function foreignKeyClause(fk: ForeignKeyDef): string {
  let sql =
    `CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY (${identList(fk.columns)}) ` +
    `REFERENCES ${qualified(fk.refSchema, fk.refTable)}(${identList(fk.refColumns)})`;
  if (fk.onUpdate !== "no action") sql += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
  if (fk.onDelete !== "no action") sql += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
  return sql;
}

export function addConstraintSql(table: TableDef, clause: string): string {
  return alterTable(table, `ADD ${clause}`);
}

export function dropConstraintSql(table: TableDef, name: string): string {
  return alterTable(table, `DROP CONSTRAINT ${quoteIdent(name)}`);
}

export function renameConstraintSql(table: TableDef, from: string, to: string): string {
  return alterTable(table, `RENAME CONSTRAINT ${quoteIdent(from)} TO ${quoteIdent(to)}`);
}

export function renameIndexSql(schema: string, from: string, to: string): string {
  return `ALTER INDEX ${qualified(schema, from)} RENAME TO ${quoteIdent(to)};`;
}

function indexKey(column: IndexColumn): string {
  // PostgreSQL accepts a bare function call as an index key; any other expression needs parentheses.
  const expression = column.expression.trim();
  const bare = isWrapped(expression) || isFunctionCall(expression);
  return (column.isExpression ? (bare ? expression : `(${expression})`) : quoteIdent(column.expression)) + indexKeySuffix(column);
}

function isFunctionCall(text: string): boolean {
  const name = /^[A-Za-z_][A-Za-z0-9_$]*(?:\.[A-Za-z_][A-Za-z0-9_$]*)?\(/.exec(text);
  return name !== null && isWrapped(text.slice(name[0].length - 1));
}

/** True when the whole text is one parenthesised group. */
function isWrapped(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.startsWith("(") || !trimmed.endsWith(")")) return false;
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < trimmed.length; i += 1) {
    const c = trimmed[i]!;
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(") depth += 1;
    else if (c === ")") {
      depth -= 1;
      if (depth === 0 && i < trimmed.length - 1) return false;
    }
  }
  return depth === 0;
}

export function createIndexSql(table: TableDef, index: IndexDef): string {
  let sql = `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${quoteIdent(index.name)} ON ${qualified(table.schema, table.name)}`;
  if (index.method !== "btree") sql += ` USING ${index.method}`;
  sql += ` (${index.columns.map(indexKey).join(", ")})`;
  if (index.include && index.include.length > 0) sql += ` INCLUDE (${index.include.map(quoteIdent).join(", ")})`;
  if (index.nullsNotDistinct) sql += " NULLS NOT DISTINCT";
  const params = Object.entries(index.with);
  if (params.length > 0) sql += ` WITH (${params.map(([key, value]) => `${key}=${value}`).join(", ")})`;
  if (index.where !== null) sql += ` WHERE ${isWrapped(index.where) ? index.where : `(${index.where})`}`;
  return `${sql};`;
}

export function dropIndexSql(schema: string, name: string): string {
  return `DROP INDEX ${qualified(schema, name)};`;
}

function roleList(roles: string[]): string {
  return roles.map((role) => (role === "public" ? "PUBLIC" : quoteIdent(role))).join(", ");
}

export function createPolicySql(table: TableDef, policy: PolicyDef): string {
  let sql = `CREATE POLICY ${quoteIdent(policy.name)} ON ${qualified(table.schema, table.name)} AS ${policy.as.toUpperCase()} FOR ${policy.for.toUpperCase()}`;
  if (policy.to.length > 0) sql += ` TO ${roleList(policy.to)}`;
  if (policy.using !== null) sql += ` USING (${policy.using})`;
  if (policy.withCheck !== null) sql += ` WITH CHECK (${policy.withCheck})`;
  return `${sql};`;
}

export function dropPolicySql(table: TableDef, name: string): string {
  return `DROP POLICY ${quoteIdent(name)} ON ${qualified(table.schema, table.name)};`;
}

/** CREATE TABLE with columns and key/unique/check constraints; FKs, indexes, RLS and policies follow. */
export function createTableSql(table: TableDef): string {
  const columns = Object.values(table.columns);
  const lines = columns.map(columnDefinition);
  if (table.primaryKey) lines.push(primaryKeyClause(table.primaryKey));
  for (const unique of sortedValues(table.uniques)) lines.push(uniqueClause(unique));
  for (const check of sortedValues(table.checks)) lines.push(checkClause(check));
  const statements: string[] = [];
  const sequences = columns.map((column) => ownedSequence(table, column)).filter((s) => s !== null);
  statements.push(...sequences.map((s) => s.before));
  const body = lines.length === 0 ? "()" : `(\n${lines.map((line) => `  ${line}`).join(",\n")}\n)`;
  statements.push(`CREATE TABLE ${qualified(table.schema, table.name)} ${body};`);
  statements.push(...sequences.map((s) => s.after));
  for (const fk of sortedValues(table.foreignKeys)) statements.push(addConstraintSql(table, foreignKeyClause(fk)));
  for (const index of sortedValues(table.indexes)) statements.push(createIndexSql(table, index));
  if (table.rlsEnabled) statements.push(alterTable(table, "ENABLE ROW LEVEL SECURITY"));
  for (const policy of sortedValues(table.policies)) statements.push(createPolicySql(table, policy));
  return statements.join("\n");
}

export function createEnumSql(def: EnumDef): string {
  return `CREATE TYPE ${qualified(def.schema, def.name)} AS ENUM (${def.values.map((v) => quoteLiteral(v)).join(", ")});`;
}

/** ADD VALUE statements that insert each missing value at its expected position. */
export function addEnumValuesSql(expected: EnumDef, actualValues: string[]): string {
  const present = new Set(actualValues);
  const statements: string[] = [];
  expected.values.forEach((value, index) => {
    if (present.has(value)) return;
    const before = expected.values.slice(0, index).reverse().find((v) => present.has(v));
    const after = expected.values.slice(index + 1).find((v) => present.has(v));
    let position = "";
    if (before !== undefined) position = ` AFTER ${quoteLiteral(before)}`;
    else if (after !== undefined) position = ` BEFORE ${quoteLiteral(after)}`;
    statements.push(`ALTER TYPE ${qualified(expected.schema, expected.name)} ADD VALUE ${quoteLiteral(value)}${position};`);
    present.add(value);
  });
  return statements.join("\n");
}

export function createSequenceSql(def: SequenceDef): string {
  return (
    `CREATE SEQUENCE ${qualified(def.schema, def.name)} AS ${def.dataType} INCREMENT BY ${def.increment} ` +
    `MINVALUE ${def.min} MAXVALUE ${def.max} START WITH ${def.start} CACHE ${def.cache}${def.cycle ? " CYCLE" : " NO CYCLE"};`
  );
}

export function createViewSql(view: ViewDef): string {
  const body = view.definition.trim().replace(/;\s*$/, "");
  return `CREATE ${view.materialized ? "MATERIALIZED " : ""}VIEW ${qualified(view.schema, view.name)} AS\n${body};`;
}

export function dropViewSql(view: ViewDef): string {
  return `DROP ${view.materialized ? "MATERIALIZED " : ""}VIEW ${qualified(view.schema, view.name)};`;
}

export function createSchemaSql(schema: string): string {
  return `CREATE SCHEMA ${quoteIdent(schema)};`;
}

export function sortedValues<T>(record: Record<string, T>): T[] {
  return Object.keys(record)
    .sort(compareText)
    .map((key) => record[key]!);
}
