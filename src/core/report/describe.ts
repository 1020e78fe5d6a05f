/** Short human descriptions of the pieces reports show: object paths and expected/actual values. */
import type { Finding } from "../findings.js";
import { indexKeySuffix, type IndexColumn } from "../model.js";

/** `public.users.email` → `users.email`; other schemas stay qualified. */
export function displayObject(finding: Pick<Finding, "kind" | "object">): string {
  if (finding.kind === "schema" || finding.kind === "migration" || finding.kind === "snapshot" || finding.kind === "probe") return finding.object;
  return finding.object.startsWith("public.") ? finding.object.slice("public.".length) : finding.object;
}

/**
 * `server_version_num` as people write it: 150020 → `PostgreSQL 15.20`, 90624 → `PostgreSQL 9.6.24`
 * (before 10 the major version had two parts).
 */
export function postgresVersion(serverVersionNum: number): string {
  if (!Number.isInteger(serverVersionNum) || serverVersionNum <= 0) return "PostgreSQL (unknown version)";
  if (serverVersionNum >= 100_000) return `PostgreSQL ${Math.floor(serverVersionNum / 10_000)}.${serverVersionNum % 10_000}`;
  return `PostgreSQL ${Math.floor(serverVersionNum / 10_000)}.${Math.floor(serverVersionNum / 100) % 100}.${serverVersionNum % 100}`;
}

/**
 * The pending migration that would fix a schema finding, for "fixed by pending migration …".
 * A MIGRATION_* finding names its own migration in `pendingMigration`: it is not fixed "by" it.
 */
export function fixingMigration(finding: Pick<Finding, "kind" | "pendingMigration">): string | null {
  return finding.kind === "migration" ? null : finding.pendingMigration;
}

/** `1 migration`, `2 migrations`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function list(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(", ") : String(value);
}

/** One line describing an expected or actual value (a fragment of the canonical model). */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "(absent)";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? `'${v}'` : describeValue(v))).join(", ");
  if (!isRecord(value)) return String(value);
  const v = value;
  const migration = describeMigrationRecord(v);
  if (migration !== null) return migration;
  if (typeof v.type === "string" && typeof v.notNull === "boolean" && "default" in v) {
    let text = v.type;
    if (v.notNull) text += " NOT NULL";
    if (typeof v.default === "string") text += ` DEFAULT ${v.default}`;
    if (isRecord(v.identity)) text += ` ${describeValue(v.identity)}`;
    if (isRecord(v.generated)) text += ` ${describeValue(v.generated)}`;
    return text;
  }
  if (typeof v.generation === "string") return `GENERATED ${String(v.generation).toUpperCase()} AS IDENTITY (START ${String(v.start)}, INCREMENT ${String(v.increment)})`;
  if (v.kind === "stored" && typeof v.expression === "string") return `GENERATED ALWAYS AS (${v.expression}) STORED`;
  if (Object.keys(v).length === 1 && typeof v.notNull === "boolean") return v.notNull ? "NOT NULL" : "nullable";
  if (Object.keys(v).length === 1 && typeof v.rlsEnabled === "boolean") return v.rlsEnabled ? "row-level security enabled" : "row-level security disabled";
  if (Object.keys(v).length === 2 && typeof v.onDelete === "string" && typeof v.onUpdate === "string") {
    return `ON DELETE ${v.onDelete.toUpperCase()}, ON UPDATE ${v.onUpdate.toUpperCase()}`;
  }
  if (typeof v.refTable === "string") {
    return `FOREIGN KEY (${list(v.columns)}) REFERENCES ${String(v.refSchema)}.${v.refTable}(${list(v.refColumns)}) ON DELETE ${String(v.onDelete).toUpperCase()}`;
  }
  if (typeof v.definition === "string" && typeof v.materialized === "boolean") {
    return `${v.materialized ? "materialized view" : "view"} (${list(v.columns)})`;
  }
  if (typeof v.definition === "string") return v.definition;
  if (typeof v.method === "string" && Array.isArray(v.columns)) {
    // As pg_get_indexdef prints it (operator class and NULLS only when not the default).
    const keys = (v.columns as IndexColumn[]).map((c) => `${c.expression}${indexKeySuffix(c)}`).join(", ");
    const options = isRecord(v.with) ? Object.entries(v.with) : [];
    return (
      `${v.unique ? "UNIQUE " : ""}INDEX USING ${v.method} (${keys})` +
      (Array.isArray(v.include) && v.include.length > 0 ? ` INCLUDE (${list(v.include)})` : "") +
      (v.nullsNotDistinct === true ? " NULLS NOT DISTINCT" : "") +
      (options.length > 0 ? ` WITH (${options.map(([key, value]) => `${key}=${String(value)}`).join(", ")})` : "") +
      (typeof v.where === "string" ? ` WHERE ${v.where}` : "")
    );
  }
  if (typeof v.nullsNotDistinct === "boolean" && Array.isArray(v.columns)) {
    return `UNIQUE${v.nullsNotDistinct ? " NULLS NOT DISTINCT" : ""} (${list(v.columns)})`;
  }
  // A primary key: its name, columns and (for a 0.x inline key) the `unnamed` flag.
  if (typeof v.name === "string" && Array.isArray(v.columns) && Object.keys(v).every((key) => key === "name" || key === "columns" || key === "unnamed")) {
    return `PRIMARY KEY (${list(v.columns)})`;
  }
  if (typeof v.as === "string" && typeof v.for === "string") {
    let text = `${v.as} FOR ${String(v.for).toUpperCase()} TO ${list(v.to)}`;
    if (typeof v.using === "string") text += ` USING (${v.using})`;
    if (typeof v.withCheck === "string") text += ` WITH CHECK (${v.withCheck})`;
    return text;
  }
  if (isRecord(v.columns) && typeof v.kind === "string") return `table (${Object.keys(v.columns).length} columns)`;
  if (Array.isArray(v.values)) return `enum (${describeValue(v.values)})`;
  if (typeof v.dataType === "string" && typeof v.increment === "string") return `sequence AS ${v.dataType}`;
  return JSON.stringify(value);
}

