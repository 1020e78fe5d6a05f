/**
 * `driftcheck baseline`: run the check (same flags) and write today's findings as the
 * environment's entries of driftcheck.baseline.json (other environments are kept). Later checks
 * show those findings as known and never fail on them.
 */
import { writeFileSync } from "node:fs";
import { baselineEntries, renderBaseline, withEnvironment } from "../core/baseline.js";
import type { CliArgs } from "./args.js";
import { baselinePath, readBaseline } from "./baseline-file.js";
import { executeCheck, scrubbedIo, type CheckDeps } from "./check-command.js";
import { exitCodeFor } from "./exit-codes.js";
import { writeLine, type CliIo } from "./io.js";
import { errorResult, printError } from "./report-output.js";

export async function runBaselineCommand(args: CliArgs, rawIo: CliIo, deps: CheckDeps = {}): Promise<number> {
  const io = scrubbedIo(args, rawIo);
  const run = await executeCheck({ ...args, command: "check" }, io, deps, { applyBaseline: false });
  if (run.result.verdict === "error" || !run.settings) {
    printError(run.result, io);
    return exitCodeFor("error");
  }
  const environment = run.settings.options.environment;
  const { path, label } = baselinePath(args, io.cwd);
  try {
    const entries = await baselineEntries(run.result.findings);
    writeFileSync(path, renderBaseline(withEnvironment(readBaseline(path, label), environment, entries)));
    const counts = run.result.summary;
    writeLine(
      io.stdout,
      `driftcheck: wrote ${label}: ${entries.length} known finding${entries.length === 1 ? "" : "s"} for ${environment} ` +
        `(${counts.error} error, ${counts.warning} warning, ${counts.info} info). Commit it; checks show these as known and fail only on new findings.`,
    );
    return exitCodeFor("ok");
  } catch (error) {
    printError(errorResult(error, run.settings.options.failOn), io);
    return exitCodeFor("error");
  }
}
