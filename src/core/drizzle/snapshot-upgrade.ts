/**
 * Older snapshots (versions 5 and 6) upgraded to the version-7 shape, the way drizzle-kit's
 * `up` command does (`updateUpToV6`, `updateUpToV7` in drizzle-kit 0.31): v5 keys tables by
 * bare name and stores enum values as a record; v5/v6 index columns are plain names.
 *
 * One step goes further than drizzle-kit's: a v5 enum column has no `typeSchema` (its `type` is
 * the bare enum name), and without one the column's type would read as the unqualified `plan`
 * where PostgreSQL prints `public.plan`. drizzle-kit ≤ 0.20 created every enum in `public`
 * (`CREATE TYPE "plan"`, and v5 enums are keyed `public.*` below), so a v5 column whose type is
 * one of the snapshot's enums gets `typeSchema: "public"`, as drizzle-kit 0.21 writes it in v6.
 */
import { userError } from "../errors.js";
import type { SnapshotV7 } from "./snapshot-types.js";
import { newRecord } from "../model.js";

export const SUPPORTED_SNAPSHOT_VERSIONS = ["5", "6", "7"];

type Json = Record<string, unknown>;

export function upgradeSnapshot(raw: unknown, path: string): SnapshotV7 {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw userError(`${path} is not a drizzle-kit snapshot (expected a JSON object).`, "Regenerate it with `npx drizzle-kit generate`.");
  }
  const snapshot = raw as Json;
  const version = String(snapshot.version ?? "");
  if (version === "7") return snapshot as unknown as SnapshotV7;
  if (version === "6") return upgradeV6(snapshot);
  if (version === "5") return upgradeV6(upgradeV5(snapshot));
  throw userError(
    `${path} has snapshot version ${JSON.stringify(snapshot.version ?? null)}; driftcheck reads PostgreSQL snapshots of versions ${SUPPORTED_SNAPSHOT_VERSIONS.join(", ")}.`,
    version === "8" || version === "9"
      ? "This is a drizzle-kit 1.x snapshot inside a 0.x meta/ folder; a 1.x folder keeps each migration in its own <timestamp>_<name>/ folder with migration.sql and snapshot.json."
      : "Run `npx drizzle-kit up` with drizzle-kit 0.31 to upgrade old snapshots, then retry.",
  );
}

function upgradeV5(snapshot: Json): Json {
  const enumNames = new Set(Object.values((snapshot.enums ?? {}) as Record<string, Json>).map((entry) => entry.name));
  const tables: Json = newRecord();
  for (const table of Object.values((snapshot.tables ?? {}) as Record<string, Json>)) {
    tables[`${(table.schema as string) || "public"}.${table.name as string}`] = { ...table, columns: withEnumSchema(table.columns, enumNames) };
  }
  const enums: Json = newRecord();
  for (const entry of Object.values((snapshot.enums ?? {}) as Record<string, Json>)) {
    const values = entry.values;
    enums[`public.${entry.name as string}`] = {
      name: entry.name,
      schema: "public",
      values: Array.isArray(values) ? values : Object.values((values ?? {}) as Json),
    };
  }
  return { ...snapshot, version: "6", dialect: "postgresql", tables, enums };
}

/** v5 enum columns (`plan`, `plan[]`) point at `public`, where drizzle-kit ≤ 0.20 created every enum. */
function withEnumSchema(columns: unknown, enumNames: Set<unknown>): unknown {
  if (typeof columns !== "object" || columns === null || enumNames.size === 0) return columns;
  const upgraded: Json = newRecord();
  for (const [key, column] of Object.entries(columns as Record<string, Json>)) {
    const type = typeof column?.type === "string" ? column.type.trim().replace(/(\[\d*\])+$/, "") : null;
    const isEnum = type !== null && column.typeSchema === undefined && (enumNames.has(type) || enumNames.has(unquote(type)));
    upgraded[key] = isEnum ? { ...column, typeSchema: "public" } : column;
  }
  return upgraded;
}

function unquote(name: string): string {
  return name.length > 1 && name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name;
}

function upgradeV6(snapshot: Json): SnapshotV7 {
  const tables: Json = newRecord();
  for (const [key, value] of Object.entries((snapshot.tables ?? {}) as Record<string, Json>)) {
    const indexes: Json = newRecord();
    for (const [indexKey, index] of Object.entries((value.indexes ?? {}) as Record<string, Json>)) {
      const columns = ((index.columns ?? []) as unknown[]).map((column) =>
        typeof column === "string" ? { expression: column, isExpression: false, asc: true, nulls: "last" } : column,
      );
      indexes[indexKey] = { with: {}, ...index, columns };
    }
    tables[key] = { ...value, indexes, policies: {}, isRLSEnabled: false, checkConstraints: {} };
  }
  return {
    ...snapshot,
    version: "7",
    dialect: "postgresql",
    sequences: {},
    tables,
    policies: {},
    views: {},
    roles: {},
  } as unknown as SnapshotV7;
}
