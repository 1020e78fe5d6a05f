/**
 * The canonical schema model: the one shape both sides of a check are turned into.
 *
 * Spelling rule (the contract every reader and the introspection must honour): every text
 * value is exactly what PostgreSQL itself prints for the object when `search_path` is empty,
 * so that user types and sequences come out schema-qualified:
 *   - column types: `format_type(atttypid, atttypmod)` → `character varying(255)`,
 *     `timestamp(3) with time zone`, `integer[]`, `public.mood`, `"Other"."Mood"[]`
 *   - defaults / generated expressions: `pg_get_expr(adbin, adrelid)` →
 *     `nextval('public.users_id_seq'::regclass)`, `'abc'::text`, `now()`, `'{}'::jsonb`
 *   - checks: `pg_get_constraintdef(oid)` → `CHECK ((price > 0))`
 *   - index key expressions / predicates: as `pg_get_indexdef(indexrelid, k, true)` and
 *     `pg_get_expr(indpred, indrelid, true)` print them
 *   - views: `pg_get_viewdef(oid, true)`
 * Names are stored exactly as PostgreSQL stores them (case-sensitive, unquoted, ≤ 63 bytes).
 *
 * Collections are records keyed by name (objects inside a table) or by qualified key
 * (`schema.name`, see `qualifiedKey`) and are sorted by key, so equal schemas serialise equally.
 */

export const MODEL_FORMAT_VERSION = 1;

export interface CanonicalSchema {
  formatVersion: typeof MODEL_FORMAT_VERSION;
  /** Schema names the app owns (sorted). `public` is listed only when it holds something or is declared. */
  schemas: string[];
  enums: Record<string, EnumDef>;
  sequences: Record<string, SequenceDef>;
  tables: Record<string, TableDef>;
  views: Record<string, ViewDef>;
}

export interface EnumDef {
  schema: string;
  name: string;
  /** In declaration order (pg_enum.enumsortorder). */
  values: string[];
}

/** Stand-alone sequences only; sequences owned by serial/identity columns live on the column. */
export interface SequenceDef {
  schema: string;
  name: string;
  /** `smallint` | `integer` | `bigint` */
  dataType: string;
  /** Decimal strings (bigint range does not fit a JS number). */
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
}

export type TableKind = "table" | "partitioned";

export interface TableDef {
  schema: string;
  name: string;
  kind: TableKind;
  columns: Record<string, ColumnDef>;
  primaryKey: PrimaryKeyDef | null;
  uniques: Record<string, UniqueDef>;
  foreignKeys: Record<string, ForeignKeyDef>;
  checks: Record<string, CheckDef>;
  /** Every index except the ones backing the primary key and unique constraints. */
  indexes: Record<string, IndexDef>;
  rlsEnabled: boolean;
  policies: Record<string, PolicyDef>;
}

export interface ColumnDef {
  name: string;
  /** format_type() spelling, see the file comment. */
  type: string;
  notNull: boolean;
  /**
   * pg_get_expr() spelling, or null. Identity and generated columns have no default. One
   * exception: nextval of the sequence the column owns is spelled with the name serial would
   * choose (introspect/owned-sequence-default.ts), so a table renamed after `serial` still matches.
   */
  default: string | null;
  identity: IdentityDef | null;
  generated: GeneratedDef | null;
}

export interface IdentityDef {
  generation: "always" | "by default";
  /** The sequence options; decimal strings. */
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
}

export interface GeneratedDef {
  kind: "stored";
  /** pg_get_expr() spelling of the generation expression. */
  expression: string;
}

export interface PrimaryKeyDef {
  name: string;
  columns: string[];
  /**
   * The code gives the key no name (a 0.x snapshot's inline `primaryKey: true`): `name` is the one
   * PostgreSQL chose at CREATE TABLE (`<table>_pkey`), which a later table rename keeps, so it is
   * not compared. Absent when the snapshot names the key.
   */
  unnamed?: true;
}

export interface UniqueDef {
  name: string;
  columns: string[];
  nullsNotDistinct: boolean;
}

export type ReferentialAction = "no action" | "restrict" | "cascade" | "set null" | "set default";

