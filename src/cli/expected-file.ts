/**
 * The expected-schema document `driftcheck replay` writes and `check --expected FILE.json`
 * reads: the canonical model (src/core/model.ts) in a versioned envelope.
 *
 *   { "formatVersion": 1, "kind": "driftcheck.expected", "generatedBy": "driftcheck 0.1.0",
 *     "source": "replay of ./drizzle on embedded PGlite", "schema": { …CanonicalSchema… } }
 */
import { checkFileSize, parseJsonWithinLimits } from "../core/input-limits.js";
import { statSync, readFileSync } from "node:fs";
import { userError } from "../core/errors.js";
import { MODEL_FORMAT_VERSION, type CanonicalSchema } from "../core/model.js";

export const EXPECTED_KIND = "driftcheck.expected";
export const EXPECTED_FORMAT_VERSION = 1;

export interface ExpectedDocument {
  formatVersion: typeof EXPECTED_FORMAT_VERSION;
  kind: typeof EXPECTED_KIND;
  generatedBy: string;
  source: string;
  schema: CanonicalSchema;
}

export function expectedDocument(schema: CanonicalSchema, source: string, generatedBy: string): ExpectedDocument {
  return { formatVersion: EXPECTED_FORMAT_VERSION, kind: EXPECTED_KIND, generatedBy, source, schema };
}

const HINT = "Write the file with `driftcheck replay --drizzle DIR --out FILE.json`, or pass --expected replay.";

/** Reads and checks an expected-schema file; `label` is how the path is shown. */
export function readExpectedFile(path: string, label: string): ExpectedDocument {
  let text: string;
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw userError(`--expected ${label}: file not found or unreadable.`, HINT);
  }
  checkFileSize(`--expected ${label}`, ".json", size);
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw userError(`--expected ${label}: file not found or unreadable.`, HINT);
  }
  const value = parseJsonWithinLimits(text, `--expected ${label}`, (error) => {
    throw userError(`--expected ${label}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`, HINT);
  });
  return parseExpectedDocument(value, label);
}

export function parseExpectedDocument(value: unknown, label: string): ExpectedDocument {
  const doc = (typeof value === "object" && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  if (doc.kind !== EXPECTED_KIND) {
    throw userError(`--expected ${label}: not a driftcheck expected-schema file ("kind" must be "${EXPECTED_KIND}").`, HINT);
  }
  if (doc.formatVersion !== EXPECTED_FORMAT_VERSION) {
    throw userError(
      `--expected ${label}: formatVersion ${JSON.stringify(doc.formatVersion)} is not supported (this driftcheck reads ${EXPECTED_FORMAT_VERSION}).`,
      `Regenerate it with this version of driftcheck. ${HINT}`,
    );
  }
  const schema = (typeof doc.schema === "object" && doc.schema !== null ? doc.schema : null) as Record<string, unknown> | null;
  const records = ["enums", "sequences", "tables", "views"];
  const shapeOk =
    schema !== null &&
    schema.formatVersion === MODEL_FORMAT_VERSION &&
    Array.isArray(schema.schemas) &&
    records.every((key) => typeof schema[key] === "object" && schema[key] !== null && !Array.isArray(schema[key]));
  if (!shapeOk) {
    throw userError(`--expected ${label}: "schema" is not a canonical schema (formatVersion ${MODEL_FORMAT_VERSION}, schemas, enums, sequences, tables, views).`, HINT);
  }
  return {
    formatVersion: EXPECTED_FORMAT_VERSION,
    kind: EXPECTED_KIND,
    generatedBy: typeof doc.generatedBy === "string" ? doc.generatedBy : "unknown",
    source: typeof doc.source === "string" ? doc.source : label,
    schema: schema as unknown as CanonicalSchema,
  };
}
