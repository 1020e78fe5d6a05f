/**
 * `driftcheck check` and `driftcheck status`: resolve settings, open the database, run the core
 * pipeline, print the report, map the verdict to an exit code.
 *
 * The executor can be injected (`deps.executor`): the demo runs this very function against
 * embedded PGlite, so what it shows is what the CLI does.
 */
import { runCheck, DEFAULT_OPTIONS, type CheckResult } from "../core/check.js";
import { userError } from "../core/errors.js";
import { readDrizzleFolder, type DrizzleFolder } from "../core/drizzle/index.js";
import type { ReadOnlyExecutor } from "../core/port.js";
import { createNodePostgresExecutor } from "../adapters/node-postgres/index.js";
import { createDiskFileSource } from "../adapters/fs/index.js";
import type { CliArgs } from "./args.js";
import { exitCodeFor } from "./exit-codes.js";
import { withBaseline } from "./baseline-file.js";
import { assertDrizzleFolder, resolveExpected, drizzleFolderLabel, expectsFromFolder } from "./expected-source.js";
import { assertSchemaSource, migrationNotGenerated, notGeneratedResult, withNotGenerated } from "./not-generated.js";
import { expectedFromSchemaFlag } from "./push-schema.js";
import { writeLine, type CliIo } from "./io.js";
import type { ReplayDeps } from "./replay-folder.js";
import { errorResult, printResult } from "./report-output.js";
import { sarifOptions } from "./sarif-output.js";
import { URL_FORM, assertDatabaseUrl, createScrubber, secretsOf } from "./secrets.js";
import { resolveSettings, type ResolvedSettings } from "./settings.js";

export interface CheckDeps extends ReplayDeps {
  /** Use this executor instead of connecting to the database URL; the caller closes it. */
  executor?: ReadOnlyExecutor;
  /** How a URL becomes an executor (default: node-postgres). */
  openDatabase?: (url: string) => ReadOnlyExecutor | Promise<ReadOnlyExecutor>;
}

export interface CommandOutcome {
  exitCode: number;
  /** The result that was printed; null only when nothing ran. */
  result: CheckResult | null;
}

/** A check that ran (or failed to), with what the reports need to locate findings. */
export interface CheckRun {
  result: CheckResult;
  settings: ResolvedSettings | null;
  folder: DrizzleFolder | null;
}

/** Every URL this run was given, as secrets to scrub from all output. */
export function scrubbedIo(args: CliArgs, rawIo: CliIo): CliIo {
  const urls = [args.databaseUrl, args.scratchUrl, args.from, args.to, rawIo.env.DATABASE_URL];
  const scrub = createScrubber(secretsOf(urls, rawIo.env));
  return { ...rawIo, stdout: (text) => rawIo.stdout(scrub(text)), stderr: (text) => rawIo.stderr(scrub(text)) };
}

export async function runCheckCommand(args: CliArgs, rawIo: CliIo, deps: CheckDeps = {}): Promise<CommandOutcome> {
  const io = scrubbedIo(args, rawIo);
  const run = await executeCheck(args, io, deps);
  const format = run.settings?.format ?? args.format ?? "text";
  const sarif = format === "sarif" ? sarifOptions(io.cwd, run.settings?.drizzleDir ?? null, run.folder) : undefined;
  printResult(run.result, format, io, sarif);
  return { exitCode: exitCodeFor(run.result.verdict), result: run.result };
}

/** Settings → expected schema → database → runCheck; never throws (failures are `error` results). */
export async function executeCheck(args: CliArgs, io: CliIo, deps: CheckDeps = {}, options: { applyBaseline?: boolean } = {}): Promise<CheckRun> {
  const run = await executeCheckWithoutBaseline(args, io, deps);
  if (options.applyBaseline === false || !run.settings) return run;
  try {
    return { ...run, result: await withBaseline(run.result, args, run.settings, io.cwd) };
  } catch (error) {
    return { ...run, result: errorResult(error, run.settings.options.failOn) };
  }
}