export interface ForeignKeyDef {
  name: string;
  columns: string[];
  refSchema: string;
  refTable: string;
  refColumns: string[];
  onUpdate: ReferentialAction;
  onDelete: ReferentialAction;
}

export interface CheckDef {
  name: string;
  /** pg_get_constraintdef() spelling: `CHECK ((price > 0))`. */
  definition: string;
}

export interface IndexColumn {
  /** A column name, or an expression in pg_get_indexdef(…, k, true) spelling. */
  expression: string;
  isExpression: boolean;
  /**
   * Operator class when not the default for the key's type under the index's access method,
   * else null — exactly when `pg_get_indexdef` prints it (`USING ivfflat (embedding)` for
   * pgvector's default `vector_l2_ops`, `USING hnsw (embedding vector_cosine_ops)`). Unqualified
   * name. The database side reads `pg_opclass.opcdefault`; the snapshot side keeps what the code
   * wrote, and the comparison drops a written opclass that the database's catalog names as the
   * default for the column's type (diff/default-opclasses.ts).
   */
  opclass: string | null;
  order: "asc" | "desc";
  nulls: "first" | "last";
}

export interface IndexDef {
  name: string;
  unique: boolean;
  nullsNotDistinct: boolean;
  /** Access method: btree, hash, gin, gist, brin, spgist, hnsw, … */
  method: string;
  columns: IndexColumn[];
  /**
   * Non-key columns (`INCLUDE (…)`), in order: stored in the index, not part of its key. Absent
   * when there are none (most indexes), so models and reports of such indexes read as before.
   */
  include?: string[];
  /** Partial-index predicate, pg_get_expr(indpred, indrelid, true) spelling, or null. */
  where: string | null;
  /** Storage parameters (`WITH (...)`), keys sorted. */
  with: Record<string, string>;
}

export interface PolicyDef {
  name: string;
  as: "permissive" | "restrictive";
  for: "all" | "select" | "insert" | "update" | "delete";
  /** Role names, sorted; `public` for PUBLIC. */
  to: string[];
  using: string | null;
  withCheck: string | null;
}

export interface ViewDef {
  schema: string;
  name: string;
  materialized: boolean;
  /** pg_get_viewdef(oid, true) spelling. */
  definition: string;
  /** Column names in order (what the code can select). */
  columns: string[];
}

/**
 * What pg_get_indexdef prints after an index key: the operator class when not the default, DESC,
 * and NULLS only when not the order's default (ASC → NULLS LAST, DESC → NULLS FIRST).
 */
export function indexKeySuffix(column: IndexColumn): string {
  return (column.opclass ? ` ${column.opclass}` : "") + indexOrderSuffix(column);
}

/** ` DESC`, ` NULLS FIRST`, ` DESC NULLS LAST` or "" (ASC NULLS LAST, the default). */
export function indexOrderSuffix(column: Pick<IndexColumn, "order" | "nulls">): string {
  if (column.order === "desc") return column.nulls === "last" ? " DESC NULLS LAST" : " DESC";
  return column.nulls === "first" ? " NULLS FIRST" : "";
}

/** `schema.name`, the key of tables, views, enums and sequences in CanonicalSchema. */
export function qualifiedKey(schema: string, name: string): string {
  return `${schema}.${name}`;
}

/**
 * An empty record keyed by object names. Null-prototype, because the keys are names users chose:
 * assigning `record["__proto__"]` on a `{}` would set its prototype and lose the object, and
 * `record["constructor"]` would find Object's. V8 also keeps such a record as a hash table from
 * the start, so adding thousands of distinct names makes no hidden-class transitions.
 */
export function newRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * `record[key]` when the record has it as its own entry. A model that came from JSON or
 * Object.fromEntries has Object.prototype, where `record["constructor"]` or `record["__proto__"]`
 * would find Object's members: every lookup by a name from the other side of a comparison uses this.
 */
export function ownValue<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export function emptySchema(): CanonicalSchema {
  return { formatVersion: MODEL_FORMAT_VERSION, schemas: [], enums: newRecord(), sequences: newRecord(), tables: newRecord(), views: newRecord() };
}
