/**
 * The real check job (issue 4, step 4), plugged into the queue consumer as its runner:
 *  1. the `schema-drift` check run goes `in_progress` (created once per check; retries reuse it);
 *  2. driftcheck.json, driftcheck.expected.json and the drizzle folder are read at the commit
 *     (read-inputs.ts: one tree call in steady state);
 *  3. the Neon branch is resolved; a preview branch that does not exist yet concludes `neutral`
 *     "waiting for Neon branch" and the job comes back later through a delayed queue message;
 *  4. the branch is introspected over Neon's SQL-over-HTTP protocol and compared (the core); a
 *     PR check compares with the production branch too, concurrently, as context only
 *     (production-context.ts);
 *  5. findings are stored, the check run completed, the sticky PR comment updated, and the check
 *     completed in D1 — in that order, so a failed report is retried while the check is open.
 * Transient failures throw (the consumer retries with backoff); permanent ones conclude at once
 * as "could not check", per the repository's `onError`.
 */
import { completeCheck, failCheck, getExpectedSchema, markCheckQueued, saveFindings, saveProductionContext, setResolvedNeonBranch, type Db, type StoredCheck } from "../../adapters/d1/store.js";
import type { GitHubClient, RepoRef } from "../../adapters/github/index.js";
import { createNeonHttpExecutor } from "../../adapters/neon-http/index.js";
import { runCheck, type CheckInput, type CheckResult } from "../../core/check.js";
import { BASELINE_FILE, applyBaseline } from "../../core/baseline.js";
import { DriftcheckError, errorToJson, redact, userError } from "../../core/errors.js";
import type { CanonicalSchema } from "../../core/model.js";
import { code, renderMarkdown } from "../../core/report/markdown.js";
import { notifyReporters, type CheckJobContext, type CheckJobRunner } from "../queue/consumer.js";
import type { CheckJob } from "../queue/jobs.js";
import { annotationsFor } from "../reporting/annotations.js";
import { completeCheckRun, detailsUrl, startCheckRun, type CheckRunTarget } from "../reporting/check-run.js";
import { concludeWithAcceptance } from "../acceptance/conclude.js";
import { conclusionOf, couldNotCheck, WAITING_TITLE } from "../reporting/conclusion.js";
import { couldNotCheckSummary } from "../reporting/could-not-check.js";
import { reportOnPullRequest } from "../reporting/pr-comment.js";
import { withProductionContext } from "../reporting/production-context.js";
import { capturingExecutor } from "./capture-executor.js";
import { checkOptionsFor, onErrorFor, type OnError } from "./check-options.js";
import { githubClientFor, installationFor, repoRefOf } from "./github-access.js";
import { commitFiles, readCheckInputs, readRepoConfig, type CheckInputs } from "./read-inputs.js";
import { neonApiFor, resolveNeonTarget } from "./neon-target.js";
import { compareWithProduction, toStoredProductionContext, wantsProductionContext } from "./production-context.js";
import type { RepoConfig } from "./repo-config.js";

