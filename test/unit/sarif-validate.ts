/**
 * Offline validation against the SARIF 2.1.0 schema committed in test/schemas/ (draft 2020-12,
 * hence ajv's 2020 build). Formats are checked by small local validators (no ajv-formats
 * dependency): uri / uri-reference with the WHATWG URL parser, date-time and uuid by pattern.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";

const schema = JSON.parse(readFileSync(new URL("../schemas/sarif-schema-2.1.0.json", import.meta.url), "utf8")) as object;

const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addFormat("uri", (value: string) => parses(value));
ajv.addFormat("uri-reference", (value: string) => parses(value, "file:///base/") && !/\s/.test(value));
ajv.addFormat("date-time", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i);
ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const validate = ajv.compile(schema);

function parses(value: string, base?: string): boolean {
  try {
    new URL(value, base);
    return true;
  } catch {
    return false;
  }
}

/** Schema errors as `path: message` lines; [] when the log is valid. */
export function validateSarif(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"}: ${error.message ?? "invalid"}`);
}
