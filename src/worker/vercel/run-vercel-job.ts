/**
 * Vercel webhook jobs (issue 5, PROTOCOLS.md "Vercel"):
 *  - `deployment.checkrun.start`: resolve the deployment to (repo, sha, ref, environment), find or
 *    create the one check for that key, link the run to it and PATCH it `running`; the check job
 *    (the same one the GitHub side runs) concludes it through the reporter hook (check-run.ts). A
 *    check that already concluded concludes the run at once from its stored outcome.
 *  - `deployment.checkrun.cancel`: the run and its check are marked canceled.
 *  - `deployment.created/succeeded/promoted/error/canceled`: recorded against their check;
 *    `promoted` also remembers the sha live in production for the project.
 */
import {
  cancelCheck,
  findLatestCheck,
  getCheck,
  getVercelCheckRun,
  recordVercelDeployment,
  saveVercelCheckRun,
  setVercelCheckRunStatus,
  setVercelProduction,
  upsertCheck,
} from "../../adapters/d1/store.js";
import { onErrorFor } from "../check-job/check-options.js";
import type { ReporterContext, VercelJobRunner } from "../queue/consumer.js";
import type { CheckJob, VercelJob } from "../queue/jobs.js";
import { isFinal } from "../queue/resolve-check.js";
import { completeVercelRun, markVercelRunRunning, storedConclusion } from "./check-run.js";
import { vercelClientFor } from "./client-for.js";
import { environmentOf, resolveDeploymentTarget } from "./deployment-target.js";

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
  const target = await resolveDeploymentTarget(job, () => vercelClientFor(config), teamId);
  const check = await upsertCheck(
    db,
    { source: "vercel", repo: target.repo, sha: target.sha, ref: target.ref, pr: target.pr, environment: target.environment, neonBranch: null, installationId: null, deliveryId: job.deliveryId, expectedKey: null },
    now(),
  );
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
  const checkJob: CheckJob = {
    type: "check",
    source: "vercel",
    repo: target.repo,
    sha: target.sha,
    ref: target.ref,
    pr: target.pr,
    environment: target.environment,
    neonBranch: null,
    installationId: null,
    trigger: "event",
    deliveryId: job.deliveryId,
    checkId: current.id,
    expectedKey: null,
  };
  await env.CHECKS.send(checkJob);
}

async function cancelCheckRun(job: VercelJob, context: ReporterContext): Promise<void> {
  const { db, now } = context;
  const run = job.checkRunId === null ? null : await getVercelCheckRun(db, job.checkRunId);
  if (!run) return; // never started here: nothing to cancel
  await setVercelCheckRunStatus(db, run.id, "canceled", "canceled", now());
  if (run.checkId !== null) await cancelCheck(db, run.checkId, now());
}

async function recordDeploymentEvent(job: VercelJob, context: ReporterContext): Promise<void> {
  const { db, now } = context;
  const state = job.event.slice("deployment.".length);
  const environment = environmentOf(job.target);
  const check = job.git ? await findLatestCheck(db, { repo: job.git.repo, sha: job.git.sha, environment }) : null;
  await recordVercelDeployment(db, deploymentEvent(job, job.git ? { ...job.git, environment } : null, state, check?.id ?? null), now());
  if (job.event === "deployment.promoted" && job.projectId !== null) {
    await setVercelProduction(db, { projectId: job.projectId, deploymentId: job.deploymentId, repo: job.git?.repo ?? null, sha: job.git?.sha ?? null }, job.createdAt);
  }
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