export const runCheckJob: CheckJobRunner = async (job, context) => {
  const { check, config, db, now } = context;
  const repo = repoRefOf(check.repo);
  // On-demand API checks are stored only, scheduled ones alert instead (src/worker/schedule/);
  // everything else reports to GitHub. Both still read the repository through the App.
  const reportsToGitHub = check.source !== "api" && check.source !== "schedule";
  const installationId = reportsToGitHub || check.expectedKey === null ? await installationFor(db, check.repo, job.installationId, check.installationId) : null;
  const client = installationId === null ? null : githubClientFor(config, installationId);
  const target: CheckRunTarget | null = client && reportsToGitHub ? { client, repo, check, config } : null;
  const runId = target ? await startCheckRun(target, db, now) : null;

  let onError: OnError = onErrorFor({}, check.environment);
  try {
    const work = await prepare(job, context, client, repo);
    onError = onErrorFor(work.repoConfig, check.environment);
    if (work.kind === "waiting") {
      await waitForBranch(job, context, work.branchName, target && runId !== null ? { target, runId } : null);
      return;
    }
    // A PR check also compares with production (context only), concurrently with the preview.
    const [result, production] = await Promise.all([
      work.run(),
      target && wantsProductionContext(check) ? compareWithProduction({ config, repoConfig: work.repoConfig, expected: work.expected, signal: context.signal, now }) : null,
    ]);
    const inputs = work.inputs;
    await saveFindings(db, check.id, result.findings);
    if (production) await saveProductionContext(db, check.id, toStoredProductionContext(production));
    // Drift someone accepted for this commit concludes `success` with a note; other drift offers "Accept drift".
    const concluded = await concludeWithAcceptance(db, check, result, conclusionOf(result, onError), detailsUrl(config, check.id));
    if (target && runId !== null) {
      await completeCheckRun(target, runId, {
        ...concluded,
        summary: concluded.preface + withProductionContext(renderMarkdown(result), production),
        annotations: annotationsFor(result, inputs?.folder ?? null, inputs?.folderPath ?? ""),
      }, now);
      if (check.pr !== null && client) {
        await reportOnPullRequest({ client, repo, repoName: check.repo, pr: check.pr, sha: check.sha, detailsUrl: detailsUrl(config, check.id), productionContext: production }, result, db, now);
      }
    }
    // Other reporters (Vercel check runs) before the D1 conclusion, so a transient failure is retried.
    await notifyReporters(context.reporters, check, concluded, context, "rethrow");
    await completeCheck(db, check.id, {
      outcome: result.verdict,
      counts: { error: result.summary.error, warning: result.summary.warning, info: result.summary.info },
      timings: { ...result.timings, githubRequests: client?.requestCount ?? 0 },
      error: result.error ?? null,
    }, now());
  } catch (error) {
    if (error instanceof DriftcheckError && error.transient) throw error;
    if (!(error instanceof DriftcheckError)) throw error; // a bug or an infrastructure blip: retried, then dead-lettered
    const stored = errorToJson(error);
    console.warn(`driftcheck: check ${check.id} (${redact(check.repo)}) could not run: ${stored.message}`);
    if (target && runId !== null) await completeCheckRun(target, runId, { ...couldNotCheck(onError), summary: couldNotCheckSummary(stored) }, now);
    await notifyReporters(context.reporters, check, { ...couldNotCheck(onError), error: stored }, context, "log");
    await failCheck(db, check.id, stored, now());
  }
};

type Prepared =
  | { kind: "ready"; repoConfig: RepoConfig; inputs: CheckInputs | null; expected: CheckInput["expected"]; run: () => Promise<CheckResult> }
  | { kind: "waiting"; repoConfig: RepoConfig; branchName: string };

async function prepare(job: CheckJob, context: CheckJobContext, client: GitHubClient | null, repo: RepoRef): Promise<Prepared> {
  const { check, config, db, now, signal } = context;
  let repoConfig: RepoConfig = {};
  let inputs: CheckInputs | null = null;
  if (client) {
    const readArgs = { client, repo, sha: check.sha, db, now };
    const files = commitFiles(readArgs);
    repoConfig = await readRepoConfig(files, db, now);
    inputs = await readCheckInputs(readArgs, files, repoConfig);
  }
  const apiExpected = check.expectedKey === null ? null : await storedExpected(db, check.expectedKey);

  const neon = await resolveNeonTarget(neonApiFor(config, signal), config, repoConfig, { environment: check.environment, ref: check.ref, neonBranch: check.neonBranch ?? job.neonBranch });
  if (check.resolvedNeonBranch !== neon.branchName) await setResolvedNeonBranch(db, check.id, neon.branchName, now());
  if (neon.kind === "missing") return { kind: "waiting", repoConfig, branchName: neon.branchName };

  const executor = capturingExecutor(
    createNeonHttpExecutor(neon.connectionString, { signal, ...(config.neon.fetchEndpoint ? { fetchEndpoint: config.neon.fetchEndpoint } : {}) }),
  );
  const expected = expectedInput(inputs, apiExpected, check);
  return {
    kind: "ready",
    repoConfig,
    inputs,
    expected,
    async run() {
      const options = checkOptionsFor(repoConfig, check.environment);
      let result = await runCheck({ database: executor, expected, options, now });
      // The core reports failures as verdict `error`; a transient one is retried instead.
      const thrown = executor.lastError;
      if (result.verdict === "error" && thrown instanceof DriftcheckError && thrown.transient) throw thrown;
      if (inputs && !inputs.expectedOverride && result.expected && expected.kind === "schema" && !apiExpected) {
        result.expected = { ...result.expected, layout: inputs.folder.layout, expectedFrom: inputs.folder.expectedFrom };
      }
      // Known findings (driftcheck.baseline.json at the commit) are shown and never fail the check.
      if (inputs?.baseline) {
        result = await applyBaseline(result, inputs.baseline, { file: BASELINE_FILE, environment: check.environment, failOn: options.failOn, reportFixed: options.mode === "check" });
      }
      return result;
    },
  };
}

