/**
 * The fields of a version-7 snapshot that the conversion (snapshot-v7.ts) reads without a
 * fallback, checked before it runs: a hand-edited or damaged snapshot is the user's to fix, so it
 * gets a user error naming the file and the field ("…columns.email.type must be a string"),
 * never a TypeError from deep inside the conversion. Optional fields are only checked when present.
 */
import { userError } from "../errors.js";
import type { SnapshotV7 } from "./snapshot-types.js";

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === "string";
const isStringList: Check = (value) => Array.isArray(value) && value.every(isString);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const optional = (check: Check): Check => (value) => value === undefined || value === null || check(value);

const WANTS = new Map<Check, string>([
  [isString, "a string"],
  [isStringList, "a list of strings"],
]);

/** Where a value sits, built only when a check fails: a 1,000-table snapshot has ~10,000 entries to check. */
type Where = () => string;

class Malformed {
  constructor(readonly where: string, readonly wants: string, readonly found: unknown) {}
}

function at(where: Where, key: string): Where {
  return () => (/^[A-Za-z_$][\w$]*$/.test(key) ? `${where()}.${key}` : `${where()}[${JSON.stringify(key)}]`);
}

function field(entry: Record<string, unknown>, where: Where, key: string, check: Check, wants = WANTS.get(check) ?? "valid"): void {
  const value = entry[key];
  if (!check(value)) throw new Malformed(at(where, key)(), wants, value);
}

/** Visits each entry of an (optional) record of objects, with its path. */
function eachEntry(parent: Record<string, unknown>, where: Where, key: string, visit: (entry: Record<string, unknown>, where: Where) => void, required = false): void {
  const value = parent[key];
  if (value === undefined || value === null) {
    if (required) throw new Malformed(at(where, key)(), "an object", value);
    return;
  }
  if (!isRecord(value)) throw new Malformed(at(where, key)(), "an object", value);
  const recordWhere = at(where, key);
  for (const name of Object.keys(value)) {
    const entry = value[name];
    if (!isRecord(entry)) throw new Malformed(at(recordWhere, name)(), "an object", entry);
    visit(entry, at(recordWhere, name));
  }
}

function checkTable(table: Record<string, unknown>, where: Where): void {
  field(table, where, "name", isString);
  field(table, where, "schema", optional(isString), "a string");
  eachEntry(table, where, "columns", (column, path) => {
    field(column, path, "name", isString);
    field(column, path, "type", isString);
    field(column, path, "typeSchema", optional(isString), "a string");
    if (isRecord(column.generated)) field(column.generated, at(path, "generated"), "as", isString);
  }, true);
  eachEntry(table, where, "indexes", (index, path) => {
    field(index, path, "name", isString);
    field(index, path, "columns", (value) => Array.isArray(value) && value.every((column) => isRecord(column) && isString(column.expression)), "a list of { expression: string }");
  });
  eachEntry(table, where, "foreignKeys", (foreignKey, path) => {
    field(foreignKey, path, "name", isString);
    field(foreignKey, path, "tableTo", isString);
    field(foreignKey, path, "columnsFrom", isStringList);
    field(foreignKey, path, "columnsTo", isStringList);
  });
  eachEntry(table, where, "compositePrimaryKeys", (key, path) => {
    field(key, path, "name", isString);
    field(key, path, "columns", isStringList);
  });
  eachEntry(table, where, "uniqueConstraints", (unique, path) => field(unique, path, "columns", isStringList));
  eachEntry(table, where, "checkConstraints", (check, path) => {
    field(check, path, "name", isString);
    field(check, path, "value", isString);
  });
  eachEntry(table, where, "policies", (policy, path) => field(policy, path, "name", isString));
}

export function assertSnapshotShape(snapshot: SnapshotV7, path: string): void {
  const root = snapshot as unknown as Record<string, unknown>;
  const top: Where = () => "";
  try {
    eachEntry(root, top, "tables", checkTable, true);
    eachEntry(root, top, "enums", (entry, where) => {
      field(entry, where, "name", isString);
      field(entry, where, "values", isStringList);
    });
    eachEntry(root, top, "sequences", (sequence, where) => field(sequence, where, "name", isString));
    eachEntry(root, top, "policies", (policy, where) => field(policy, where, "name", isString));
    eachEntry(root, top, "views", (view, where) => {
      field(view, where, "name", isString);
      eachEntry(view, where, "columns", (column, columnPath) => field(column, columnPath, "name", isString));
    });
  } catch (error) {
    if (!(error instanceof Malformed)) throw error;
    const found = error.found === undefined ? "it is missing" : `found ${JSON.stringify(error.found)?.slice(0, 60) ?? String(error.found)}`;
    throw userError(
      `${path}: ${error.where.replace(/^\./, "")} must be ${error.wants} (${found}).`,
      "The snapshot is malformed: regenerate it with `npx drizzle-kit generate`, or restore the field.",
    );
  }
}
