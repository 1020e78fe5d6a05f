/**
 * driftcheck.baseline.json on disk: where it is (`--baseline FILE`, else ./driftcheck.baseline.json)
 * and applying it to a check's result (core/baseline.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { CheckResult } from "../core/check.js";
import { userError } from "../core/errors.js";
import { BASELINE_FILE, applyBaseline, parseBaseline, type BaselineDocument } from "../core/baseline.js";
import type { CliArgs } from "./args.js";
import type { ResolvedSettings } from "./settings.js";

export function baselinePath(args: CliArgs, cwd: string): { path: string; label: string } {
  const path = resolve(cwd, args.baseline ?? BASELINE_FILE);
  return { path, label: relative(cwd, path) || path };
}

export function readBaseline(path: string, label: string): BaselineDocument | null {
  if (!existsSync(path)) return null;
  return parseBaseline(readFileSync(path, "utf8"), label);
}

/** The result with the baseline applied, when the file exists (`--baseline` naming a missing file is an error). */
export async function withBaseline(result: CheckResult, args: CliArgs, settings: ResolvedSettings, cwd: string): Promise<CheckResult> {
  if (result.verdict === "error") return result;
  const { path, label } = baselinePath(args, cwd);
  const document = readBaseline(path, label);
  if (!document) {
    if (args.baseline === undefined) return result;
    throw userError(`Baseline file ${label} (from --baseline) does not exist.`, "Write it with `driftcheck baseline`, or leave --baseline out.");
  }
  return applyBaseline(result, document, {
    file: label,
    environment: settings.options.environment,
    failOn: settings.options.failOn,
    reportFixed: settings.options.mode === "check" && !args.noDatabase,
  });
}
