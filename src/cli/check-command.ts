/**
 * `driftcheck check` and `driftcheck status`: resolve settings, open the database, run the core
 * pipeline, print the report, map the verdict to an exit code.
 *
 * The executor can be injected (`deps.executor`): the demo runs this very function against
 * embedded PGlite, so what it shows is what the CLI does.
 */
import { existsSync, statSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { runCheck, DEFAULT_OPTIONS, type CheckResult } from "../core/check.js";
import { userError } from "../core/errors.js";
import type { ReadOnlyExecutor } from "../core/port.js";
import { createNodePostgresExecutor } from "../adapters/node-postgres/index.js";
import { createDiskFileSource } from "../adapters/fs/index.js";
import type { CliArgs } from "./args.js";
import { exitCodeFor } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { errorResult, printResult } from "./report-output.js";
import { URL_FORM, assertDatabaseUrl, createScrubber, secretsOf } from "./secrets.js";
import { resolveSettings, type ResolvedSettings } from "./settings.js";

export interface CheckDeps {
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

export async function runCheckCommand(args: CliArgs, rawIo: CliIo, deps: CheckDeps = {}): Promise<CommandOutcome> {
  const scrub = createScrubber(secretsOf([args.databaseUrl, rawIo.env.DATABASE_URL], rawIo.env));
  const io: CliIo = { ...rawIo, stdout: (text) => rawIo.stdout(scrub(text)), stderr: (text) => rawIo.stderr(scrub(text)) };
  const format = args.format ?? "text";

  let settings: ResolvedSettings;
  try {
    settings = await resolveSettings(args, io.env, io.cwd);
  } catch (error) {
    return report(errorResult(error, args.failOn ?? DEFAULT_OPTIONS.failOn), format, io);
  }

  let opened: ReadOnlyExecutor | null = null;
  try {
    const folderLabel = assertDrizzleFolder(settings, io.cwd);
    let database = deps.executor;
    if (!database) {
      opened = await openDatabase(settings.databaseUrl, deps);
      database = opened;
    }
    const result = await runCheck({
      database,
      expected: { kind: "folder", files: createDiskFileSource(settings.drizzleDir, folderLabel) },
      options: settings.options,
    });
    return report(result, settings.format, io);
  } catch (error) {
    return report(errorResult(error, settings.options.failOn), settings.format, io);
  } finally {
    if (opened?.close) await opened.close().catch(() => undefined);
  }
}

async function openDatabase(url: string | undefined, deps: CheckDeps): Promise<ReadOnlyExecutor> {
  if (url === undefined) {
    throw userError("No database URL.", `Pass --database-url ${URL_FORM}, or set DATABASE_URL.`);
  }
  assertDatabaseUrl(url);
  const open = deps.openDatabase ?? createNodePostgresExecutor;
  return open(url);
}

function report(result: CheckResult, format: CliArgs["format"] & string, io: CliIo): CommandOutcome {
  printResult(result, format, io);
  return { exitCode: exitCodeFor(result.verdict), result };
}

/** A missing folder is the most common mistake: say where the path came from. Returns its label. */
function assertDrizzleFolder(settings: ResolvedSettings, cwd: string): string {
  const rel = relative(cwd, settings.drizzleDir);
  const label = rel === "" ? "." : !rel.startsWith("..") && !isAbsolute(rel) ? `./${rel}` : settings.drizzleDir;
  const from = {
    "--drizzle": "from --drizzle",
    "driftcheck.json": "from `drizzle` in driftcheck.json",
    "drizzle config": "from `out` in the drizzle config",
    default: "the default; no drizzle.config.* sets `out`",
  }[settings.drizzleDirFrom];
  if (!existsSync(settings.drizzleDir) || !statSync(settings.drizzleDir).isDirectory()) {
    throw userError(
      `Drizzle migrations folder ${label} (${from}) does not exist.`,
      "Pass the folder drizzle-kit generates into with --drizzle DIR, or set `drizzle` in driftcheck.json.",
    );
  }
  return label;
}
