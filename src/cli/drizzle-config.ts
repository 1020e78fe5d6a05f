/**
 * The repository's drizzle-kit config, loaded the way drizzle-kit loads it: by executing the
 * file (TypeScript included) with jiti, so `import { defineConfig } from "drizzle-kit"` and
 * computed values work. Only the fields driftcheck needs are read.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { userError } from "../core/errors.js";
import type { MigrationsTableRef } from "../core/introspect/types.js";

export const DRIZZLE_CONFIG_NAMES = [
  "drizzle.config.ts",
  "drizzle.config.mts",
  "drizzle.config.cts",
  "drizzle.config.js",
  "drizzle.config.mjs",
  "drizzle.config.cjs",
  "drizzle.config.json",
];

export interface DrizzleConfigSettings {
  /** The file that was loaded. */
  file: string;
  /** Absolute path of `out`, when set. */
  out?: string;
  schemaFilter?: string[];
  tablesFilter?: string[];
  /** From `migrations.{schema,table}`, drizzle-kit's defaults filled in. */
  migrationsTable?: MigrationsTableRef;
  /** `schema`: the schema source's paths, globs or folders, as written (relative to the config's folder). */
  schema?: string[];
  casing?: "snake_case" | "camelCase";
}

export function findDrizzleConfig(cwd: string): string | null {
  for (const name of DRIZZLE_CONFIG_NAMES) {
    const path = resolve(cwd, name);
    if (existsSync(path)) return path;
  }
  return null;
}

/** Loads `drizzle.config.*` from `cwd`; null when there is none. */
export async function loadDrizzleConfig(cwd: string): Promise<DrizzleConfigSettings | null> {
  const file = findDrizzleConfig(cwd);
  if (!file) return null;
  const name = file.slice(cwd.length).replace(/^[\\/]/, "");
  let exported: unknown;
  try {
    // jiti is loaded only when there is a config file to execute (it is slow to import).
    const { createJiti } = await import("jiti");
    const jiti = createJiti(resolve(cwd, "_driftcheck_"), { moduleCache: false, fsCache: false, interopDefault: true });
    exported = await jiti.import(file, { default: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw userError(
      `${name} could not be loaded: ${reason}`,
      "Pass the migrations folder with --drizzle DIR (or `drizzle` in driftcheck.json) and driftcheck goes on without the config, " +
        "or install what it imports (and set the variables it reads) so that it loads.",
    );
  }
  if (typeof exported !== "object" || exported === null) {
    throw userError(`${name} must export a config object (export default defineConfig({...})).`, "See https://orm.drizzle.team/docs/drizzle-config-file");
  }
  return settingsFrom(exported as Record<string, unknown>, file, name, cwd);
}

function settingsFrom(config: Record<string, unknown>, file: string, name: string, cwd: string): DrizzleConfigSettings {
  const settings: DrizzleConfigSettings = { file };
  const bad = (field: string, expected: string) =>
    userError(`${name}: \`${field}\` must be ${expected}.`, "Fix the drizzle config (drizzle-kit would reject it too).");

  if (config.out !== undefined) {
    if (typeof config.out !== "string" || config.out === "") throw bad("out", "a folder path");
    // drizzle-kit resolves `out` against the working directory it runs in, which is where the config is.
    settings.out = resolve(cwd, config.out);
  }
  const schemaFilter = stringList(config.schemaFilter);
  if (schemaFilter === "invalid") throw bad("schemaFilter", "a string or an array of strings");
  if (schemaFilter) settings.schemaFilter = schemaFilter;
  const tablesFilter = stringList(config.tablesFilter);
  if (tablesFilter === "invalid") throw bad("tablesFilter", "a string or an array of strings");
  if (tablesFilter) settings.tablesFilter = tablesFilter;

  const schema = stringList(config.schema);
  if (schema === "invalid") throw bad("schema", "a path (or glob) or an array of them");
  if (schema) settings.schema = schema;
  if (config.casing !== undefined) {
    if (config.casing !== "snake_case" && config.casing !== "camelCase") throw bad("casing", '"snake_case" or "camelCase"');
    settings.casing = config.casing;
  }

  const migrations = config.migrations;
  if (migrations !== undefined) {
    if (typeof migrations !== "object" || migrations === null) throw bad("migrations", "an object");
    const { schema, table } = migrations as Record<string, unknown>;
    if (schema !== undefined && typeof schema !== "string") throw bad("migrations.schema", "a string");
    if (table !== undefined && typeof table !== "string") throw bad("migrations.table", "a string");
    if (schema !== undefined || table !== undefined) {
      settings.migrationsTable = { schema: schema ?? "drizzle", table: table ?? "__drizzle_migrations" };
    }
  }
  return settings;
}

function stringList(value: unknown): string[] | undefined | "invalid" {
  if (value === undefined) return undefined;
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value as string[];
  return "invalid";
}
