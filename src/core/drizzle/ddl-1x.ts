/**
 * drizzle-kit 1.x describes a PostgreSQL schema as a flat list of entity rows (`ddl`), each
 * tagged with `entityType` (field names from drizzle-kit 1.0's `createDDL` for postgres). Both
 * snapshot formats end up here: v8 stores the list, v9 rebuilds it by replaying deltas.
 *
 * The rows are turned into the version-7 snapshot shape and mapped by snapshot-v7.ts, so the
 * 1.x reader spells everything exactly as the 0.31 reader does. 1.x already names implicit
 * constraints the PostgreSQL way (`<t>_pkey`, `<t>_<c>_key`, `..._fkey`), so names pass as-is.
 */
import { newRecord, type CanonicalSchema } from "../model.js";
import type { SnapshotColumn, SnapshotIndex, SnapshotTable, SnapshotV7, SnapshotView } from "./snapshot-types.js";
import { snapshotToSchema } from "./snapshot-v7.js";

/** One entity row; every type keys on some of `schema`, `table`, `name` (see `entityKey`). */
export interface DdlRow {
  entityType: string;
  [field: string]: unknown;
}

/** Entity types of drizzle-kit 1.x's postgres DDL and the fields that identify a row of each. */
export const ENTITY_KEY_FIELDS: Record<string, readonly string[]> = {
  schemas: ["name"],
  tables: ["schema", "name"],
  enums: ["schema", "name"],
  columns: ["schema", "table", "name"],
  // Index names are unique per schema in PostgreSQL, and drizzle-kit keys them that way.
  indexes: ["schema", "name"],
  fks: ["schema", "table", "name"],
  pks: ["schema", "table", "name"],
  uniques: ["schema", "table", "name"],
  checks: ["schema", "table", "name"],
  sequences: ["schema", "name"],
  roles: ["name"],
  privileges: ["schema", "table", "grantor", "grantee", "type"],
  policies: ["schema", "table", "name"],
  views: ["schema", "name"],
};

/** drizzle-kit's key of a row within its entity type: the JSON array of its identifying fields. */
export function entityKey(row: DdlRow): string {
  const fields = ENTITY_KEY_FIELDS[row.entityType];
  if (!fields) throw new Error(`unknown entity type ${row.entityType}`);
  return JSON.stringify(fields.map((field) => row[field] ?? null));
}

interface IndexColumn1x {
  value: string;
  isExpression: boolean;
  asc: boolean;
  nullsFirst: boolean;
  opclass: { name: string; default: boolean } | null;
}

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

export function ddlToSchema(rows: DdlRow[], path: string): CanonicalSchema {
  return snapshotToSchema(ddlToSnapshotV7(rows), path);
}

