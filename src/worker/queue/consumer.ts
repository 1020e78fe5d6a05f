/**
 * The checks-queue consumer. Per message: run the job through the injected runner (the real check
 * job is plugged in by the composition root), ack on success, `retry({ delaySeconds })` with
 * exponential backoff on transient failures, and on permanent ones conclude the check as
 * "could not check" and ack. Every message is acked or retried explicitly.
 */
import { failCheck, markCheckQueued, markCheckStarted, type Db, type StoredCheck, type StoredError } from "../../adapters/d1/store.js";
import { DriftcheckError, errorToJson, redact } from "../../core/errors.js";
import type { Config } from "../config.js";
import "../env.js";
import { classifyFailure, retryDelaySeconds } from "./backoff.js";
import { applyInstallationJob } from "./installation-job.js";
import type { GitHubConclusion } from "../reporting/conclusion.js";
import { couldNotCheck } from "../reporting/conclusion.js";
import { onErrorFor } from "../check-job/check-options.js";
import type { AcceptDriftJob, CheckJob, Job, VercelJob } from "./jobs.js";
import { isFinal, resolveCheck } from "./resolve-check.js";

/** Per-check budget (issue 4): a job still running after this is treated as a transient timeout. */
export const CHECK_BUDGET_MS = 60_000;

export interface CheckJobContext {
  check: StoredCheck;
  /** 1 on the first delivery of the message. */
  attempt: number;
  config: Config;
  db: Db;
  env: Env;
  /** Aborted when the per-check budget is spent. */
  signal: AbortSignal;
  now: () => number;
  /** Told how the check concluded, besides GitHub (e.g. Vercel check runs). */
  reporters?: readonly CheckReporter[];
}

/**
 * Another place a check's conclusion goes (the Vercel check runs linked to it). Called with the
 * GitHub-column conclusion of DESIGN.md's outcomes table; throws a transient DriftcheckError to
 * have the job retried, anything else is logged by the caller and does not change the outcome.
 */
export type CheckReporter = (check: StoredCheck, conclusion: GitHubConclusion & { error?: StoredError }, context: ReporterContext) => Promise<void>;

export interface ReporterContext {
  config: Config;
  db: Db;
  env: Env;
  now: () => number;
}

/** Runs a Vercel webhook job (src/worker/vercel/). */
export type VercelJobRunner = (job: VercelJob, context: ReporterContext & { reporters: readonly CheckReporter[] }) => Promise<void>;

/** Records an "Accept drift" click and re-concludes the check's runs (src/worker/acceptance/). */
export type AcceptDriftJobRunner = (job: AcceptDriftJob, context: ReporterContext) => Promise<void>;

/** Runs one check and stores its result (completeCheck/saveFindings); throws DriftcheckError on failure. */
export type CheckJobRunner = (job: CheckJob, context: CheckJobContext) => Promise<void>;

/**
 * Work that follows a check's conclusion but is no part of it (the production monitor's alert,
 * src/worker/schedule/). Called with the check as the job received it (read it again for its
 * result) after the runner returned, outside the per-check budget — the result is stored by then,
 * and a budget timeout there would retry a concluded check — and again for a redelivered message
 * whose check is concluded already, so it must be idempotent. Its failures are logged, never
 * retried: the job's result is safe.
 */
export type AfterCheckHook = (check: StoredCheck, scope: ReporterContext) => Promise<void>;

/** Reports a check that could not run (e.g. concludes its GitHub check run); best effort. */
export type CouldNotCheckReporter = (check: StoredCheck, error: StoredError, context: Omit<CheckJobContext, "check" | "attempt" | "signal">) => Promise<void>;

export interface ConsumerDeps {
  runCheckJob: CheckJobRunner;
  reportCouldNotCheck?: CouldNotCheckReporter;
  runVercelJob?: VercelJobRunner;
  runAcceptDriftJob?: AcceptDriftJobRunner;
  afterCheck?: AfterCheckHook;
  checkReporters?: readonly CheckReporter[];
  budgetMs?: number;
  now?: () => number;
}

export interface ConsumerScope {
  config: Config;
  db: Db;
  env: Env;
}

export async function consumeChecks(batch: MessageBatch<Job>, scope: ConsumerScope, deps: ConsumerDeps): Promise<void> {
  // One message at a time: wrangler.jsonc delivers batches of one, and checks must not share a budget.
  for (const message of batch.messages) await consumeMessage(message, scope, deps);
}

