/**
 * Printing a check result (or a failure to run one) in the chosen format.
 * JSON always goes to stdout, even when the check could not run: CI parses it.
 */
import { RESULT_FORMAT_VERSION, summarize, type CheckResult } from "../core/check.js";
import { errorToJson } from "../core/errors.js";
import { isSqlstate } from "../core/sql/database-error.js";
import type { Severity } from "../core/findings.js";
import { renderJson, renderMarkdown, renderSarif, renderText, type SarifOptions } from "../core/report/index.js";
import type { ReportFormat } from "./args.js";
import { writeLine, type CliIo } from "./io.js";
import { packageVersion } from "./usage.js";

/** A result with verdict `error`, for failures before or around `runCheck`. */
export function errorResult(error: unknown, failOn: Severity): CheckResult {
  return {
    formatVersion: RESULT_FORMAT_VERSION,
    verdict: "error",
    summary: summarize([], failOn),
    findings: [],
    migrations: null,
    database: null,
    expected: null,
    error: errorToJson(error),
    timings: { readMs: 0, introspectMs: 0, compareMs: 0, totalMs: 0 },
  };
}

export function useColor(io: CliIo): boolean {
  const noColor = io.env.NO_COLOR;
  return io.isTTY && (noColor === undefined || noColor === "");
}

/** `sarif` is where SARIF's locations come from; without it results carry logical locations only. */
export function printResult(result: CheckResult, format: ReportFormat, io: CliIo, sarif?: SarifOptions): void {
  if (format === "json") {
    writeLine(io.stdout, renderJson(result));
    return;
  }
  if (format === "sarif") {
    // Like JSON, SARIF goes to stdout for every outcome (an error is an unsuccessful invocation).
    writeLine(io.stdout, renderSarif(result, sarif ?? { toolVersion: packageVersion(), folderUri: null }));
    printError(result, io);
    return;
  }
  if (result.verdict === "error") {
    if (format === "markdown") writeLine(io.stdout, renderMarkdown(result));
    printError(result, io);
    return;
  }
  writeLine(io.stdout, format === "markdown" ? renderMarkdown(result) : renderText(result, { color: useColor(io) }));
}

/** The "could not run" message on stderr: what is wrong, and how to fix it. */
export function printError(result: CheckResult, io: CliIo): void {
  const error = result.error;
  if (!error) return;
  const lines = [`driftcheck: ${error.kind === "user" ? "" : `${error.kind} error: `}${error.message}`];
  if (isSqlstate(error.code)) lines.push(`  SQLSTATE ${error.code}`);
  if (error.hint) lines.push(`  hint: ${error.hint}`);
  writeLine(io.stderr, lines.join("\n"));
}
