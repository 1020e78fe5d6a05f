/**
 * A drizzle-kit version-7 snapshot → the canonical model, spelled as PostgreSQL prints the same
 * objects (see the spelling rule in model.ts). Each spelling decision lives in a normaliser:
 * types, defaults, identity/sequences, expressions, names.
 */
import {
  emptySchema,
  newRecord,
  qualifiedKey,
  type CanonicalSchema,
  type ColumnDef,
  type ForeignKeyDef,
  type IndexColumn,
  type IndexDef,
  type PolicyDef,
  type ReferentialAction,
  type TableDef,
  type ViewDef,
} from "../model.js";
import { userError } from "../errors.js";
import type { SnapshotColumn, SnapshotIndex, SnapshotPolicy, SnapshotTable, SnapshotV7 } from "./snapshot-types.js";
import { normaliseType } from "./normalise-types.js";
import { assertSnapshotShape } from "./snapshot-shape.js";
import { normaliseDefault } from "./normalise-defaults.js";
import { normaliseIdentity, normaliseSequence } from "./normalise-identity.js";
import { checkDefinition, indexKeyExpression, normaliseExpression, parenthesiseOperator, splitIndexElement, stripOuterParens } from "./normalise-expressions.js";
import { normaliseOpclass } from "./normalise-opclass.js";
import { splitIncludeTrick } from "./index-include.js";
import { tokenize } from "../expressions/tokenize.js";
import { chooseRelationName, quoteQualified, serialSequenceName, truncateIdentifier } from "./normalise-names.js";

const name = truncateIdentifier;

export function snapshotToSchema(snapshot: SnapshotV7, path: string): CanonicalSchema {
  if (typeof snapshot.tables !== "object" || snapshot.tables === null) {
    throw userError(`${path} has no "tables" object; it is not a drizzle-kit PostgreSQL snapshot.`, "Regenerate it with `npx drizzle-kit generate`.");
  }
  assertSnapshotShape(snapshot, path);
  const schema = emptySchema();
  const schemas = new Set<string>();
  for (const declared of Object.values(snapshot.schemas ?? {})) if (declared) schemas.add(name(declared));

  for (const entry of Object.values(snapshot.enums ?? {})) {
    const enumSchema = name(entry.schema || "public");
    schemas.add(enumSchema);
    schema.enums[qualifiedKey(enumSchema, name(entry.name))] = { schema: enumSchema, name: name(entry.name), values: [...entry.values] };
  }

  for (const sequence of Object.values(snapshot.sequences ?? {})) {
    const sequenceSchema = name(sequence.schema || "public");
    schemas.add(sequenceSchema);
    schema.sequences[qualifiedKey(sequenceSchema, name(sequence.name))] = normaliseSequence(sequence, sequenceSchema, name(sequence.name));
  }

  for (const table of Object.values(snapshot.tables)) {
    const def = tableToDef(table);
    schemas.add(def.schema);
    schema.tables[qualifiedKey(def.schema, def.name)] = def;
  }

  // Policies declared outside a table and linked to it with `.link()` (`on: "\"schema\".\"table\""`).
  for (const policy of Object.values(snapshot.policies ?? {})) {
    const target = policy.on?.match(/^"((?:[^"]|"")*)"\."((?:[^"]|"")*)"$/);
    if (!target) continue;
    const table = schema.tables[qualifiedKey(name(target[1]!.replace(/""/g, '"')), name(target[2]!.replace(/""/g, '"')))];
    if (!table) continue;
    table.policies[name(policy.name)] = policyToDef(policy, table);
    table.policies = sortRecord(table.policies);
    table.rlsEnabled = true;
  }

  for (const view of Object.values(snapshot.views ?? {})) {
    // `.existing()` views are managed outside drizzle-kit: not an expectation of this folder.
    if (view.isExisting) continue;
    const viewSchema = name(view.schema || "public");
    schemas.add(viewSchema);
    const def: ViewDef = {
      schema: viewSchema,
      name: name(view.name),
      materialized: view.materialized === true,
      definition: (view.definition ?? "").trim(),
      columns: Object.values(view.columns ?? {}).map((column) => name(column.name)),
    };
    schema.views[qualifiedKey(def.schema, def.name)] = def;
  }

  schema.schemas = [...schemas].sort();
  schema.enums = sortRecord(schema.enums);
  schema.sequences = sortRecord(schema.sequences);
  schema.tables = sortRecord(schema.tables);
  schema.views = sortRecord(schema.views);
  return schema;
}