/** The same schema in the version-7 snapshot shape (also what the custom-migration check compares). */
export function ddlToSnapshotV7(rows: DdlRow[]): SnapshotV7 {
  const of = (type: string) => rows.filter((row) => row.entityType === type);
  const tableKey = (schema: unknown, name: unknown) => `${String(schema)}.${String(name)}`;
  const snapshot: SnapshotV7 = {
    id: "",
    prevId: "",
    version: "7",
    dialect: "postgresql",
    tables: newRecord(),
    enums: newRecord(),
    schemas: newRecord(),
    sequences: newRecord(),
    policies: newRecord(),
    views: newRecord(),
  };

  for (const row of of("schemas")) snapshot.schemas[String(row.name)] = String(row.name);
  for (const row of of("enums")) {
    snapshot.enums[tableKey(row.schema, row.name)] = { name: String(row.name), schema: String(row.schema), values: texts(row.values) };
  }
  for (const row of of("sequences")) {
    snapshot.sequences![tableKey(row.schema, row.name)] = {
      name: String(row.name),
      schema: String(row.schema),
      increment: text(row.incrementBy),
      minValue: text(row.minValue),
      maxValue: text(row.maxValue),
      startWith: text(row.startWith),
      cache: row.cacheSize === null || row.cacheSize === undefined ? undefined : String(row.cacheSize),
      cycle: row.cycle === true,
    };
  }

  const tables = new Map<string, SnapshotTable>();
  for (const row of of("tables")) {
    const table: SnapshotTable = {
      name: String(row.name),
      schema: String(row.schema),
      columns: newRecord(),
      indexes: newRecord(),
      foreignKeys: newRecord(),
      compositePrimaryKeys: newRecord(),
      uniqueConstraints: newRecord(),
      policies: newRecord(),
      checkConstraints: newRecord(),
      isRLSEnabled: row.isRlsEnabled === true,
    };
    tables.set(tableKey(row.schema, row.name), table);
    snapshot.tables[tableKey(row.schema, row.name)] = table;
  }
  // Rows of a table the snapshot does not list cannot be placed; drizzle-kit never writes them.
  const tableOf = (row: DdlRow) => tables.get(tableKey(row.schema, row.table));

  for (const row of of("columns")) {
    const table = tableOf(row);
    if (!table) continue;
    const dimensions = typeof row.dimensions === "number" ? row.dimensions : 0;
    const column: SnapshotColumn = {
      name: String(row.name),
      // 1.x keeps array dimensions apart from the type; PostgreSQL prints one `[]` whatever the count.
      type: String(row.type) + "[]".repeat(dimensions),
      typeSchema: text(row.typeSchema),
      primaryKey: false,
      notNull: row.notNull === true,
      default: row.default ?? undefined,
    };
    const generated = row.generated as { as?: unknown } | null | undefined;
    if (generated && typeof generated.as === "string") column.generated = { type: "stored", as: generated.as };
    const identity = row.identity as Record<string, unknown> | null | undefined;
    if (identity) {
      column.identity = {
        name: String(identity.name ?? ""),
        schema: String(row.schema),
        type: identity.type === "always" ? "always" : "byDefault",
        increment: text(identity.increment),
        minValue: text(identity.minValue),
        maxValue: text(identity.maxValue),
        startWith: text(identity.startWith),
        cache: identity.cache === null || identity.cache === undefined ? undefined : String(identity.cache),
        cycle: identity.cycle === true,
      };
    }
    table.columns[column.name] = column;
  }

  for (const row of of("pks")) {
    const table = tableOf(row);
    if (table) table.compositePrimaryKeys![String(row.name)] = { name: String(row.name), columns: texts(row.columns) };
  }
  for (const row of of("uniques")) {
    const table = tableOf(row);
    if (table) {
      table.uniqueConstraints![String(row.name)] = { name: String(row.name), columns: texts(row.columns), nullsNotDistinct: row.nullsNotDistinct === true };
    }
  }
  for (const row of of("fks")) {
    const table = tableOf(row);
    if (!table) continue;
    table.foreignKeys[String(row.name)] = {
      name: String(row.name),
      tableFrom: String(row.table),
      columnsFrom: texts(row.columns),
      tableTo: String(row.tableTo),
      schemaTo: text(row.schemaTo),
      columnsTo: texts(row.columnsTo),
      onUpdate: text(row.onUpdate),
      onDelete: text(row.onDelete),
    };
  }
  for (const row of of("checks")) {
    const table = tableOf(row);
    if (table) table.checkConstraints![String(row.name)] = { name: String(row.name), value: String(row.value ?? "") };
  }
  for (const row of of("indexes")) {
    const table = tableOf(row);
    if (table) table.indexes[String(row.name)] = indexToV7(row);
  }
  for (const row of of("policies")) {
    const table = tableOf(row);
    if (!table) continue;
    table.policies![String(row.name)] = {
      name: String(row.name),
      as: text(row.as),
      for: text(row.for),
      to: texts(row.roles),
      using: text(row.using),
      withCheck: text(row.withCheck),
    };
  }

  for (const row of of("views")) {
    const definition = text(row.definition) ?? "";
    const view: SnapshotView = {
      name: String(row.name),
      schema: String(row.schema),
      columns: Object.fromEntries(viewColumns(definition).map((name) => [name, { name } as SnapshotColumn])),
      definition,
      materialized: row.materialized === true,
      isExisting: false,
    };
    snapshot.views![tableKey(row.schema, row.name)] = view;
  }
  return snapshot;
}

function indexToV7(row: DdlRow): SnapshotIndex {
  const columns = (Array.isArray(row.columns) ? (row.columns as IndexColumn1x[]) : []).map((column) => ({
    expression: column.value,
    isExpression: column.isExpression === true,
    asc: column.asc !== false,
    nulls: column.nullsFirst ? "first" : "last",
    // A default operator class is one PostgreSQL does not print.
    ...(column.opclass && !column.opclass.default ? { opclass: column.opclass.name } : {}),
  }));
  return {
    name: String(row.name),
    columns,
    isUnique: row.isUnique === true,
    with: parseWith(text(row.with) ?? ""),
    method: text(row.method) ?? "btree",
    ...(text(row.where) ? { where: text(row.where) } : {}),
    concurrently: row.concurrently === true,
  };
}

/** `fillfactor=70,deduplicate_items=off` → `{ fillfactor: "70", deduplicate_items: "off" }`. */
function parseWith(text: string): Record<string, string> {
  const options = newRecord<string>();
  for (const part of text.split(",")) {
    const at = part.indexOf("=");
    if (at <= 0) continue;
    options[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return options;
}

/**
 * Output columns of a view. 1.x snapshots keep only the SQL text, which drizzle-orm writes as
 * `select "a", "t"."b", expr as "c" from ...`: the names are the select list's aliases or
 * column references. A select list that cannot be read this way (`*`) gives no columns.
 */
export function viewColumns(definition: string): string[] {
  const body = definition.trim().replace(/^\(\s*/, "").replace(/^select\s+(distinct\s+)?/i, "");
  const items: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let at = 0; at < body.length; at++) {
    const char = body[at]!;
    if (quote) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === "(") depth++;
    else if (char === ")") depth--;
    else if (depth === 0 && char === ",") {
      items.push(body.slice(start, at));
      start = at + 1;
    } else if (depth === 0 && /\s/.test(char) && /^\s+from\b/i.test(body.slice(at))) {
      items.push(body.slice(start, at));
      start = -1;
      break;
    }
  }
  if (start !== -1) items.push(body.slice(start));
  const names: string[] = [];
  for (const raw of items) {
    const item = raw.trim();
    const alias = item.match(/\s+as\s+("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)$/i);
    const reference = item.match(/(?:^|\.)("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)$/);
    const token = alias?.[1] ?? reference?.[1];
    if (!token || item === "*" || item.endsWith(".*")) return [];
    names.push(token.startsWith('"') ? token.slice(1, -1).replace(/""/g, '"') : token.toLowerCase());
  }
  return names;
}
