/**
 * Turns the catalog query's JSON document (see catalog-sql.ts) into the canonical model.
 * The SQL already speaks the model's spellings; this stage maps catalog codes to model words
 * (`'c'` → `cascade`), builds records keyed by name and sorts them, so equal catalogs
 * serialise equally.
 */
import {
  MODEL_FORMAT_VERSION,
  newRecord,
  qualifiedKey,
  type CanonicalSchema,
  type CheckDef,
  type ColumnDef,
  type EnumDef,
  type ForeignKeyDef,
  type IndexColumn,
  type IndexDef,
  type PolicyDef,
  type PrimaryKeyDef,
  type ReferentialAction,
  type SequenceDef,
  type TableDef,
  type UniqueDef,
  type ViewDef,
} from "../model.js";
import { DriftcheckError } from "../errors.js";
import { ownedSequenceDefault } from "./owned-sequence-default.js";
import type { DatabaseInfo, DefaultOpclasses } from "./types.js";

/** The JSON document's shape, as built by CATALOG_SQL. */
export interface CatalogDocument {
  serverVersionNum: string;
  version: string;
  database: string;
  user: string;
  schemas: { name: string; usable: boolean }[] | null;
  tables: CatalogTable[] | null;
  views: ViewDef[] | null;
  enums: { schema: string; name: string; values: string[] | null }[] | null;
  sequences: SequenceDef[] | null;
  /** Absent from documents of an older query (a stored result): then no facts. */
  defaultOpclasses?: { method: string; type: string; opclass: string }[] | null;
}

interface CatalogTable {
  schema: string;
  name: string;
  kind: TableDef["kind"];
  rls: boolean;
  columns: CatalogColumn[] | null;
  constraints: CatalogConstraint[] | null;
  indexes: CatalogIndex[] | null;
  policies: CatalogPolicy[] | null;
}

interface CatalogColumn {
  name: string;
  type: string;
  notNull: boolean;
  /** attgenerated: 's' stored, 'v' virtual (PG18), null otherwise. */
  generated: string | null;
  /** pg_get_expr of the default or of the generation expression. */
  expression: string | null;
  /** attidentity: 'a' always, 'd' by default. */
  identity: string | null;
  sequence: { start: string; increment: string; min: string; max: string; cache: string; cycle: boolean } | null;
  /** The sequence the column owns (serial, OWNED BY), regclass-printed; absent from older catalog queries. */
  ownedSequence?: string | null;
}

interface CatalogConstraint {
  name: string;
  type: "p" | "u" | "f" | "c";
  columns: string[] | null;
  nullsNotDistinct: boolean | null;
  refSchema: string | null;
  refTable: string | null;
  refColumns: string[] | null;
  onUpdate: string | null;
  onDelete: string | null;
  definition: string | null;
}

interface CatalogIndex {
  name: string;
  unique: boolean;
  nullsNotDistinct: boolean | null;
  method: string;
  columns: { expression: string; isExpression: boolean; opclass: string | null; desc: boolean; nullsFirst: boolean }[] | null;
  where: string | null;
  with: string[] | null;
  /** INCLUDE columns; null when none (and absent from older catalog queries). */
  include?: string[] | null;
}

interface CatalogPolicy {
  name: string;
  permissive: boolean;
  cmd: string;
  roles: string[] | null;
  using: string | null;
  withCheck: string | null;
}

export interface ParsedCatalog {
  schema: CanonicalSchema;
  database: DatabaseInfo;
  defaultOpclasses: DefaultOpclasses;
}

export function parseCatalogText(text: string | null | undefined): ParsedCatalog {
  if (typeof text !== "string" || text.length === 0) {
    throw new DriftcheckError("internal", "The catalog query returned no document.");
  }
  let document: CatalogDocument;
  try {
    document = JSON.parse(text) as CatalogDocument;
  } catch (error) {
    throw new DriftcheckError("internal", `The catalog document is not valid JSON (${text.length} characters); it may have been cut off by the transport.`, { cause: error });
  }
  return parseCatalog(document);
}

export function parseCatalog(document: CatalogDocument): ParsedCatalog {
  const warnings: string[] = [];
  const schemas = (document.schemas ?? []).map((schema) => schema.name).sort(compareText);
  for (const schema of document.schemas ?? []) {
    if (!schema.usable) {
      warnings.push(`Role "${document.user}" has no USAGE privilege on schema "${schema.name}": the app cannot use its objects.`);
    }
  }

  const tables = (document.tables ?? []).map((table) => toTable(table, warnings));
  const views = (document.views ?? []).map((view): ViewDef => ({ ...view, columns: view.columns ?? [] }));
  const enums = (document.enums ?? []).map((e): EnumDef => ({ schema: e.schema, name: e.name, values: e.values ?? [] }));
  const sequences = document.sequences ?? [];
  const defaultOpclasses: DefaultOpclasses = newRecord();
  for (const { method, type, opclass } of document.defaultOpclasses ?? []) {
    (defaultOpclasses[method] ??= newRecord())[type] = opclass;
  }

  return {
    schema: {
      formatVersion: MODEL_FORMAT_VERSION,
      schemas,
      enums: byQualifiedKey(enums),
      sequences: byQualifiedKey(sequences),
      tables: byQualifiedKey(tables),
      views: byQualifiedKey(views),
    },
    database: {
      serverVersionNum: Number(document.serverVersionNum),
      version: document.version,
      database: document.database,
      user: document.user,
      warnings,
    },
    defaultOpclasses,
  };
}