/** A journal time or `created_at` (ms since the epoch) as `2024-05-01 12:00 UTC`. */
function when(ms: unknown): string | null {
  const number = typeof ms === "string" && /^\d+$/.test(ms) ? Number(ms) : ms;
  if (typeof number !== "number" || !Number.isFinite(number)) return null;
  const date = new Date(number);
  return Number.isNaN(date.getTime()) ? null : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The expected/actual values of MIGRATION_* and MIGRATIONS_TABLE_MISSING findings (migrations/status.ts). */
function describeMigrationRecord(v: Json): string | null {
  if (typeof v.tag === "string" && typeof v.hash === "string") {
    const created = when(v.when);
    return `migration ${v.tag} applied${created ? ` (journal time ${created})` : ""}, sha256 ${v.hash.slice(0, 12)}…`;
  }
  if ("newestCreatedAt" in v && Object.keys(v).length === 1) {
    const newest = when(v.newestCreatedAt);
    return newest ? `not applied; the newest applied migration is from ${newest}` : "not applied";
  }
  if (typeof v.table === "string" && typeof v.migrations === "number") return `table ${v.table} recording ${plural(v.migrations, "migration")}`;
  if (typeof v.table === "string" && v.readable === true) return `table ${v.table}, readable by the checking role`;
  if (v.exists === true && "error" in v) return `the table exists but cannot be read${typeof v.error === "string" ? ` (${v.error})` : ""}`;
  if ("hash" in v && "createdAt" in v && "name" in v) {
    const created = when(v.createdAt);
    const label = typeof v.name === "string" ? v.name : typeof v.hash === "string" ? `sha256 ${v.hash.slice(0, 12)}…` : "an unnamed migration";
    return `recorded migration ${label}${created ? ` (applied as of ${created})` : ""}, not in this folder`;
  }
  return null;
}
