/**
 * `driftcheck.json`: found (`--config PATH`, else `./driftcheck.json` when present), parsed,
 * and validated against the committed JSON Schema (driftcheck.schema.json at the repo root)
 * with ajv. Errors name the file and the JSON pointer: `driftcheck.json: /environments/preview/failOn
 * must be one of error, warning, info`.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { createRequire } from "node:module";
import type { Ajv, ErrorObject } from "ajv";
import { userError } from "../core/errors.js";
import type { Severity } from "../core/findings.js";
import type { Environment } from "./args.js";

export interface EnvironmentSettings {
  failOn?: Severity;
  onError?: "fail" | "neutral";
  migrationsRunOnDeploy?: boolean;
}

/** The shape in DESIGN.md "Configuration"; every field optional. */
export interface DriftcheckConfig {
  drizzle?: string;
  migrationsTable?: string;
  migrations?: "migrate" | "push";
  neon?: {
    projectId?: string;
    database?: string;
    role?: string;
    branches?: { production?: string; preview?: string };
  };
  ignore?: string[];
  environments?: Partial<Record<Environment, EnvironmentSettings>>;
  probes?: { name?: string; sql: string; paramTypes?: string[] }[];
  /** `prelude`: SQL file (relative to driftcheck.json) run on the scratch database before the migrations. */
  replay?: { prelude?: string };
}

export interface LoadedConfig {
  /** Path as shown in messages (relative to the working directory when inside it). */
  label: string;
  /** Folder of the file: relative paths in it (`drizzle`) are resolved against it. */
  dir: string;
  config: DriftcheckConfig;
}

export const DEFAULT_CONFIG_FILE = "driftcheck.json";

/** Reads the explicit `--config` file (must exist) or `./driftcheck.json` (optional). */
export function loadConfigFile(cwd: string, explicitPath: string | undefined): LoadedConfig | null {
  const path = resolve(cwd, explicitPath ?? DEFAULT_CONFIG_FILE);
  const label = labelFor(cwd, path);
  if (!existsSync(path)) {
    if (explicitPath === undefined) return null;
    throw userError(`${label}: file not found.`, "Check the --config path, or leave --config out to use ./driftcheck.json when present.");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw userError(`${label}: not valid JSON (${reason}).`, "Fix the syntax; the file must be one JSON object.");
  }
  return { label, dir: dirname(path), config: validateConfig(parsed, label) };
}

/** Validates a parsed driftcheck.json; throws a user error listing every problem. */
export function validateConfig(value: unknown, label = DEFAULT_CONFIG_FILE): DriftcheckConfig {
  const validate = compiledValidator();
  if (validate(value)) return value as DriftcheckConfig;
  const problems = (validate.errors ?? []).map((error) => `${label}: ${describeError(error)}`);
  const unique = [...new Set(problems)];
  throw userError(unique.join("\n"), "Fix the file to match driftcheck.schema.json (documented in docs/configuration.md).");
}

let validator: ReturnType<Ajv["compile"]> | null = null;

function compiledValidator(): ReturnType<Ajv["compile"]> {
  if (!validator) {
    // Two levels up from src/cli or dist/cli is the package root, where the schema is committed.
    const schema = JSON.parse(readFileSync(new URL("../../driftcheck.schema.json", import.meta.url), "utf8")) as object;
    // ajv is loaded only when there is a driftcheck.json to validate (it is slow to import).
    const { Ajv: AjvClass } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
    validator = new AjvClass({ allErrors: true, strict: true }).compile(schema);
  }
  return validator;
}

const PATTERN_MESSAGES: Record<string, string> = {
  "#/properties/ignore/items/pattern": "must be a rule like schema:NAME, table:GLOB, kind:KIND or code:CODE",
  "#/properties/migrationsTable/pattern": 'must be "schema.table" or "table"',
};

function describeError(error: ErrorObject): string {
  const at = error.instancePath === "" ? "(top level)" : error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "enum":
      return `${at} must be one of ${(params.allowedValues as unknown[]).map(String).join(", ")}`;
    case "additionalProperties":
      return `${at} has an unknown property "${String(params.additionalProperty)}"`;
    case "type":
      return `${at} must be ${withArticle(String(params.type))}`;
    case "required":
      return `${at} is missing the required property "${String(params.missingProperty)}"`;
    case "pattern":
      return `${at} ${PATTERN_MESSAGES[error.schemaPath] ?? `must match ${String(params.pattern)}`}`;
    case "minLength":
      return `${at} must not be empty`;
    default:
      return `${at} ${error.message ?? "is invalid"}`;
  }
}

function withArticle(type: string): string {
  return type === "array" || type === "object" || type === "integer" ? `an ${type}` : `a ${type}`;
}

function labelFor(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
