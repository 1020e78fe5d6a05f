/**
 * The package's programmatic API (`import { check } from "driftcheck"`): the same check as
 * `driftcheck check`, with the same settings sources (driftcheck.json, drizzle.config.*, the
 * options given here in place of flags), returning the report instead of printing it.
 * It never throws: a check that could not run (bad options included) has verdict `error`.
 */
import { DEFAULT_OPTIONS, type CheckResult } from "../core/check.js";
import type { Severity } from "../core/findings.js";
import { parseMigrationsTable, type CliArgs, type Environment } from "./args.js";
import { executeCheck } from "./check-command.js";
import type { CliIo } from "./io.js";
import { errorResult } from "./report-output.js";

export type { CheckResult as CheckReport, CheckSummary } from "../core/check.js";
export type { Finding, FindingCode, ObjectKind, Severity, Verdict } from "../core/findings.js";
export type { MigrationStatus } from "../core/migrations/types.js";
export type { Environment } from "./args.js";
export { FINDING_CODES } from "../core/findings.js";
export { run, type CliIo } from "./run.js";

export interface CheckOptions {
  /** PostgreSQL URL (default: `env.DATABASE_URL`). */
  databaseUrl?: string;
  /** Directory the settings files and relative paths are resolved from (default: `process.cwd()`). */
  cwd?: string;
  /** Environment variables read (default: `process.env`). */
  env?: Record<string, string | undefined>;
  /** `status`: migration findings only (default: `check`). */
  mode?: "check" | "status";
  /** The drizzle-kit migrations folder (default: `out` of drizzle.config.*, else ./drizzle). */
  drizzle?: string;
  /** Settings file (default: ./driftcheck.json when present). */
  config?: string;
  environment?: Environment;
  failOn?: Severity;
  /** Ignore rules, added to driftcheck.json's: `schema:NAME`, `table:GLOB`, `kind:KIND`, `code:CODE`. */
  ignore?: string[];
  /** `schema.table` of the applied-migrations table (default: drizzle.__drizzle_migrations). */
  migrationsTable?: string;
  /** `replay`, or a path to an expected-schema JSON file (default: the folder's newest snapshot). */
  expected?: string;
  /** With `expected: "replay"`: a server on which a throw-away database is created (default: embedded PGlite). */
  scratchUrl?: string;
  /** Push workflow: TypeScript schema modules the expected schema is derived from. */
  schema?: string[];
  /** Query probe files (.sql or .json). */
  probe?: string[];
  /** Only MIGRATION_NOT_GENERATED (the drizzle config's `schema` against the newest snapshot); no database. */
  noDatabase?: boolean;
  /** Receives the warnings the CLI prints to stderr (default: dropped). */
  onWarning?: (message: string) => void;
}

/** Runs one check and returns its report (the JSON `--format json` prints). */
export async function check(options: CheckOptions = {}): Promise<CheckResult> {
  const args: CliArgs = { command: options.mode === "status" ? "status" : "check", ignore: options.ignore ?? [] };
  const copied = ["databaseUrl", "drizzle", "config", "environment", "failOn", "expected", "scratchUrl", "schema", "probe", "noDatabase"] as const;
  for (const key of copied) {
    if (options[key] !== undefined) Object.assign(args, { [key]: options[key] });
  }
  if (options.migrationsTable !== undefined) {
    try {
      args.migrationsTable = parseMigrationsTable(options.migrationsTable, "migrationsTable");
    } catch (error) {
      return errorResult(error, options.failOn ?? DEFAULT_OPTIONS.failOn);
    }
  }
  const warn = options.onWarning ?? (() => undefined);
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (text) => warn(text.replace(/\n$/, "")),
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    isTTY: false,
    stderrIsTTY: false,
  };
  return (await executeCheck(args, io)).result;
}
