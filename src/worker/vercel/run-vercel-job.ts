/**
 * Vercel webhook jobs (issue 5, PROTOCOLS.md "Vercel"):
 *  - `deployment.checkrun.start`: resolve the deployment to (repo, sha, ref, environment), find or
 *    create the check for that key (deployment-check.ts: not a scheduled re-check, an audit, or a
 *    run that ended `error` or was canceled), link the run to it and PATCH it `running`; the
 *    check job (the same one the GitHub side runs) concludes it through the reporter hook
 *    (check-run.ts). A check that already concluded concludes the run at once from its stored
 *    outcome; a deployment that cannot be resolved, "could not check" at once. A job that gave up
 *    leaves the run to the dead-letter queue (abandoned-run.ts).
 *  - `deployment.checkrun.cancel`: the run is marked canceled, and its check when nothing else
 *    waits for it (cancelCheckRun).
 *  - `deployment.created/succeeded/promoted/error/canceled`: recorded against their check;
 *    `promoted` also remembers the deployment live in production for the project — before asking
 *    Vercel's API for its commit, so an API outage does not lose it — and audits that commit: a
 *    new production check (production-audit.ts).
 */
import {
  cancelUnwatchedCheck,
  getCheck,
  getVercelCheckRun,
  getVercelProduction,
  recordVercelDeployment,
  saveVercelCheckRun,
  setVercelCheckRunStatus,
  setVercelProduction,
  type StoredCheck,
} from "../../adapters/d1/store.js";
import { errorToJson } from "../../core/errors.js";
import { onErrorFor } from "../check-job/check-options.js";
import type { ReporterContext, VercelJobRunner } from "../queue/consumer.js";
import { checkJobFor } from "../queue/check-job-for.js";
import type { VercelGit, VercelJob } from "../queue/jobs.js";
import { classifyFailure } from "../queue/backoff.js";
import { findLatestEventRun, isEventRun } from "../queue/event-run.js";
import { isFinal } from "../queue/resolve-check.js";
import { concludeRunDirectly } from "./abandoned-run.js";
import { completeVercelRun, markVercelRunRunning, storedConclusion } from "./check-run.js";
import { vercelClientFor } from "./client-for.js";
import { checkForDeployment } from "./deployment-check.js";
import { environmentOf, resolveDeploymentTarget } from "./deployment-target.js";
import { auditCheckFor, enqueueAudit, promotedCommit } from "./production-audit.js";

export const runVercelJob: VercelJobRunner = async (job, context) => {
  switch (job.event) {
    case "deployment.checkrun.start":
      return startCheckRun(job, context);
    case "deployment.checkrun.cancel":
      return cancelCheckRun(job, context);
    default:
      return recordDeploymentEvent(job, context);
  }
};

function teamOf(job: VercelJob, context: ReporterContext): string | null {
  return job.teamId ?? context.config.vercel.teamId;
}

async function startCheckRun(job: VercelJob, context: ReporterContext): Promise<void> {
  const { config, db, env, now } = context;
  const runId = job.checkRunId!;
  const known = await getVercelCheckRun(db, runId);
  if (known && known.status !== "running") return; // concluded or canceled by an earlier delivery
  const teamId = teamOf(job, context);
  const target = await resolveDeploymentTarget(job, () => vercelClientFor(config), teamId).catch(async (error: unknown) => {
    // A deployment that cannot be checked (no GitHub commit, unknown to Vercel) says so at once
    // instead of holding the deployment until Vercel's timeout; transient failures are retried.
    if (classifyFailure(error) === "permanent") {
      await concludeRunDirectly(config, db, job, null, errorToJson(error), now).catch((reportError: unknown) => {
        console.error(`driftcheck: concluding Vercel check run ${runId} failed: ${errorToJson(reportError).message}`);
      });
    }
    throw error;
  });
  // A retry keeps the check an earlier attempt linked: the key's newest run may have changed since.
  const linked = known?.checkId ? await getCheck(db, known.checkId) : null;
  const check =
    linked ??
    (await checkForDeployment(
      db,
      { source: "vercel", repo: target.repo, sha: target.sha, ref: target.ref, pr: target.pr, environment: target.environment, neonBranch: null, installationId: null, deliveryId: job.deliveryId, expectedKey: null },
      now(),
    ));
  const run = await saveVercelCheckRun(db, { id: runId, deploymentId: job.deploymentId, teamId, projectId: job.projectId, checkId: check.id }, now());
  await recordVercelDeployment(db, deploymentEvent(job, target, null, check.id), now());
  await markVercelRunRunning(config, run, check.id);

  // Read again after linking the run: a check that concluded meanwhile did not see this run.
  const current = (await getCheck(db, check.id)) ?? check;
  if (isFinal(current)) {
    await completeVercelRun(config, db, run, current.id, await storedConclusion(db, current, onErrorFor({}, current.environment)), now);
    return;
  }
  // Another delivery (GitHub's, or an earlier Vercel run of this commit) created the check and its
  // job concludes it; only the creator enqueues, so one check runs once.
  if (current.deliveryId !== job.deliveryId) return;
  await env.CHECKS.send(checkJobFor(current, { trigger: "event" }));
}

