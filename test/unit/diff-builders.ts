/** Hand-built CanonicalSchema values for the diff, policy and report tests. */
import type {
  CanonicalSchema,
  CheckDef,
  ColumnDef,
  EnumDef,
  ForeignKeyDef,
  IndexColumn,
  IndexDef,
  PolicyDef,
  SequenceDef,
  TableDef,
  UniqueDef,
  ViewDef,
} from "../../src/core/model.js";
import { MODEL_FORMAT_VERSION } from "../../src/core/model.js";
import type { Finding } from "../../src/core/findings.js";

function byName<T extends { name: string }>(items: T[]): Record<string, T> {
  return Object.fromEntries([...items].sort((a, b) => (a.name < b.name ? -1 : 1)).map((item) => [item.name, item]));
}

function byKey<T extends { schema: string; name: string }>(items: T[]): Record<string, T> {
  return Object.fromEntries(items.map((item) => [`${item.schema}.${item.name}`, item]));
}

export function schema(parts: { tables?: TableDef[]; enums?: EnumDef[]; sequences?: SequenceDef[]; views?: ViewDef[]; schemas?: string[] }): CanonicalSchema {
  return {
    formatVersion: MODEL_FORMAT_VERSION,
    schemas: parts.schemas ?? ["public"],
    enums: byKey(parts.enums ?? []),
    sequences: byKey(parts.sequences ?? []),
    tables: byKey(parts.tables ?? []),
    views: byKey(parts.views ?? []),
  };
}

export function column(name: string, type: string, options: Partial<Omit<ColumnDef, "name" | "type">> = {}): ColumnDef {
  return { name, type, notNull: false, default: null, identity: null, generated: null, ...options };
}

export interface TableParts {
  schema?: string;
  columns?: ColumnDef[];
  primaryKey?: TableDef["primaryKey"];
  uniques?: UniqueDef[];
  foreignKeys?: ForeignKeyDef[];
  checks?: CheckDef[];
  indexes?: IndexDef[];
  rlsEnabled?: boolean;
  policies?: PolicyDef[];
}

export function table(name: string, parts: TableParts = {}): TableDef {
  return {
    schema: parts.schema ?? "public",
    name,
    kind: "table",
    columns: byName(parts.columns ?? []),
    primaryKey: parts.primaryKey ?? null,
    uniques: byName(parts.uniques ?? []),
    foreignKeys: byName(parts.foreignKeys ?? []),
    checks: byName(parts.checks ?? []),
    indexes: byName(parts.indexes ?? []),
    rlsEnabled: parts.rlsEnabled ?? false,
    policies: byName(parts.policies ?? []),
  };
}

export function key(expression: string, options: Partial<IndexColumn> = {}): IndexColumn {
  return { expression, isExpression: false, opclass: null, order: "asc", nulls: "last", ...options };
}

export function index(name: string, columns: IndexColumn[], options: Partial<Omit<IndexDef, "name" | "columns">> = {}): IndexDef {
  return { name, unique: false, nullsNotDistinct: false, method: "btree", columns, where: null, with: {}, ...options };
}

export function fk(name: string, columns: string[], refTable: string, refColumns: string[], options: Partial<ForeignKeyDef> = {}): ForeignKeyDef {
  return { name, columns, refSchema: "public", refTable, refColumns, onUpdate: "no action", onDelete: "no action", ...options };
}

export function policy(name: string, options: Partial<PolicyDef> = {}): PolicyDef {
  return { name, as: "permissive", for: "all", to: ["public"], using: null, withCheck: null, ...options };
}

export function enumType(name: string, values: string[], schemaName = "public"): EnumDef {
  return { schema: schemaName, name, values };
}

export function sequence(name: string, options: Partial<SequenceDef> = {}): SequenceDef {
  return {
    schema: "public",
    name,
    dataType: "bigint",
    start: "1",
    increment: "1",
    min: "1",
    max: "9223372036854775807",
    cache: "1",
    cycle: false,
    ...options,
  };
}

export function view(name: string, definition: string, columns: string[], materialized = false): ViewDef {
  return { schema: "public", name, materialized, definition, columns };
}

/** The fields a test pins down (all but the human message). */
export function shape(findings: Finding[]): Omit<Finding, "message">[] {
  return findings.map(({ message: _message, ...rest }) => rest);
}

/** A finding with every field; for policy and report tests. */
export function makeFinding(overrides: Partial<Finding> & Pick<Finding, "code" | "object">): Finding {
  return {
    severity: "error",
    kind: "column",
    expected: null,
    actual: null,
    message: "m",
    fixSql: null,
    pendingMigration: null,
    ...overrides,
  };
}
