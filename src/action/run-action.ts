/**
 * The GitHub Action: `driftcheck check` with the action's inputs, reported the ways a workflow
 * reads: the text report in the log, the Markdown report as the job summary, annotations on the
 * migration (or snapshot) files, outputs (verdict and counts), optionally SARIF for code
 * scanning and a sticky PR comment. The step fails (exit 2) on findings at or above `fail-on`,
 * and exits 1 when the check could not run. Without `database-url` it runs
 * `check --no-database` (MIGRATION_NOT_GENERATED only).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { CheckResult } from "../core/check.js";
import { SEVERITY_RANK, type Finding } from "../core/findings.js";
import { renderMarkdown, renderSarif, type SarifOptions } from "../core/report/index.js";
import { locateFinding } from "../core/report/sarif-locate.js";
import { ENVIRONMENTS, SEVERITIES, oneOf, type CliArgs } from "../cli/args.js";
import { executeCheck, scrubbedIo } from "../cli/check-command.js";
import { exitCodeFor } from "../cli/exit-codes.js";
import type { CliIo } from "../cli/io.js";
import { printResult } from "../cli/report-output.js";
import { sarifOptions } from "../cli/sarif-output.js";
import { expandSchemaPatterns } from "../cli/not-generated.js";
import type { ResolvedSettings } from "../cli/settings.js";
import { readDrizzleFolder, type DrizzleFolder } from "../core/drizzle/index.js";
import { createDiskFileSource } from "../adapters/fs/index.js";
import { createGitHubHttp } from "../adapters/github/http.js";
import { upsertStickyComment } from "../adapters/github/issue-comments.js";
import { parseRepoFullName, type FetchLike } from "../adapters/github/types.js";
import { annotation, appendSummary, booleanInput, input, maskCommand, setOutputs, type Env } from "./inputs.js";

/** Annotations GitHub shows per step and severity; more are dropped by GitHub anyway. */
const MAX_ANNOTATIONS = 10;

export interface ActionIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Env;
  fetch?: FetchLike;
}

export async function runAction(io: ActionIo): Promise<number> {
  const env = io.env;
  const log = (line: string) => io.stdout(`${line}\n`);
  let args: CliArgs;
  let workspace: string;
  try {
    workspace = resolve(env.GITHUB_WORKSPACE ?? process.cwd(), input(env, "working-directory") ?? ".");
    args = checkArgs(env);
  } catch (error) {
    log(annotation("error", `driftcheck: ${error instanceof Error ? error.message : String(error)}`));
    return exitCodeFor("usage");
  }
  for (const secret of [args.databaseUrl, args.scratchUrl, input(env, "github-token")]) {
    if (secret) log(maskCommand(secret));
  }

  const cliIo: CliIo = { stdout: io.stdout, stderr: io.stderr, env: { ...env, DATABASE_URL: undefined }, cwd: workspace, isTTY: false, stderrIsTTY: false };
  const safeIo = scrubbedIo(args, cliIo);
  const run = await executeCheck(args, safeIo);
  const result = run.result;
  printResult(result, "text", safeIo);

  // The check reads the folder itself; read it again for the annotations' file and line.
  const folder = run.folder ?? (run.settings ? await readFolderForLocations(run.settings.drizzleDir) : null);
  const sarif = relativeToWorkspace(sarifOptions(workspace, run.settings?.drizzleDir ?? null, folder), run.settings?.drizzleDir, env.GITHUB_WORKSPACE);
  appendSummary(env, renderMarkdown(result));
  const schemaFiles = schemaSourceFiles(run.settings, env.GITHUB_WORKSPACE ?? workspace);
  for (const line of annotations(result, sarif, schemaFiles)) log(line);
  setOutputs(env, {
    verdict: result.verdict,
    errors: result.summary.error,
    warnings: result.summary.warning,
    infos: result.summary.info,
    total: result.summary.total,
    known: result.summary.known ?? 0,
  });

  const sarifFile = input(env, "sarif-file");
  if (sarifFile) writeFileSync(resolve(workspace, sarifFile), renderSarif(result, sarif));

  if (booleanInput(env, "comment", false)) await comment(io, result, log);
  return exitCodeFor(result.verdict);
}

/** Annotation and SARIF paths are relative to the checkout (GITHUB_WORKSPACE), which is the repository root. */
function relativeToWorkspace(options: SarifOptions, drizzleDir: string | undefined, checkout: string | undefined): SarifOptions {
  if (options.folderUri === null || !drizzleDir || !checkout) return options;
  const fromCheckout = relative(checkout, drizzleDir);
  if (fromCheckout.startsWith("..") || isAbsolute(fromCheckout)) return options;
  return { ...options, folderUri: fromCheckout.split(sep).join("/") };
}

async function readFolderForLocations(drizzleDir: string): Promise<DrizzleFolder | null> {
  try {
    return await readDrizzleFolder(createDiskFileSource(drizzleDir, drizzleDir));
  } catch {
    return null;
  }
}

