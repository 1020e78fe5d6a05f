/**
 * The CLI as a function: `run(args, io) → exit code` (the shape of migra / pg-schema-diff).
 * Nothing here touches `process`; main.ts wires it to the real one.
 */
import { DEFAULT_OPTIONS } from "../core/check.js";
import { parseCliArgs, sniffFormat, type CliArgs } from "./args.js";
import { runCheckCommand, type CheckDeps } from "./check-command.js";
import { runDiffCommand } from "./diff-command.js";
import { runFixSqlCommand } from "./fix-sql-command.js";
import { runReplayCommand } from "./replay-command.js";
import { runVerifyCommand } from "./verify-command.js";
import { runBaselineCommand } from "./baseline-command.js";
import { runVercelSetupCommand } from "./vercel-setup-command.js";
import { runNeonSetupCommand } from "./neon-setup-command.js";
import { runGitHubSetupCommand } from "./github-setup-command.js";
import { exitCodeFor } from "./exit-codes.js";
import { writeLine, type CliIo } from "./io.js";
import { errorResult, printResult } from "./report-output.js";
import { createScrubber, secretsOf } from "./secrets.js";
import { USAGE, packageVersion } from "./usage.js";

export type { CliIo } from "./io.js";

export async function run(args: string[], io: CliIo, deps: CheckDeps = {}): Promise<number> {
  let parsed: CliArgs;
  try {
    parsed = parseCliArgs(args);
  } catch (error) {
    // Arguments that did not parse may still hold a URL: scrub anything that follows the flag.
    const scrub = createScrubber(secretsOf([...urlArguments(args), io.env.DATABASE_URL], io.env));
    const safeIo: CliIo = { ...io, stdout: (text) => io.stdout(scrub(text)), stderr: (text) => io.stderr(scrub(text)) };
    printResult(errorResult(error, DEFAULT_OPTIONS.failOn), sniffFormat(args) ?? "text", safeIo);
    return exitCodeFor("usage");
  }
  switch (parsed.command) {
    case "help":
      writeLine(io.stdout, USAGE);
      return exitCodeFor("ok");
    case "version":
      writeLine(io.stdout, packageVersion());
      return exitCodeFor("ok");
    case "check":
    case "status":
      return (await runCheckCommand(parsed, io, deps)).exitCode;
    case "baseline":
      return runBaselineCommand(parsed, io, deps);
    case "replay":
      return runReplayCommand(parsed, io, deps);
    case "verify":
      return (await runVerifyCommand(parsed, io, deps)).exitCode;
    case "diff":
      return (await runDiffCommand(parsed, io, deps)).exitCode;
    case "fix-sql":
      return (await runFixSqlCommand(parsed, io, deps)).exitCode;
    case "vercel":
      return runVercelSetupCommand(parsed, io);
    case "neon":
      return runNeonSetupCommand(parsed, io);
    case "github":
      return runGitHubSetupCommand(parsed, io);
  }
}

function urlArguments(args: string[]): string[] {
  const found: string[] = [];
  args.forEach((arg, i) => {
    if (arg.includes("://") || arg.includes("@")) found.push(arg);
    const next = args[i + 1];
    if (/^--?[a-z-]*url/i.test(arg) && next !== undefined) found.push(next);
    const eq = arg.indexOf("=");
    if (eq > 0 && /url/i.test(arg.slice(0, eq))) found.push(arg.slice(eq + 1));
  });
  return found;
}
