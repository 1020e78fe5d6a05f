/**
 * One typed settings object from the three sources, in precedence order:
 * command-line flags > driftcheck.json (and its environment's block) > drizzle.config.* > defaults.
 */
import { dirname, resolve } from "node:path";
import { DEFAULT_OPTIONS, type CheckOptions } from "../core/check.js";
import { DriftcheckError, userError } from "../core/errors.js";
import { parseIgnoreRule } from "../core/policy.js";
import { parseMigrationsTable, printable, type CliArgs, type ReportFormat } from "./args.js";
import { loadConfigFile } from "./config-file.js";
import { loadDrizzleConfig, type DrizzleConfigSettings } from "./drizzle-config.js";
import { loadProbes } from "./probes.js";

export interface ResolvedSettings {
  format: ReportFormat;
  /** From --database-url or DATABASE_URL; undefined when neither is set. */
  databaseUrl: string | undefined;
  /** Absolute path of the drizzle migrations folder. */
  drizzleDir: string;
  /** Where the folder choice came from, for messages. */
  drizzleDirFrom: "--drizzle" | "driftcheck.json" | "drizzle config" | "default";
  options: CheckOptions;
  /** SQL file run on the scratch database before the first migration, or null. */
  replayPrelude: ReplayPreludeSetting | null;
  /** The drizzle config's `schema` (and `casing`), for MIGRATION_NOT_GENERATED; absent without one. */
  schemaSource?: { patterns: string[]; dir: string; casing?: "snake_case" | "camelCase" };
}

export interface ReplayPreludeSetting {
  /** Absolute path. */
  path: string;
  /** Where it came from, for messages. */
  from: "--replay-prelude" | "driftcheck.json";
}

/**
 * `warn` receives one line per problem the run goes on despite (printed to stderr by the
 * commands): today, a drizzle config that fails to load when the folder was given explicitly.
 */
export async function resolveSettings(
  args: CliArgs,
  env: Record<string, string | undefined>,
  cwd: string,
  warn: (message: string) => void = () => undefined,
): Promise<ResolvedSettings> {
  const loaded = loadConfigFile(cwd, args.config);
  const file = loaded?.config ?? {};
  const drizzleConfig = await loadDrizzleConfigUnlessGiven(args, file.drizzle !== undefined && loaded !== null, cwd, warn);

  const environment = args.environment ?? "production";
  const envSettings = file.environments?.[environment] ?? {};

  let drizzleDir: string;
  let drizzleDirFrom: ResolvedSettings["drizzleDirFrom"];
  if (args.drizzle !== undefined) {
    drizzleDir = resolve(cwd, args.drizzle);
    drizzleDirFrom = "--drizzle";
  } else if (file.drizzle !== undefined && loaded) {
    drizzleDir = resolve(loaded.dir, file.drizzle);
    drizzleDirFrom = "driftcheck.json";
  } else if (drizzleConfig?.out !== undefined) {
    drizzleDir = drizzleConfig.out;
    drizzleDirFrom = "drizzle config";
  } else {
    drizzleDir = resolve(cwd, "drizzle");
    drizzleDirFrom = "default";
  }

  const migrationsTable =
    args.migrationsTable ??
    (file.migrationsTable !== undefined ? parseMigrationsTable(file.migrationsTable, `${loaded?.label ?? "driftcheck.json"}: /migrationsTable`) : undefined) ??
    drizzleConfig?.migrationsTable ??
    DEFAULT_OPTIONS.migrationsTable;

  const ignore = [...(file.ignore ?? []), ...args.ignore];
  for (const rule of ignore) validateIgnoreRule(rule);

  const probes = args.command === "check" ? loadProbes(file.probes, args.probe ?? [], cwd) : [];

  const options: CheckOptions = {
    ...DEFAULT_OPTIONS,
    mode: args.command === "status" ? "status" : "check",
    environment,
    failOn: args.failOn ?? envSettings.failOn ?? DEFAULT_OPTIONS.failOn,
    ignore,
    // --schema: a push workflow, whatever the file says (there is no migrations folder to match).
    migrations: args.schema ? "push" : (file.migrations ?? DEFAULT_OPTIONS.migrations),
    migrationsRunOnDeploy: envSettings.migrationsRunOnDeploy ?? DEFAULT_OPTIONS.migrationsRunOnDeploy,
    migrationsTable,
    ...(drizzleConfig?.schemaFilter ? { includeSchemas: drizzleConfig.schemaFilter } : {}),
    ...(drizzleConfig?.tablesFilter ? { tablesFilter: drizzleConfig.tablesFilter } : {}),
    ...(probes.length > 0 ? { probes } : {}),
  };

  // The flag is relative to the working directory, the file's setting to the file (like `drizzle`).
  const replayPrelude: ReplayPreludeSetting | null =
    args.replayPrelude !== undefined
      ? { path: resolve(cwd, args.replayPrelude), from: "--replay-prelude" }
      : file.replay?.prelude !== undefined && loaded
        ? { path: resolve(loaded.dir, file.replay.prelude), from: "driftcheck.json" }
        : null;

  const fromFlag = args.databaseUrl;
  const fromEnv = env.DATABASE_URL === "" ? undefined : env.DATABASE_URL;
  const schemaSource = drizzleConfig?.schema
    ? { patterns: drizzleConfig.schema, dir: dirname(drizzleConfig.file), ...(drizzleConfig.casing ? { casing: drizzleConfig.casing } : {}) }
    : undefined;
  return { format: args.format ?? "text", databaseUrl: fromFlag ?? fromEnv, drizzleDir, drizzleDirFrom, options, replayPrelude, ...(schemaSource ? { schemaSource } : {}) };
}

/**
 * The drizzle config is optional once the folder is given (--drizzle or `drizzle` in
 * driftcheck.json): a config that cannot load (it imports a package not installed here, reads an
 * unset variable) must not stop the check. It is still read when it loads, for its filters.
 */
async function loadDrizzleConfigUnlessGiven(
  args: CliArgs,
  folderInFile: boolean,
  cwd: string,
  warn: (message: string) => void,
): Promise<DrizzleConfigSettings | null> {
  const given = args.drizzle !== undefined ? "--drizzle" : folderInFile ? "`drizzle` in driftcheck.json" : null;
  try {
    return await loadDrizzleConfig(cwd);
  } catch (error) {
    if (given === null || !(error instanceof DriftcheckError)) throw error;
    warn(
      `driftcheck: warning: ${error.message.replace(/\.$/, "")}. Going on with the migrations folder from ${given}; ` +
        "the config's schemaFilter, tablesFilter and migrations table are not applied.",
    );
    return null;
  }
}

function validateIgnoreRule(rule: string): void {
  try {
    parseIgnoreRule(rule);
  } catch (error) {
    const reason = error instanceof DriftcheckError ? error.message : `"${printable(rule)}" is not a valid ignore rule.`;
    throw userError(reason, "Ignore rules are schema:NAME, table:GLOB (matched against schema.table), kind:KIND or code:CODE.");
  }
}