function checkArgs(env: Env): CliArgs {
  const databaseUrl = input(env, "database-url");
  const args: CliArgs = { command: "check", ignore: (input(env, "ignore") ?? "").split(/[\s,]+/).filter((rule) => rule !== "") };
  if (databaseUrl) args.databaseUrl = databaseUrl;
  else args.noDatabase = true;
  const failOn = input(env, "fail-on");
  if (failOn) args.failOn = oneOf("fail-on", failOn, SEVERITIES);
  const environment = input(env, "environment");
  if (environment) args.environment = oneOf("environment", environment, ENVIRONMENTS);
  const folder = input(env, "folder");
  if (folder) args.drizzle = folder;
  const config = input(env, "config");
  if (config) args.config = config;
  const baseline = input(env, "baseline");
  if (baseline) args.baseline = baseline;
  const list = (name: string) => (input(env, name) ?? "").split(/[\s,]+/).filter((item) => item !== "");
  if (list("schema").length > 0) args.schema = list("schema");
  if (list("probe").length > 0) args.probe = list("probe");
  if (!databaseUrl && (args.schema || args.probe)) throw new Error("schema and probe need database-url (they compare with, or run against, the database).");
  const expected = input(env, "expected");
  const scratchUrl = input(env, "scratch-url");
  if (!databaseUrl && (expected || scratchUrl)) throw new Error("expected and scratch-url need database-url (they change what the database is compared with).");
  if (expected) args.expected = expected;
  if (scratchUrl) args.scratchUrl = scratchUrl;
  return args;
}

/** One annotation per warning or error (known findings left out), on the file that creates the object. */
function annotations(result: CheckResult, sarif: SarifOptions, schemaFiles: SchemaFile[]): string[] {
  if (result.verdict === "error") {
    return [annotation("error", `driftcheck could not check: ${result.error?.message ?? "unknown error"}${result.error?.hint ? ` (${result.error.hint})` : ""}`)];
  }
  const shown = result.findings.filter((f) => f.baseline !== "known" && SEVERITY_RANK[f.severity] >= SEVERITY_RANK.warning).slice(0, 2 * MAX_ANNOTATIONS);
  return shown.map((finding) => {
    const location = finding.code === "MIGRATION_NOT_GENERATED" ? locateInSchema(finding, schemaFiles) : locate(finding, sarif);
    return annotation(finding.severity === "error" ? "error" : "warning", finding.message, {
      ...(location ?? {}),
      title: `${finding.code} ${finding.object}`,
    });
  });
}

interface SchemaFile {
  /** Relative to the checkout, `/`-separated. */
  path: string;
  text: string;
}

/** The drizzle config's schema files (for MIGRATION_NOT_GENERATED annotations). */
function schemaSourceFiles(settings: ResolvedSettings | null, checkout: string): SchemaFile[] {
  if (!settings?.schemaSource) return [];
  try {
    return expandSchemaPatterns(settings.schemaSource.patterns, settings.schemaSource.dir).map((file) => ({
      path: relative(checkout, file).split(sep).join("/"),
      text: readFileSync(file, "utf8"),
    }));
  } catch {
    return [];
  }
}

/** The schema file and line that names the finding's table (or enum): where the change was made. */
function locateInSchema(finding: Finding, files: SchemaFile[]): { file: string; line: number } | null {
  const name = finding.object.split(".")[1];
  for (const file of files) {
    const index = name ? file.text.indexOf(`"${name}"`) : -1;
    if (index >= 0) return { file: file.path, line: file.text.slice(0, index).split("\n").length };
  }
  return files[0] ? { file: files[0].path, line: 1 } : null;
}

function locate(finding: Finding, sarif: SarifOptions): { file: string; line: number } | null {
  if (sarif.folderUri === null) return null;
  const location = locateFinding(finding, { migrations: sarif.migrations ?? [], snapshotPath: sarif.snapshotPath ?? null, journalPath: sarif.journalPath ?? null });
  if (!location) return null;
  return { file: sarif.folderUri === "" ? location.path : `${sarif.folderUri}/${location.path}`, line: location.line };
}

/** The sticky PR comment (pull_request events only), with the workflow's token. */
async function comment(io: ActionIo, result: CheckResult, log: (line: string) => void): Promise<void> {
  const env = io.env;
  const token = input(env, "github-token") ?? env.GITHUB_TOKEN;
  const number = pullRequestNumber(env);
  if (number === null) {
    log("driftcheck: comment skipped: not a pull_request event.");
    return;
  }
  const repo = env.GITHUB_REPOSITORY ? parseRepoFullName(env.GITHUB_REPOSITORY) : null;
  if (!token || !repo) {
    log(annotation("warning", "driftcheck: comment skipped: no github-token input (or GITHUB_REPOSITORY)."));
    return;
  }
  try {
    const http = createGitHubHttp({ baseUrl: env.GITHUB_API_URL ?? "https://api.github.com", token, ...(io.fetch ? { fetch: io.fetch } : {}), userAgent: "driftcheck-action" });
    const outcome = await upsertStickyComment(http, repo, { issueNumber: number, body: renderMarkdown(result) });
    log(`driftcheck: PR comment ${outcome.action}${outcome.commentId ? ` (#${outcome.commentId})` : ""}.`);
  } catch (error) {
    log(annotation("warning", `driftcheck: could not write the PR comment: ${error instanceof Error ? error.message : String(error)}`));
  }
}

function pullRequestNumber(env: Env): number | null {
  if (!env.GITHUB_EVENT_PATH) return null;
  try {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8")) as { pull_request?: { number?: unknown }; number?: unknown };
    const number = event.pull_request?.number ?? null;
    return typeof number === "number" ? number : null;
  } catch {
    return null;
  }
}