function tableToDef(table: SnapshotTable): TableDef {
  const tableSchema = name(table.schema || "public");
  const tableName = name(table.name);
  const scope = { schema: tableSchema, name: tableName };
  const def: TableDef = {
    schema: tableSchema,
    name: tableName,
    kind: "table",
    columns: newRecord(),
    primaryKey: null,
    uniques: newRecord(),
    foreignKeys: newRecord(),
    checks: newRecord(),
    indexes: newRecord(),
    rlsEnabled: false,
    policies: newRecord(),
  };

  const snapshotColumns = Object.values(table.columns);
  let primaryKey: { name: string; columns: string[] } | undefined;
  for (const key in table.compositePrimaryKeys) {
    primaryKey = table.compositePrimaryKeys[key];
    break;
  }
  if (primaryKey) {
    def.primaryKey = { name: name(primaryKey.name), columns: primaryKey.columns.map(name) };
  } else {
    const columns: string[] = [];
    for (const column of snapshotColumns) if (column.primaryKey) columns.push(name(column.name));
    // An inline PRIMARY KEY gets PostgreSQL's implicit name, `<table>_pkey`, at CREATE TABLE; the
    // snapshot records none, and a later RENAME of the table keeps the old one (see PrimaryKeyDef).
    if (columns.length > 0) def.primaryKey = { name: chooseRelationName(tableName, "", "pkey"), columns, unnamed: true };
  }
  const primaryKeyColumns = def.primaryKey?.columns ?? [];

  // Columns are built into a list and written into the record once, in key order (snapshots list
  // them in declaration order): no second, sorted copy of the record per table.
  const columnDefs: ColumnDef[] = [];
  let columnsSorted = true;
  for (const column of snapshotColumns) {
    const columnDef = columnToDef(column, scope);
    // Primary-key columns are NOT NULL in PostgreSQL whatever the snapshot says.
    if (primaryKeyColumns.includes(columnDef.name)) columnDef.notNull = true;
    if (columnsSorted && columnDefs.length > 0 && !(columnDefs[columnDefs.length - 1]!.name < columnDef.name)) columnsSorted = false;
    columnDefs.push(columnDef);
    if (column.isUnique === true && column.uniqueName) {
      def.uniques[name(column.uniqueName)] = { name: name(column.uniqueName), columns: [columnDef.name], nullsNotDistinct: column.nullsNotDistinct === true };
    }
  }
  // Stable: of two columns with one (truncated) name the later one wins, as assignment in order would.
  if (!columnsSorted) columnDefs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const columnDef of columnDefs) def.columns[columnDef.name] = columnDef;

  for (const [key, unique] of Object.entries(table.uniqueConstraints ?? {})) {
    const uniqueName = name(unique.name ?? key);
    def.uniques[uniqueName] = { name: uniqueName, columns: unique.columns.map(name), nullsNotDistinct: unique.nullsNotDistinct === true };
  }

  for (const foreignKey of Object.values(table.foreignKeys ?? {})) {
    const fk: ForeignKeyDef = {
      name: name(foreignKey.name),
      columns: foreignKey.columnsFrom.map(name),
      refSchema: name(foreignKey.schemaTo || "public"),
      refTable: name(foreignKey.tableTo),
      refColumns: foreignKey.columnsTo.map(name),
      onUpdate: referentialAction(foreignKey.onUpdate),
      onDelete: referentialAction(foreignKey.onDelete),
    };
    def.foreignKeys[fk.name] = fk;
  }

  for (const check of Object.values(table.checkConstraints ?? {})) {
    def.checks[name(check.name)] = { name: name(check.name), definition: checkDefinition(check.value, scope) };
  }

  for (const index of Object.values(table.indexes ?? {})) {
    const indexDef = indexToDef(index, scope);
    def.indexes[indexDef.name] = indexDef;
  }

  for (const policy of Object.values(table.policies ?? {})) {
    def.policies[name(policy.name)] = policyToDef(policy, scope);
  }
  // drizzle-kit emits ENABLE ROW LEVEL SECURITY for any table with policies.
  def.rlsEnabled = table.isRLSEnabled === true || Object.keys(def.policies).length > 0;

  def.uniques = sortRecord(def.uniques);
  def.foreignKeys = sortRecord(def.foreignKeys);
  def.checks = sortRecord(def.checks);
  def.indexes = sortRecord(def.indexes);
  def.policies = sortRecord(def.policies);
  return def;
}

function columnToDef(column: SnapshotColumn, table: { schema: string; name: string }): ColumnDef {
  const type = normaliseType(column.type, column.typeSchema);
  const columnName = name(column.name);
  if (type.serial) {
    // serial = integer NOT NULL DEFAULT nextval('<schema>.<table>_<column>_seq'::regclass)
    const sequence = quoteQualified(table.schema, serialSequenceName(table.name, columnName));
    return { name: columnName, type: type.type, notNull: true, default: `nextval('${sequence.replace(/'/g, "''")}'::regclass)`, identity: null, generated: null };
  }
  if (column.identity) {
    return { name: columnName, type: type.type, notNull: true, default: null, identity: normaliseIdentity(column.identity, type.type), generated: null };
  }
  if (column.generated) {
    return {
      name: columnName,
      type: type.type,
      notNull: column.notNull === true,
      default: null,
      identity: null,
      generated: { kind: "stored", expression: parenthesiseOperator(normaliseExpression(column.generated.as, table)) },
    };
  }
  return {
    name: columnName,
    type: type.type,
    notNull: column.notNull === true,
    default: normaliseDefault(column.default, type),
    identity: null,
    generated: null,
  };
}

