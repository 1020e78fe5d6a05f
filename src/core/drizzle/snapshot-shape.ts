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

class Malformed {
  constructor(readonly where: string, readonly wants: string, readonly found: unknown) {}
}

function at(where: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${where}.${key}` : `${where}[${JSON.stringify(key)}]`;
}

function field(entry: Record<string, unknown>, where: string, key: string, check: Check, wants = WANTS.get(check) ?? "valid"): void {
  const value = entry[key];
  if (!check(value)) throw new Malformed(at(where, key), wants, value);
}

/** Each entry of an (optional) record of objects, with its path. */
function entries(parent: Record<string, unknown>, where: string, key: string, required = false): [string, Record<string, unknown>][] {
  const value = parent[key];
  if (value === undefined || value === null) {
    if (required) throw new Malformed(at(where, key), "an object", value);
    return [];
  }
  if (!isRecord(value)) throw new Malformed(at(where, key), "an object", value);
  return Object.entries(value).map(([name, entry]) => {
    if (!isRecord(entry)) throw new Malformed(at(at(where, key), name), "an object", entry);
    return [at(at(where, key), name), entry];
  });
}

function checkTable(table: Record<string, unknown>, where: string): void {
  field(table, where, "name", isString);
  field(table, where, "schema", optional(isString), "a string");
  for (const [path, column] of entries(table, where, "columns", true)) {
    field(column, path, "name", isString);
    field(column, path, "type", isString);
    field(column, path, "typeSchema", optional(isString), "a string");
    if (isRecord(column.generated)) field(column.generated, at(path, "generated"), "as", isString);
  }
  for (const [path, index] of entries(table, where, "indexes")) {
    field(index, path, "name", isString);
    field(index, path, "columns", (value) => Array.isArray(value) && value.every((column) => isRecord(column) && isString(column.expression)), "a list of { expression: string }");
  }
  for (const [path, foreignKey] of entries(table, where, "foreignKeys")) {
    field(foreignKey, path, "name", isString);
    field(foreignKey, path, "tableTo", isString);
    field(foreignKey, path, "columnsFrom", isStringList);
    field(foreignKey, path, "columnsTo", isStringList);
  }
  for (const [path, key] of entries(table, where, "compositePrimaryKeys")) {
    field(key, path, "name", isString);
    field(key, path, "columns", isStringList);
  }
  for (const [path, unique] of entries(table, where, "uniqueConstraints")) field(unique, path, "columns", isStringList);
  for (const [path, check] of entries(table, where, "checkConstraints")) {
    field(check, path, "name", isString);
    field(check, path, "value", isString);
  }
  for (const [path, policy] of entries(table, where, "policies")) field(policy, path, "name", isString);
}

export function assertSnapshotShape(snapshot: SnapshotV7, path: string): void {
  const root = snapshot as unknown as Record<string, unknown>;
  try {
    for (const [where, table] of entries(root, "", "tables", true)) checkTable(table, where);
    for (const [where, entry] of entries(root, "", "enums")) {
      field(entry, where, "name", isString);
      field(entry, where, "values", isStringList);
    }
    for (const [where, sequence] of entries(root, "", "sequences")) field(sequence, where, "name", isString);
    for (const [where, policy] of entries(root, "", "policies")) field(policy, where, "name", isString);
    for (const [where, view] of entries(root, "", "views")) {
      field(view, where, "name", isString);
      for (const [columnPath, column] of entries(view, where, "columns")) field(column, columnPath, "name", isString);
    }
  } catch (error) {
    if (!(error instanceof Malformed)) throw error;
    const found = error.found === undefined ? "it is missing" : `found ${JSON.stringify(error.found)?.slice(0, 60) ?? String(error.found)}`;
    throw userError(
      `${path}: ${error.where.replace(/^\./, "")} must be ${error.wants} (${found}).`,
      "The snapshot is malformed: regenerate it with `npx drizzle-kit generate`, or restore the field.",
    );
  }
}