async function consumeMessage(message: Message<Job>, scope: ConsumerScope, deps: ConsumerDeps): Promise<void> {
  const now = deps.now ?? (() => Date.now());
  const job = message.body;
  let check: StoredCheck | null = null;
  try {
    if (job.type === "installation") {
      await applyInstallationJob(scope.db, job, now());
      message.ack();
      return;
    }
    if (job.type === "vercel") {
      if (!deps.runVercelJob) throw new DriftcheckError("internal", "This build cannot handle Vercel jobs.");
      await deps.runVercelJob(job, { ...scope, now, reporters: deps.checkReporters ?? [] });
      message.ack();
      return;
    }
    if (job.type === "accept-drift") {
      if (!deps.runAcceptDriftJob) throw new DriftcheckError("internal", "This build cannot handle \"Accept drift\" jobs.");
      await deps.runAcceptDriftJob(job, { ...scope, now });
      message.ack();
      return;
    }
    check = await resolveCheck(scope.db, job, now());
    if (check === null || isFinal(check)) {
      // Deleted with its repository, or already concluded by an earlier delivery: nothing to run.
      if (check !== null) await runAfterCheck(check, scope, deps, now);
      message.ack();
      return;
    }
    await markCheckStarted(scope.db, check.id, now());
    await withBudget(deps.budgetMs ?? CHECK_BUDGET_MS, (signal) =>
      deps.runCheckJob(job, { ...scope, check: check!, attempt: message.attempts, signal, now, reporters: deps.checkReporters ?? [] }),
    );
    await runAfterCheck(check, scope, deps, now);
    message.ack();
  } catch (error) {
    const stored = errorToJson(error);
    if (classifyFailure(error) === "retry") {
      const delaySeconds = retryDelaySeconds(message.attempts, error);
      console.warn(`driftcheck: job ${describe(job)} attempt ${message.attempts} failed (${stored.kind}); retrying in ${delaySeconds} s: ${stored.message}`);
      if (check) await markCheckQueued(scope.db, check.id, now(), stored).catch(() => undefined);
      message.retry({ delaySeconds });
      return;
    }
    console.warn(`driftcheck: job ${describe(job)} failed permanently (${stored.kind}): ${stored.message}`);
    if (check) await concludeCouldNotCheck(check, stored, scope, deps, now);
    message.ack();
  }
}

/** The afterCheck hook, outside the budget; it never fails the job (see AfterCheckHook). */
async function runAfterCheck(check: StoredCheck, scope: ConsumerScope, deps: ConsumerDeps, now: () => number): Promise<void> {
  if (!deps.afterCheck) return;
  try {
    await deps.afterCheck(check, { ...scope, now });
  } catch (error) {
    console.error(`driftcheck: after check ${check.id}: ${errorToJson(error).message}`);
  }
}

/** Outcome `error` in D1, then the reporter; a reporter failure must not lose the stored conclusion. */
export async function concludeCouldNotCheck(
  check: StoredCheck,
  error: StoredError,
  scope: ConsumerScope,
  deps: Pick<ConsumerDeps, "reportCouldNotCheck" | "checkReporters">,
  now: () => number,
): Promise<void> {
  await failCheck(scope.db, check.id, error, now());
  // The repository's onError is not known here (its driftcheck.json was not read): the defaults apply.
  await notifyReporters(deps.checkReporters, { ...check, status: "completed", outcome: "error", error }, { ...couldNotCheck(onErrorFor({}, check.environment)), error }, { ...scope, now }, "log");
  if (!deps.reportCouldNotCheck) return;
  try {
    await deps.reportCouldNotCheck({ ...check, status: "completed", outcome: "error", error }, error, { ...scope, now });
  } catch (reportError) {
    console.error(`driftcheck: reporting check ${check.id} as "could not check" failed: ${errorToJson(reportError).message}`);
  }
}

/**
 * Tells every reporter. `rethrow`: a transient failure is thrown (the check job is retried while the
 * check is open); permanent ones are logged. `log`: everything is logged (the conclusion is stored).
 */
export async function notifyReporters(
  reporters: readonly CheckReporter[] | undefined,
  check: StoredCheck,
  conclusion: GitHubConclusion & { error?: StoredError },
  context: ReporterContext,
  transient: "rethrow" | "log",
): Promise<void> {
  for (const report of reporters ?? []) {
    try {
      await report(check, conclusion, context);
    } catch (error) {
      if (transient === "rethrow" && classifyFailure(error) === "retry") throw error;
      console.error(`driftcheck: reporting check ${check.id} failed: ${errorToJson(error).message}`);
    }
  }
}

async function withBudget(budgetMs: number, run: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new DriftcheckError("connection", `The check did not finish within ${budgetMs / 1000} s.`, { transient: true }));
    }, budgetMs);
  });
  try {
    await Promise.race([run(controller.signal), expired]);
  } finally {
    if (timer !== null) clearTimeout(timer);
  }
}

function describe(job: Job): string {
  if (job.type === "vercel") return redact(`${job.event} ${job.deploymentId}`);
  if (job.type === "accept-drift") return redact(`"Accept drift" on check run ${job.checkRunId} of ${job.repo}`);
  return redact(job.type === "check" ? `${job.repo}@${job.sha.slice(0, 12)} (${job.environment})` : `installation ${job.installationId} ${job.action}`);
}