function indexToDef(index: SnapshotIndex, table: { schema: string; name: string }): IndexDef {
  const method = (index.method || "btree").toLowerCase();
  const { elements, include } = withoutIncludeTrick(index.columns, table);
  const columns: IndexColumn[] = elements.map((column) => {
    // An element written as SQL may carry its own options (`"data" jsonb_path_ops`,
    // `"at" DESC NULLS LAST`); PostgreSQL stores a column among them as a column key.
    const element = column.isExpression ? splitIndexElement(normaliseExpression(column.expression, table)) : null;
    const asc = element?.order ? element.order === "asc" : column.asc !== false;
    const nulls = element?.nulls ?? (!element?.order && (column.nulls === "first" || column.nulls === "last") ? column.nulls : asc ? "last" : "first");
    const isExpression = element !== null && element.column === null;
    const keyName = element ? element.column : name(column.expression);
    return {
      expression: element === null ? keyName! : isExpression ? indexKeyExpression(element.expression) : element.column!,
      isExpression,
      opclass: normaliseOpclass(element?.opclass ?? column.opclass),
      order: asc ? "asc" : "desc",
      nulls,
    };
  });
  const withOptions = newRecord<string>();
  for (const key of Object.keys(index.with ?? {}).sort()) withOptions[key.toLowerCase()] = String(index.with?.[key]);
  return {
    name: name(index.name),
    unique: index.isUnique === true,
    nullsNotDistinct: false,
    method,
    columns,
    ...(include.length > 0 ? { include } : {}),
    where: index.where ? stripOuterParens(normaliseExpression(index.where, table)) : null,
    with: withOptions,
  };
}

/**
 * The index elements with the INCLUDE trick (index-include.ts) undone: its element becomes the
 * key it is (a column when it names one) and its names the INCLUDE columns.
 */
function withoutIncludeTrick(
  elements: SnapshotIndex["columns"],
  table: { schema: string; name: string },
): { elements: SnapshotIndex["columns"]; include: string[] } {
  const last = elements[elements.length - 1];
  const trick = last?.isExpression ? splitIncludeTrick(last.expression) : null;
  if (!last || !trick) return { elements, include: [] };
  const keyTokens = tokenize(normaliseExpression(trick.key, table));
  const bare = keyTokens.length === 1 && (keyTokens[0]!.t === "id" || keyTokens[0]!.t === "qid");
  const key = bare ? { ...last, expression: keyTokens[0]!.v, isExpression: false } : { ...last, expression: trick.key };
  return { elements: [...elements.slice(0, -1), key], include: trick.include };
}

function policyToDef(policy: SnapshotPolicy, table: { schema: string; name: string }): PolicyDef {
  const as = (policy.as ?? "PERMISSIVE").toLowerCase() === "restrictive" ? "restrictive" : "permissive";
  const command = (policy.for ?? "ALL").toLowerCase();
  return {
    name: name(policy.name),
    as,
    for: (["all", "select", "insert", "update", "delete"].includes(command) ? command : "all") as PolicyDef["for"],
    to: policyRoles(policy.to),
    using: policy.using ? normaliseExpression(policy.using, table) : null,
    withCheck: policy.withCheck ? normaliseExpression(policy.withCheck, table) : null,
  };
}

/**
 * Roles as pg_policy.polroles holds them: none written means PUBLIC, and PUBLIC next to other
 * roles is PUBLIC alone — PostgreSQL drops the others ("WARNING: ignoring specified roles other
 * than PUBLIC", every role is a member of PUBLIC).
 */
export function policyRoles(written: string[] | undefined): string[] {
  const roles = (written ?? []).map((role) => (role.toLowerCase() === "public" ? "public" : role));
  if (roles.length === 0 || roles.includes("public")) return ["public"];
  return roles.sort(); // duplicates stay: polroles keeps `TO a, a` as {a,a}
}

function referentialAction(action: string | undefined): ReferentialAction {
  const lowered = (action ?? "no action").toLowerCase().replace(/\s+/g, " ").trim();
  switch (lowered) {
    case "restrict":
    case "cascade":
    case "set null":
    case "set default":
    case "no action":
      return lowered;
    default:
      return "no action";
  }
}

/** The record with its keys in code-unit order; the record itself when they already are (no copy). */
function sortRecord<T>(record: Record<string, T>): Record<string, T> {
  const keys = Object.keys(record);
  let sortedAlready = true;
  for (let i = 1; i < keys.length && sortedAlready; i++) sortedAlready = keys[i - 1]! < keys[i]!;
  if (sortedAlready) return record;
  const sorted = newRecord<T>();
  for (const key of keys.sort()) sorted[key] = record[key]!;
  return sorted;
}
