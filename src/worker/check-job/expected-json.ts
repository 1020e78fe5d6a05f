/**
 * `driftcheck.expected.json`: an expected schema committed at the repository root (written by
 * `driftcheck replay`, which applies the migrations and introspects the result). When present it
 * takes precedence over the snapshots; migration status still comes from the drizzle folder.
 * Accepted shapes: the canonical schema itself, or an object carrying it under `schema`.
 */
import { parseJsonWithinLimits } from "../../core/input-limits.js";
import { userError } from "../../core/errors.js";
import { MODEL_FORMAT_VERSION, type CanonicalSchema } from "../../core/model.js";

export const EXPECTED_JSON_FILE = "driftcheck.expected.json";

export function parseExpectedJson(text: string | null): CanonicalSchema {
  if (text === null) throw userError(`${EXPECTED_JSON_FILE} could not be read.`);
  const value = parseJsonWithinLimits(text, EXPECTED_JSON_FILE, (error) => {
    throw userError(`${EXPECTED_JSON_FILE}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`, "Regenerate it with `driftcheck replay`.");
  });
  const candidate = isSchema(value) ? value : isSchema((value as { schema?: unknown } | null)?.schema) ? (value as { schema: unknown }).schema : null;
  if (candidate === null) {
    throw userError(
      `${EXPECTED_JSON_FILE} is not a driftcheck expected schema (formatVersion ${MODEL_FORMAT_VERSION} with schemas and tables).`,
      "Regenerate it with `driftcheck replay`, or delete it to use the drizzle snapshots.",
    );
  }
  return candidate as CanonicalSchema;
}

function isSchema(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return record.formatVersion === MODEL_FORMAT_VERSION && Array.isArray(record.schemas) && typeof record.tables === "object" && record.tables !== null;
}