function toTable(table: CatalogTable, warnings: string[]): TableDef {
  const constraints = table.constraints ?? [];
  const primary = constraints.find((c) => c.type === "p");
  const primaryKey: PrimaryKeyDef | null = primary ? { name: primary.name, columns: primary.columns ?? [] } : null;
  const uniques = constraints
    .filter((c) => c.type === "u")
    .map((c): UniqueDef => ({ name: c.name, columns: c.columns ?? [], nullsNotDistinct: c.nullsNotDistinct === true }));
  const foreignKeys = constraints.filter((c) => c.type === "f").map(toForeignKey);
  const checks = constraints
    .filter((c) => c.type === "c")
    .map((c): CheckDef => ({ name: c.name, definition: c.definition ?? "" }));

  return {
    schema: table.schema,
    name: table.name,
    kind: table.kind,
    columns: byName((table.columns ?? []).map((column) => toColumn(table, column, warnings))),
    primaryKey,
    uniques: byName(uniques),
    foreignKeys: byName(foreignKeys),
    checks: byName(checks),
    indexes: byName((table.indexes ?? []).map(toIndex)),
    rlsEnabled: table.rls,
    policies: byName((table.policies ?? []).map(toPolicy)),
  };
}

/**
 * A serial column's default names the sequence the column owns. Its name is the one PostgreSQL
 * chose at creation (`<table>_<column>_seq`, numbered when taken), which a later table or column
 * rename keeps; the code states only "serial". So a default drawing from the column's own
 * sequence is spelled with the name a serial would get today, as the snapshot side spells it.
 */
function toColumn(table: CatalogTable, column: CatalogColumn, warnings: string[]): ColumnDef {
  const identity = column.identity && column.sequence
    ? { generation: column.identity === "a" ? ("always" as const) : ("by default" as const), ...column.sequence }
    : null;
  if (column.generated === "v") {
    // The model knows stored generated columns only (drizzle writes STORED); PG18 defaults to virtual.
    warnings.push(`Column ${table.schema}.${table.name}.${column.name} is a VIRTUAL generated column; it is compared as if it were STORED.`);
  }
  return {
    name: column.name,
    type: column.type,
    notNull: column.notNull,
    default: column.generated || identity ? null : ownedSequenceDefault(table, column.name, column.expression, column.ownedSequence),
    identity,
    generated: column.generated ? { kind: "stored", expression: column.expression ?? "" } : null,
  };
}

const ACTIONS: Record<string, ReferentialAction> = {
  a: "no action",
  r: "restrict",
  c: "cascade",
  n: "set null",
  d: "set default",
};

function toForeignKey(c: CatalogConstraint): ForeignKeyDef {
  return {
    name: c.name,
    columns: c.columns ?? [],
    refSchema: c.refSchema ?? "",
    refTable: c.refTable ?? "",
    refColumns: c.refColumns ?? [],
    onUpdate: ACTIONS[c.onUpdate ?? "a"] ?? "no action",
    onDelete: ACTIONS[c.onDelete ?? "a"] ?? "no action",
  };
}

function toIndex(index: CatalogIndex): IndexDef {
  return {
    name: index.name,
    unique: index.unique,
    nullsNotDistinct: index.nullsNotDistinct === true,
    method: index.method,
    columns: (index.columns ?? []).map((column): IndexColumn => ({
      expression: column.expression,
      isExpression: column.isExpression,
      opclass: column.opclass,
      order: column.desc ? "desc" : "asc",
      nulls: column.nullsFirst ? "first" : "last",
    })),
    ...(index.include && index.include.length > 0 ? { include: index.include } : {}),
    where: index.where,
    with: parseReloptions(index.with),
  };
}

/** `{fillfactor=70,m=16}` → `{ fillfactor: "70", m: "16" }`, keys sorted. */
export function parseReloptions(options: string[] | null): Record<string, string> {
  const entries = (options ?? []).map((option): [string, string] => {
    const at = option.indexOf("=");
    return at === -1 ? [option, ""] : [option.slice(0, at), option.slice(at + 1)];
  });
  return sortedRecord(entries);
}

const COMMANDS: Record<string, PolicyDef["for"]> = { "*": "all", r: "select", a: "insert", w: "update", d: "delete" };

function toPolicy(policy: CatalogPolicy): PolicyDef {
  return {
    name: policy.name,
    as: policy.permissive ? "permissive" : "restrictive",
    for: COMMANDS[policy.cmd] ?? "all",
    to: [...(policy.roles ?? [])].sort(compareText),
    using: policy.using,
    withCheck: policy.withCheck,
  };
}

/** Code-point order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byName<T extends { name: string }>(items: T[]): Record<string, T> {
  return sortedRecord(items.map((item) => [item.name, item]));
}

function byQualifiedKey<T extends { schema: string; name: string }>(items: T[]): Record<string, T> {
  return sortedRecord(items.map((item) => [qualifiedKey(item.schema, item.name), item]));
}

/**
 * A record whose keys are in code-unit order (`<` on strings, the model's rule), built by
 * assignment into a null-prototype record: Object.fromEntries was most of this file's time at
 * 1,000 tables. Lists the catalog query already returns in order are not sorted again.
 */
function sortedRecord<T>(entries: [string, T][]): Record<string, T> {
  let inOrder = true;
  for (let i = 1; i < entries.length && inOrder; i++) inOrder = entries[i - 1]![0] < entries[i]![0];
  if (!inOrder) entries.sort(([a], [b]) => compareText(a, b));
  const record = newRecord<T>();
  for (const [key, value] of entries) record[key] = value;
  return record;
}
