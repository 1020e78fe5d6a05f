/**
 * The audit after `deployment.promoted` (issue 5, point 3): the commit now live in production is
 * checked again against the production branch — a NEW run of (repo, sha, production), even when a
 * check of that key exists (it may predate drift introduced since, or the promotion of an older
 * build). The run's delivery id is `audit:<envelope id>`, so a queue retry of the Vercel job finds
 * the same row instead of adding one (the webhook route already drops duplicate envelopes), and
 * events of that commit (a push, a later Vercel check run) can tell the audit from a run made for
 * them, and leave it alone (queue/event-run.ts). A promotion whose commit cannot be told (no git
 * metadata, and the Vercel API does not name one) is recorded without an audit, with a log line.
 */
import { createCheckRun, type StoredCheck } from "../../adapters/d1/store.js";
import { errorToJson, redact } from "../../core/errors.js";
import { classifyFailure } from "../queue/backoff.js";
import type { ReporterContext } from "../queue/consumer.js";
import { checkJobFor } from "../queue/check-job-for.js";
import { auditDeliveryId } from "../queue/event-run.js";
import type { VercelGit, VercelJob } from "../queue/jobs.js";
import { isFinal } from "../queue/resolve-check.js";
import { vercelClientFor } from "./client-for.js";
import { resolveDeploymentTarget } from "./deployment-target.js";

/** The promoted deployment's commit: from the webhook's meta, else GET /v13/deployments/{id}; null when there is none. */
export async function promotedCommit(job: VercelJob, context: ReporterContext, teamId: string | null): Promise<VercelGit | null> {
  if (job.git) return job.git;
  try {
    const { repo, sha, ref, pr } = await resolveDeploymentTarget(job, () => vercelClientFor(context.config), teamId);
    return { repo, sha, ref, pr };
  } catch (error) {
    if (classifyFailure(error) === "retry") throw error; // Vercel's API is down: the job is retried
    console.warn(`driftcheck: no audit check after promoting Vercel deployment ${redact(job.deploymentId)}: ${errorToJson(error).message}`);
    return null;
  }
}

// The audit's delivery id marks the run as an audit: event jobs tell event runs from it (event-run.ts).
export { auditDeliveryId, isAuditCheck } from "../queue/event-run.js";

/** The audit's check row: one per promotion delivery. */
export function auditCheckFor(job: VercelJob, git: VercelGit, context: ReporterContext): Promise<StoredCheck> {
  return createCheckRun(
    context.db,
    { source: "vercel", repo: git.repo, sha: git.sha, ref: git.ref, pr: null, environment: "production", neonBranch: null, installationId: null, deliveryId: auditDeliveryId(job.deliveryId), expectedKey: null },
    context.now(),
  );
}

/** Queues the audit unless an earlier attempt of this delivery already got it started. */
export async function enqueueAudit(check: StoredCheck, context: ReporterContext): Promise<void> {
  if (isFinal(check) || check.attempts > 0) return;
  await context.env.CHECKS.send(checkJobFor(check, { trigger: "rerun" }));
}
