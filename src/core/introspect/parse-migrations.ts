/**
 * Turns the migrations-table read (see MIGRATIONS_SQL) into MigrationsTableState.
 * Every value arrives as text (bigint `created_at` keeps every digit).
 *
 * `exists` follows the contract in types.ts: true only when the table exists AND could be read.
 * An unreadable table comes back with `exists: false`, its `shape`, and `error` saying why, so
 * callers can tell "missing" (error null) from "unreadable" (error set).
 */
import { DriftcheckError } from "../errors.js";
import type { AppliedMigration, MigrationsTableRef, MigrationsTableState } from "./types.js";

interface MigrationsDocument {
  exists: boolean;
  shape: "0.x" | "1.x" | null;
  error: string | null;
  rows: Record<string, string | null>[] | null;
}

export function parseMigrationsText(text: string | null | undefined, ref: MigrationsTableRef): MigrationsTableState {
  let document: MigrationsDocument;
  try {
    document = JSON.parse(text ?? "") as MigrationsDocument;
  } catch (error) {
    throw new DriftcheckError("internal", "The migrations-table read returned no valid JSON document.", { cause: error });
  }
  if (!document.exists) return { ref, exists: false, shape: null, rows: [], error: null };
  if (document.error !== null) return { ref, exists: false, shape: document.shape, rows: [], error: document.error };
  const rows = (document.rows ?? []).map(toAppliedMigration).sort(compareApplied);
  return { ref, exists: true, shape: document.shape, rows, error: null };
}

function toAppliedMigration(row: Record<string, string | null>): AppliedMigration {
  return {
    id: row["id"] ?? null,
    hash: row["hash"] ?? null,
    createdAt: row["created_at"] ?? null,
    name: row["name"] ?? null,
  };
}

/** Application order: created_at, then id (both decimal strings), as drizzle's migrator orders them. */
function compareApplied(a: AppliedMigration, b: AppliedMigration): number {
  return compareDecimal(a.createdAt, b.createdAt) || compareDecimal(a.id, b.id);
}

function compareDecimal(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const numeric = /^-?\d+$/;
  if (numeric.test(a) && numeric.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