/**
 * The run is canceled; its check only when it was this deployment's alone. A check that GitHub's
 * events made (a PR's, a push's), or one that another running Vercel run or a GitHub check run
 * waits for, goes on: canceled, its jobs would stop and leave those open. The run row does not
 * record its start delivery, so "made by a Vercel check run and no other run still waits" stands
 * for "made by this run's delivery": the creator's run is linked to it and, running, would keep it.
 */
async function cancelCheckRun(job: VercelJob, context: ReporterContext): Promise<void> {
  const { db, now } = context;
  const run = job.checkRunId === null ? null : await getVercelCheckRun(db, job.checkRunId);
  if (!run) return; // never started here: nothing to cancel
  await setVercelCheckRunStatus(db, run.id, "canceled", "canceled", now());
  const check = run.checkId === null ? null : await getCheck(db, run.checkId);
  if (check && madeForADeployment(check)) await cancelUnwatchedCheck(db, check.id, now());
}

/** A check a Vercel check run created: not GitHub's, the cron's, an audit or the API's. */
function madeForADeployment(check: StoredCheck): boolean {
  return check.source === "vercel" && isEventRun(check);
}

async function recordDeploymentEvent(job: VercelJob, context: ReporterContext): Promise<void> {
  const { db, now } = context;
  const state = job.event.slice("deployment.".length);
  const environment = environmentOf(job.target);
  // The deployment's check is an event run (GitHub's or a Vercel check run's), never the cron's or an audit.
  const check = job.git ? await findLatestEventRun(db, { repo: job.git.repo, sha: job.git.sha, environment }) : null;
  await recordVercelDeployment(db, deploymentEvent(job, job.git ? { ...job.git, environment } : null, state, check?.id ?? null), now());
  if (job.event === "deployment.promoted") await recordPromotion(job, context);
}

/**
 * Which deployment is live is recorded first (its commit when the webhook named one); only then is
 * Vercel's API asked for a commit the webhook lacked: an API outage that outlasts the retries
 * loses the audit, not the production record.
 */
async function recordPromotion(job: VercelJob, context: ReporterContext): Promise<void> {
  const { db, now } = context;
  await rememberProduction(job, job.git, context);
  const git = await promotedCommit(job, context, teamOf(job, context));
  if (!git) return;
  const audit = await auditCheckFor(job, git, context);
  await recordVercelDeployment(db, deploymentEvent(job, { ...git, environment: environmentOf(job.target) }, null, audit.id), now());
  if (!job.git) await rememberProduction(job, git, context);
  await enqueueAudit(audit, context); // last: a retry after it would queue the audit again
}

/** The project's production deployment; a commit learnt by an earlier attempt of this promotion is kept. */
async function rememberProduction(job: VercelJob, git: VercelGit | null, context: ReporterContext): Promise<void> {
  if (job.projectId === null) return;
  if (!git) {
    const known = await getVercelProduction(context.db, job.projectId);
    if (known?.deploymentId === job.deploymentId && known.sha !== null) return;
  }
  await setVercelProduction(context.db, { projectId: job.projectId, deploymentId: job.deploymentId, repo: git?.repo ?? null, sha: git?.sha ?? null }, job.createdAt);
}

function deploymentEvent(job: VercelJob, target: { repo: string; sha: string; ref: string | null; environment: "production" | "preview" } | null, state: string | null, checkId: string | null) {
  return {
    id: job.deploymentId,
    projectId: job.projectId,
    teamId: job.teamId,
    url: job.url,
    repo: target?.repo ?? null,
    sha: target?.sha ?? null,
    ref: target?.ref ?? null,
    environment: target?.environment ?? null,
    state,
    checkId,
  };
}
