/**
 * The D1 row a check job works on. Jobs are idempotent on (repo, sha, environment): an event job
 * finds its delivery's run, else the key's newest event run — never the cron's re-check or a
 * promotion's audit of the same commit (event-run.ts) — creating one when there is none; a re-run
 * job creates the next run once per delivery, and a job that names its check (API, delayed
 * re-check) uses that row.
 */
import { createCheckRun, getCheck, type Db, type NewCheck, type StoredCheck } from "../../adapters/d1/store.js";
import { eventRunFor } from "./event-run.js";
import type { CheckJob } from "./jobs.js";

export async function resolveCheck(db: Db, job: CheckJob, now: number): Promise<StoredCheck | null> {
  if (job.checkId !== null) return getCheck(db, job.checkId);
  const input: NewCheck = {
    source: job.source,
    repo: job.repo,
    sha: job.sha.toLowerCase(),
    ref: job.ref,
    pr: job.pr,
    environment: job.environment,
    neonBranch: job.neonBranch,
    installationId: job.installationId,
    deliveryId: job.deliveryId,
    expectedKey: job.expectedKey,
  };
  return job.trigger === "rerun" ? createCheckRun(db, input, now) : eventRunFor(db, input, now);
}

/** Completed and canceled checks are final: a duplicate job for them does nothing. */
export function isFinal(check: StoredCheck): boolean {
  return check.status === "completed" || check.status === "canceled";
}
