/**
 * The cron's fan-out: one check job per registered repository, re-checking the commit live in
 * production (live-production.ts) against the production Neon branch. Each job is a NEW run of
 * (repo, sha, production) — a re-check of an unchanged commit must really run again — created by
 * the consumer with the delivery id `schedule:<scheduledTime>:<repo>`, so a queue retry (or the
 * platform running the same cron twice) finds that run instead of adding one.
 *
 * Scheduled checks store their result and alert (monitor.ts); they create no GitHub check run and
 * no PR comment (run-check-job.ts), but read the repository through the GitHub App.
 */
import { listMonitoredRepos, listMonitoredShas, listNewestPushedShas, listPromotedShas, type Db } from "../../adapters/d1/store.js";
import { redact } from "../../core/errors.js";
import "../env.js";
import { checkJobFor } from "../queue/check-job-for.js";
import type { CheckJob } from "../queue/jobs.js";
import { planLiveProduction, type LiveProduction } from "./live-production.js";

/** Cloudflare Queues: at most 100 messages per sendBatch. */
const SEND_BATCH_MAX = 100;

export function scheduledDeliveryId(scheduledTime: number, repo: string): string {
  return `schedule:${scheduledTime}:${repo}`;
}

export function scheduledCheckJob(live: LiveProduction, scheduledTime: number): CheckJob {
  return checkJobFor(
    { source: "schedule", repo: live.repo, sha: live.sha, ref: live.ref, environment: "production", installationId: live.installationId, deliveryId: scheduledDeliveryId(scheduledTime, live.repo) },
    { trigger: "rerun" },
  );
}

/** Enqueues the re-checks; returns how many. */
export async function fanOutProductionChecks(db: Db, queue: Queue, scheduledTime: number): Promise<number> {
  const [repos, promoted, pushed, monitored] = await Promise.all([listMonitoredRepos(db), listPromotedShas(db), listNewestPushedShas(db), listMonitoredShas(db)]);
  const plan = planLiveProduction(repos, { promoted, pushed, monitored });
  for (const { repo, reason } of plan.skipped) console.log(`driftcheck: schedule: skipping ${redact(repo)}: ${reason}.`);
  const jobs = plan.live.map((live) => scheduledCheckJob(live, scheduledTime));
  for (let start = 0; start < jobs.length; start += SEND_BATCH_MAX) {
    await queue.sendBatch(jobs.slice(start, start + SEND_BATCH_MAX).map((body) => ({ body })));
  }
  console.log(`driftcheck: schedule: ${jobs.length} production re-check${jobs.length === 1 ? "" : "s"} enqueued, ${plan.skipped.length} repositor${plan.skipped.length === 1 ? "y" : "ies"} skipped.`);
  return jobs.length;
}
