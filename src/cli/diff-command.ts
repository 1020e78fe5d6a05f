/**
 * `driftcheck diff --from URL --to URL`: compare two live databases (a preview branch against
 * production) with the same findings as a check, read as "what --to lacks or has beyond --from":
 * expected = --from, actual = --to. Both are introspected concurrently, each in its own
 * read-only round trip. No migration findings: there is no folder.
 */
import { decideFindings, DEFAULT_OPTIONS, RESULT_FORMAT_VERSION, type CheckResult } from "../core/check.js";
import { diffSchemas } from "../core/diff/index.js";
import { introspect } from "../core/introspect/index.js";
import type { IntrospectionResult } from "../core/introspect/types.js";
import type { ReadOnlyExecutor } from "../core/port.js";
import type { CliArgs } from "./args.js";
import { openDatabase, scrubbedIo, type CheckDeps, type CommandOutcome } from "./check-command.js";
import { exitCodeFor } from "./exit-codes.js";
import { writeLine, type CliIo } from "./io.js";
import { errorResult, printResult } from "./report-output.js";
import { resolveSettings, type ResolvedSettings } from "./settings.js";

export async function runDiffCommand(args: CliArgs, rawIo: CliIo, deps: CheckDeps = {}): Promise<CommandOutcome> {
  const io = scrubbedIo(args, rawIo);
  let settings: ResolvedSettings | null = null;
  let result: CheckResult;
  try {
    settings = await resolveSettings(args, io.env, io.cwd, (message) => writeLine(io.stderr, message));
    result = await diffDatabases(args, settings, deps);
  } catch (error) {
    result = errorResult(error, settings?.options.failOn ?? args.failOn ?? DEFAULT_OPTIONS.failOn);
  }
  printResult(result, settings?.format ?? args.format ?? "text", io);
  return { exitCode: exitCodeFor(result.verdict), result };
}

async function diffDatabases(args: CliArgs, settings: ResolvedSettings, deps: CheckDeps): Promise<CheckResult> {
  const started = Date.now();
  const options = settings.options;
  const opened: ReadOnlyExecutor[] = [];
  try {
    const from = await openDatabase(args.from, deps, "--from");
    opened.push(from);
    const to = await openDatabase(args.to, deps, "--to");
    opened.push(to);
    const read = (executor: ReadOnlyExecutor): Promise<IntrospectionResult> =>
      introspect(executor, {
        migrationsTable: options.migrationsTable,
        ...(options.includeSchemas ? { includeSchemas: options.includeSchemas } : {}),
        excludeSchemas: options.ignore.filter((rule) => rule.startsWith("schema:")).map((rule) => rule.slice("schema:".length)),
        timeoutMs: options.timeoutMs,
      });
    const [expected, actual] = await Promise.all([read(from), read(to)]);
    const introspected = Date.now();
    const findings = diffSchemas(expected.schema, actual.schema, options.tablesFilter ? { tablesFilter: options.tablesFilter } : {});
    const decided = decideFindings(findings, { ignore: options.ignore, failOn: options.failOn, migrationsRunOnDeploy: false });
    const done = Date.now();
    return {
      formatVersion: RESULT_FORMAT_VERSION,
      ...decided,
      migrations: null,
      database: actual.database,
      expected: { source: `database ${expected.database.database} (--from)`, layout: "json", expectedFrom: null, migrations: 0 },
      timings: { readMs: 0, introspectMs: introspected - started, compareMs: done - introspected, totalMs: done - started },
    };
  } finally {
    for (const executor of opened) if (executor !== deps.executor && executor.close) await executor.close().catch(() => undefined);
  }
}
