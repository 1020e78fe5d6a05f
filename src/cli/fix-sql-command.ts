/**
 * `driftcheck fix-sql`: run the check (same database, folder and --expected flags) and print
 * ONE dependency-ordered script built from the findings' fix SQL (core/fix-script.ts).
 * Destructive steps are left out, listed in a comment, unless --allow-destructive.
 *
 * Exit codes: 0 = the script covers every fix; 2 = something was refused (the script alone
 * does not bring the database to the code's expectation); 1 = the check could not run.
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
  const fix = buildFixScript(result.findings, { allowDestructive: args.allowDestructive === true });
  io.stdout(fix.script);
  const refused = fix.refused.length;
  writeLine(
    io.stderr,
    `driftcheck: ${fix.statementCount} statement${fix.statementCount === 1 ? "" : "s"} from ${result.findings.length} finding${result.findings.length === 1 ? "" : "s"}` +
      (refused > 0 ? `; refused ${refused} destructive fix${refused === 1 ? "" : "es"} (listed at the end; --allow-destructive includes them)` : ""),
  );
  return { exitCode: refused > 0 ? EXIT_FINDINGS : EXIT_OK, result };
}
