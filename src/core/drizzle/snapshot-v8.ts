/**
 * drizzle-kit 1.x snapshot version 8 (the 1.0 betas up to rc.4): every `snapshot.json` holds
 * the full schema after its migration as one flat list of entity rows.
 *   { version: "8", dialect: "postgres", id, prevIds: [...], ddl: [{ entityType, ... }], renames }
 */
import { userError } from "../errors.js";
import { ENTITY_KEY_FIELDS, type DdlRow } from "./ddl-1x.js";

export interface SnapshotV8 {
  version: "8";
  id: string;
  prevIds: string[];
  ddl: DdlRow[];
}

export function parseSnapshotV8(raw: Record<string, unknown>, path: string): SnapshotV8 {
  checkDialect(raw, path);
  if (!Array.isArray(raw.ddl)) throw malformed(path, 'no "ddl" list');
  return { version: "8", id: String(raw.id ?? ""), prevIds: prevIds(raw), ddl: raw.ddl.map((row, index) => ddlRow(row, `${path}: ddl[${index}]`)) };
}

export function checkDialect(raw: Record<string, unknown>, path: string): void {
  if (raw.dialect !== "postgres") {
    throw userError(
      `${path} is for dialect ${JSON.stringify(raw.dialect ?? null)}; driftcheck checks PostgreSQL migrations only.`,
      'Point --drizzle at the migrations folder of a drizzle config with `dialect: "postgresql"`.',
    );
  }
}

export function prevIds(raw: Record<string, unknown>): string[] {
  return Array.isArray(raw.prevIds) ? raw.prevIds.filter((id): id is string => typeof id === "string") : [];
}

/** A row with a known entity type (unknown ones mean a newer drizzle-kit: say so, don't guess). */
export function ddlRow(value: unknown, where: string): DdlRow {
  const row = value as DdlRow | null;
  if (typeof row !== "object" || row === null || typeof row.entityType !== "string") throw malformed(where, "an entry has no entityType");
  if (!Object.prototype.hasOwnProperty.call(ENTITY_KEY_FIELDS, row.entityType)) {
    throw userError(
      `${where}: unknown entity type ${JSON.stringify(row.entityType)}; this snapshot was written by a drizzle-kit newer than driftcheck understands.`,
      "Report it to driftcheck with the drizzle-kit version, or pass the expected schema as JSON.",
    );
  }
  return row;
}

export function malformed(path: string, what: string): Error {
  return userError(`${path} is not a valid drizzle-kit 1.x snapshot (${what}).`, "Regenerate it with `npx drizzle-kit generate`, or restore it from git.");
}
