/**
 * Operator classes the code wrote that are the default for the key column's type under the
 * index's access method: `pg_get_indexdef` leaves them out and the model stores null for them
 * (model.ts, IndexColumn.opclass). Which opclass is the default is the database's answer
 * (catalog-sql.ts `defaultOpclasses`: GetDefaultOpClass for every column type read, polymorphic
 * defaults such as enum_ops, array_ops, range_ops and record_ops included), not a list kept here.
 * Expression keys keep what was written: the snapshot does not know their type.
 */
import { newRecord, type CanonicalSchema, type IndexDef, type TableDef } from "../model.js";
import type { DefaultOpclasses } from "../introspect/types.js";

/** `character varying(255)[]` → `character varying[]`, `timestamp(3) with time zone` → `timestamp with time zone`. */
export function opclassTypeKey(columnType: string): string {
  return columnType.replace(/\([^)]*\)/g, "").replace(/\s+/g, " ").trim();
}

/** The schema with every written default opclass set to null; unchanged parts are shared. */
export function withDefaultOpclasses(schema: CanonicalSchema, defaults: DefaultOpclasses | undefined): CanonicalSchema {
  if (!defaults) return schema;
  let tables: Record<string, TableDef> | null = null;
  for (const key in schema.tables) {
    const table = schema.tables[key]!;
    const indexes = resolvedIndexes(table, defaults);
    if (indexes === null) continue;
    if (tables === null) {
      tables = newRecord();
      for (const k in schema.tables) tables[k] = schema.tables[k]!;
    }
    tables[key] = { ...table, indexes };
  }
  return tables === null ? schema : { ...schema, tables };
}

function resolvedIndexes(table: TableDef, defaults: DefaultOpclasses): Record<string, IndexDef> | null {
  let indexes: Record<string, IndexDef> | null = null;
  for (const name in table.indexes) {
    const index = table.indexes[name]!;
    const byType = defaults[index.method];
    if (!byType) continue;
    const isDefault = (i: number): boolean => {
      const column = index.columns[i]!;
      if (column.opclass === null || column.isExpression) return false;
      const type = table.columns[column.expression]?.type;
      return type !== undefined && byType[opclassTypeKey(type)] === column.opclass;
    };
    if (!index.columns.some((_, i) => isDefault(i))) continue;
    if (indexes === null) {
      indexes = newRecord();
      for (const n in table.indexes) indexes[n] = table.indexes[n]!;
    }
    indexes[name] = { ...index, columns: index.columns.map((column, i) => (isDefault(i) ? { ...column, opclass: null } : column)) };
  }
  return indexes;
}