/** Precedence: the API request's schema, then driftcheck.expected.json, then the snapshots. */
function expectedInput(inputs: CheckInputs | null, apiExpected: CanonicalSchema | null, check: StoredCheck): CheckInput["expected"] {
  const folder = inputs?.folder;
  if (apiExpected) return { kind: "schema", schema: apiExpected, source: "the API request", ...(folder ? { folder } : {}) };
  if (!inputs || !folder) throw userError(`No expected schema for check ${check.id}.`);
  if (inputs.expectedOverride) return { kind: "schema", schema: inputs.expectedOverride.schema, source: inputs.expectedOverride.source, folder };
  return { kind: "schema", schema: folder.expected, source: folder.source, folder };
}

async function storedExpected(db: Db, key: string): Promise<CanonicalSchema> {
  const schema = await getExpectedSchema(db, key);
  if (schema === null) throw userError("The expected schema sent with this check is no longer stored.", "Send the check request again.");
  return schema as CanonicalSchema;
}

/**
 * The preview's Neon branch does not exist yet (Vercel creates it when the preview deploys):
 * conclude `neutral` "waiting for Neon branch", keep the D1 check open and come back later with a
 * delayed message naming this check — for up to `branchWaitMaxSeconds` after the check was created.
 */
async function waitForBranch(job: CheckJob, context: CheckJobContext, branchName: string, run: { target: CheckRunTarget; runId: number } | null): Promise<void> {
  const { check, config, db, env, now } = context;
  const waitedSeconds = (now() - check.createdAt) / 1000;
  if (waitedSeconds >= config.neon.branchWaitMaxSeconds) {
    throw userError(
      `The Neon branch "${branchName}" did not appear within ${Math.round(config.neon.branchWaitMaxSeconds / 60)} minutes.`,
      "Check that the Vercel–Neon integration creates a branch for this preview (or set neon.branches.preview in driftcheck.json), then re-run the check.",
    );
  }
  if (run) {
    await completeCheckRun(run.target, run.runId, {
      conclusion: "neutral",
      title: WAITING_TITLE,
      summary: `### ⏳ driftcheck: waiting for Neon branch\n\nThe Neon branch ${code(branchName)} does not exist yet (it is usually created when the preview deploys). driftcheck checks again every ${config.neon.branchWaitDelaySeconds} s for up to ${Math.round(config.neon.branchWaitMaxSeconds / 60)} minutes.\n`,
    }, now);
  }
  await notifyReporters(context.reporters, check, { conclusion: "neutral", title: WAITING_TITLE }, context, "rethrow");
  await markCheckQueued(db, check.id, now(), { kind: "user", message: `Waiting for the Neon branch "${branchName}" to be created.` });
  await env.CHECKS.send({ ...job, checkId: check.id }, { delaySeconds: config.neon.branchWaitDelaySeconds });
}

