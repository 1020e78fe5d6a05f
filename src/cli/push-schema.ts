/**
 * `check --schema FILE` (repeatable): push-workflow teams have no migrations folder, so the
 * expected schema is derived from the TypeScript schema itself (see adapters/drizzle-schema).
 * What drizzle-kit printed while generating goes to stderr, never into the report on stdout.
 */
import { userError } from "../core/errors.js";
import { expectedFromSchemaFiles } from "../adapters/drizzle-schema/index.js";
import type { CliArgs } from "./args.js";
import type { ResolvedExpected } from "./expected-source.js";
import { writeLine, type CliIo } from "./io.js";
import type { ResolvedSettings } from "./settings.js";

export async function expectedFromSchemaFlag(args: CliArgs, settings: ResolvedSettings, io: CliIo): Promise<ResolvedExpected> {
  const files = args.schema ?? [];
  if (args.expected !== undefined) {
    throw userError("--schema and --expected both name the expected schema.", "Give one: --schema for a push workflow, --expected for a replay or JSON file.");
  }
  const derived = await expectedFromSchemaFiles(files, {
    cwd: io.cwd,
    ...(settings.options.includeSchemas ? { schemaFilter: settings.options.includeSchemas } : {}),
  });
  for (const warning of derived.warnings) writeLine(io.stderr, `drizzle-kit: ${warning}`);
  return { input: { kind: "schema", schema: derived.schema, source: derived.source }, folder: null };
}