async function executeCheckWithoutBaseline(args: CliArgs, io: CliIo, deps: CheckDeps): Promise<CheckRun> {
  let settings: ResolvedSettings;
  try {
    settings = await resolveSettings(args, io.env, io.cwd, (message) => writeLine(io.stderr, message));
  } catch (error) {
    return { result: errorResult(error, args.failOn ?? DEFAULT_OPTIONS.failOn), settings: null, folder: null };
  }

  if (args.noDatabase) return checkWithoutDatabase(settings, io);

  // Assigned inside a closure: the cast keeps TypeScript from narrowing it to null.
  let opened = null as ReadOnlyExecutor | null;
  let folder: DrizzleFolder | null = null;
  try {
    let database = deps.executor;
    // Opened when first needed: a replay reads its extensions before the check's own round trip.
    const checkedDatabase = async (): Promise<ReadOnlyExecutor> => {
      if (!database) {
        opened = await openDatabase(settings.databaseUrl, deps);
        database = opened;
      }
      return database;
    };
    const expected = args.schema ? await expectedFromSchemaFlag(args, settings, io) : await resolveExpected(args, settings, io, deps, { checkedDatabase });
    folder = expected.folder;
    database = await checkedDatabase();
    let result = await runCheck({ database, expected: expected.input, options: settings.options });
    if (settings.options.mode === "check" && !args.schema && settings.schemaSource && result.verdict !== "error") {
      const snapshots = folder ?? (await readDrizzleFolder(createDiskFileSource(settings.drizzleDir, drizzleFolderLabel(settings, io.cwd))));
      const notGenerated = await migrationNotGenerated(settings, snapshots, io, false);
      if (notGenerated) result = withNotGenerated(result, notGenerated, settings.options);
    }
    if (!folder && result.expected && expectsFromFolder(args.expected)) folder = await readFolderQuietly(settings, io.cwd);
    return { result, settings, folder };
  } catch (error) {
    return { result: errorResult(error, settings.options.failOn), settings, folder };
  } finally {
    if (opened?.close) await opened.close().catch(() => undefined);
  }
}

/** `check --no-database`: MIGRATION_NOT_GENERATED alone. */
async function checkWithoutDatabase(settings: ResolvedSettings, io: CliIo): Promise<CheckRun> {
  const started = Date.now();
  let folder: DrizzleFolder | null = null;
  try {
    assertSchemaSource(settings);
    const label = assertDrizzleFolder(settings, io.cwd);
    folder = await readDrizzleFolder(createDiskFileSource(settings.drizzleDir, label));
    const findings = (await migrationNotGenerated(settings, folder, io, true)) ?? [];
    return { result: notGeneratedResult(findings, folder, settings.options, started), settings, folder };
  } catch (error) {
    return { result: errorResult(error, settings.options.failOn), settings, folder };
  }
}

/** The folder again, for report locations only (runCheck read it for the comparison). */
async function readFolderQuietly(settings: ResolvedSettings, cwd: string): Promise<DrizzleFolder | null> {
  if (settings.format !== "sarif") return null;
  try {
    return await readDrizzleFolder(createDiskFileSource(settings.drizzleDir, drizzleFolderLabel(settings, cwd)));
  } catch {
    return null;
  }
}

export async function openDatabase(url: string | undefined, deps: CheckDeps, flag?: string): Promise<ReadOnlyExecutor> {
  if (url === undefined) {
    throw flag
      ? userError(`No ${flag} URL.`, `Pass ${flag} ${URL_FORM}.`)
      : userError("No database URL.", `Pass --database-url ${URL_FORM}, or set DATABASE_URL.`);
  }
  assertDatabaseUrl(url, flag);
  const open = deps.openDatabase ?? createNodePostgresExecutor;
  return open(url);
}
