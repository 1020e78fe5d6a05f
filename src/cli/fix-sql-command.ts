/**
 * `driftcheck fix-sql`: run the check (same database, folder and --expected flags) and print
 * ONE dependency-ordered script built from the findings' fix SQL (core/fix-script.ts).
 * Destructive steps are left out, listed in a comment, unless --allow-destructive.
 *
 * Exit codes: 0 = running the script clears every finding at or above --fail-on; 2 = it does
 * not on its own: a destructive fix was refused, pending migrations must run first, or a finding
 * at or above --fail-on has no fix in the script (QUERY_PROBE_FAILED, MIGRATION_SKIPPED, …);
 * 1 = the check could not run. `--help` and the README say the same.
 */
import { buildFixScript } from "../core/fix-script.js";
import type { CliArgs } from "./args.js";
import { executeCheck, scrubbedIo, type CheckDeps, type CommandOutcome } from "./check-command.js";
import { EXIT_COULD_NOT_RUN, EXIT_FINDINGS, EXIT_OK } from "./exit-codes.js";
import { writeLine, type CliIo } from "./io.js";
import { printError } from "./report-output.js";

export async function runFixSqlCommand(args: CliArgs, rawIo: CliIo, deps: CheckDeps = {}): Promise<CommandOutcome> {
  const io = scrubbedIo(args, rawIo);
  const { result } = await executeCheck(args, io, deps);
  if (result.verdict === "error") {
    printError(result, io);
    return { exitCode: EXIT_COULD_NOT_RUN, result };
  }
  const failOn = result.summary.failOn;
  const fix = buildFixScript(result.findings, { allowDestructive: args.allowDestructive === true, failOn });
  io.stdout(fix.script);
  const refused = fix.refused.length;
  const unfixable = fix.unfixable.length;
  const pending = fix.pendingMigrations.length;
  if (pending > 0) {
    writeLine(io.stderr, `driftcheck: run the pending migration${pending === 1 ? "" : "s"} first (drizzle-kit migrate): ${fix.pendingMigrations.join(", ")}; the script leaves out the ${fix.leftToMigrations.length} fix${fix.leftToMigrations.length === 1 ? "" : "es"} they make.`);
  }
  writeLine(
    io.stderr,
    `driftcheck: ${fix.statementCount} statement${fix.statementCount === 1 ? "" : "s"} from ${result.findings.length} finding${result.findings.length === 1 ? "" : "s"}` +
      (refused > 0 ? `; refused ${refused} destructive fix${refused === 1 ? "" : "es"} (listed at the end; --allow-destructive includes them)` : "") +
      (unfixable > 0 ? `; ${unfixable} finding${unfixable === 1 ? "" : "s"} at or above --fail-on ${failOn} ha${unfixable === 1 ? "s" : "ve"} no fix in the script (listed at the end)` : ""),
  );
  return { exitCode: refused > 0 || unfixable > 0 || pending > 0 ? EXIT_FINDINGS : EXIT_OK, result };
}
