/**
 * MIGRATION_NOT_GENERATED in the CLI: what `drizzle-kit generate` would write now (the drizzle
 * config's `schema` run through the project's own drizzle-kit, as `--schema` does) against the
 * folder's newest snapshot. It needs no database: `check --no-database` runs it alone.
 *
 * In a plain `check` it runs whenever the drizzle config names a schema; a schema source that
 * cannot be loaded there is a warning (the database comparison still stands). With
 * `--no-database` it is the whole check, so the same failure is an error.
 */
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { decideFindings, RESULT_FORMAT_VERSION, type CheckOptions, type CheckResult } from "../core/check.js";
import { DriftcheckError, userError } from "../core/errors.js";
import type { Finding } from "../core/findings.js";
import type { DrizzleFolder } from "../core/drizzle/types.js";
import { notGeneratedFindings } from "../core/not-generated.js";
import { expectedFromSchemaFiles } from "../adapters/drizzle-schema/index.js";
import { writeLine, type CliIo } from "./io.js";
import type { ResolvedSettings } from "./settings.js";

const SKIP_RULE = "code:MIGRATION_NOT_GENERATED";
const SOURCE_EXTENSIONS = /\.(ts|mts|cts|js|mjs|cjs|tsx|jsx)$/;

/**
 * The findings, or null when the check does not apply (no `schema` in the drizzle config, or
 * ignored with `code:MIGRATION_NOT_GENERATED`) or, unless `required`, could not run.
 */
export async function migrationNotGenerated(settings: ResolvedSettings, folder: DrizzleFolder, io: CliIo, required: boolean): Promise<Finding[] | null> {
  if (settings.options.ignore.includes(SKIP_RULE)) return null;
  const source = settings.schemaSource;
  if (!source) {
    if (required) assertSchemaSource(settings);
    return null;
  }
  try {
    const files = expandSchemaPatterns(source.patterns, source.dir);
    const generated = await expectedFromSchemaFiles(files, {
      cwd: io.cwd,
      ...(settings.options.includeSchemas ? { schemaFilter: settings.options.includeSchemas } : {}),
      ...(source.casing ? { casing: source.casing } : {}),
    });
    for (const warning of generated.warnings) writeLine(io.stderr, `drizzle-kit: ${warning}`);
    const label = source.patterns.map((pattern) => pattern.replace(/^\.\//, "")).join(", ");
    return notGeneratedFindings(generated.schema, folder.expected, label, settings.options.tablesFilter ? { tablesFilter: settings.options.tablesFilter } : {});
  } catch (error) {
    if (required || !(error instanceof DriftcheckError)) throw error;
    writeLine(io.stderr, `driftcheck: warning: MIGRATION_NOT_GENERATED was not checked: ${error.message}${error.hint ? ` (${error.hint})` : ""}`);
    return null;
  }
}

export function assertSchemaSource(settings: ResolvedSettings): void {
  if (settings.schemaSource) return;
  throw userError(
    "--no-database compares the drizzle config's `schema` with the newest snapshot, and no drizzle config names a `schema`.",
    "Run it where drizzle.config.* (with `schema: \"./src/db/schema.ts\"`) is, or leave --no-database out.",
  );
}

/** A check's result with MIGRATION_NOT_GENERATED findings added, the policy applied to them too. */
export function withNotGenerated(result: CheckResult, extra: Finding[], options: CheckOptions): CheckResult {
  if (extra.length === 0 || result.verdict === "error") return result;
  return { ...result, ...decideFindings([...result.findings, ...extra], { ignore: options.ignore, failOn: options.failOn, migrationsRunOnDeploy: options.migrationsRunOnDeploy }) };
}

/** `check --no-database`: a result holding only this check's findings. */
export function notGeneratedResult(findings: Finding[], folder: DrizzleFolder, options: CheckOptions, started: number): CheckResult {
  const decided = decideFindings(findings, { ignore: options.ignore, failOn: options.failOn, migrationsRunOnDeploy: false });
  const totalMs = Date.now() - started;
  return {
    formatVersion: RESULT_FORMAT_VERSION,
    ...decided,
    migrations: null,
    database: null,
    expected: { source: folder.source, layout: folder.layout, expectedFrom: folder.expectedFrom, migrations: folder.migrations.length },
    timings: { readMs: totalMs, introspectMs: 0, compareMs: 0, totalMs },
  };
}

/**
 * drizzle-kit's `schema`: files, folders (every source file inside) and globs (`*` within a
 * name, `**` for any depth), resolved against the config's folder.
 */
export function expandSchemaPatterns(patterns: string[], dir: string): string[] {
  const files = new Set<string>();
  for (const pattern of patterns) {
    const matched = /[*?]/.test(pattern) ? globFiles(pattern, dir) : pathFiles(resolve(dir, pattern));
    if (matched.length === 0) {
      throw userError(`The drizzle config's schema "${pattern}" matches no file.`, "Point `schema` at the module(s) that export your tables.");
    }
    for (const file of matched) files.add(file);
  }
  return [...files].sort();
}

function pathFiles(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return [];
  if (!stat.isDirectory()) return [path];
  return walk(path).filter((file) => SOURCE_EXTENSIONS.test(file));
}

function globFiles(pattern: string, dir: string): string[] {
  const absolute = resolve(dir, pattern).split("\\").join("/");
  const firstWild = absolute.search(/[*?]/);
  const base = absolute.slice(0, absolute.lastIndexOf("/", firstWild));
  const regex = new RegExp(
    `^${absolute
      .replace(/[.+^$()|\\]/g, "\\$&")
      .replace(/\*\*\//g, "\u0000")
      .replace(/\*\*/g, ".*")
      .replace(/\*/g, "[^/]*")
      .replace(/\?/g, "[^/]")
      .replace(/\u0000/g, "(?:.*/)?")}$`,
  );
  const stat = statSync(base, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) return [];
  return walk(base).filter((file) => regex.test(file.split("\\").join("/")));
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}

