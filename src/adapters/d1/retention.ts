/**
 * Check history retention (issue 5): the cron deletes finished checks older than the cutoff, and
 * old webhook deliveries. A check's findings, Vercel check runs and accepted drift go with it
 * (ON DELETE CASCADE: D1 enforces foreign keys, test/workers/scheduled-prune.test.ts proves it);
 * deployments keep their row with the link cleared (SET NULL).
 *
 * Kept whatever their age: checks still queued or running (a job may still conclude them), the
 * last check of every production monitor (what the monitor's state refers to), and the check an
 * acceptance of drift hangs on (accepted_drift.check_id cascades) while that acceptance's commit
 * is still live in production — a production monitor's sha or a Vercel promotion's. Deleting it
 * would delete the acceptance, and the cron would alert the drift someone accepted. Once another
 * commit is live, the acceptance goes with its check like any other history.
 *
 * Every statement binds a handful of parameters (the sets are subqueries), far under D1's 100.
 */
import { and, eq, exists, inArray, isNotNull, lt, notInArray, or, sql } from "drizzle-orm";
import type { Db } from "./db.js";
import { acceptedDrift, checks, deliveries, productionMonitors, vercelProduction } from "./schema.js";

export interface PruneLimits {
  /** Checks deleted per statement (each takes its findings with it). */
  batchSize: number;
  /** Statements per call: bounds one cron's work; whatever is left goes on the next cron. */
  maxBatches: number;
}

export const DEFAULT_PRUNE_LIMITS: PruneLimits = { batchSize: 200, maxBatches: 20 };

/** Deletes finished checks created before `cutoff` (ms); returns how many. */
export async function pruneChecksBefore(db: Db, cutoff: number, limits: PruneLimits = DEFAULT_PRUNE_LIMITS): Promise<number> {
  const monitored = db.select({ id: productionMonitors.lastCheckId }).from(productionMonitors).where(isNotNull(productionMonitors.lastCheckId));
  const acceptedLive = acceptedDriftOfLiveCommits(db);
  let deleted = 0;
  for (let batch = 0; batch < limits.maxBatches; batch++) {
    const doomed = db
      .select({ id: checks.id })
      .from(checks)
      .where(and(lt(checks.createdAt, cutoff), inArray(checks.status, ["completed", "canceled"]), notInArray(checks.id, monitored), notInArray(checks.id, acceptedLive)))
      .limit(limits.batchSize);
    const rows = await db.delete(checks).where(inArray(checks.id, doomed)).returning({ id: checks.id });
    deleted += rows.length;
    if (rows.length < limits.batchSize) break;
  }
  return deleted;
}

/**
 * Checks holding an acceptance of production drift for a commit live in production. Only
 * production acceptances: the monitor re-checks production, and it is what alerts. Vercel may
 * report a sha in another case than the checks store it (lower case, resolve-check.ts).
 */
function acceptedDriftOfLiveCommits(db: Db) {
  const monitoredSha = db
    .select({ one: sql`1` })
    .from(productionMonitors)
    .where(and(eq(productionMonitors.repo, acceptedDrift.repo), eq(productionMonitors.sha, acceptedDrift.sha)));
  const promotedSha = db
    .select({ one: sql`1` })
    .from(vercelProduction)
    .where(and(eq(vercelProduction.repo, acceptedDrift.repo), eq(sql`lower(${vercelProduction.sha})`, acceptedDrift.sha)));
  return db
    .select({ id: acceptedDrift.checkId })
    .from(acceptedDrift)
    .where(and(eq(acceptedDrift.environment, "production"), or(exists(monitoredSha), exists(promotedSha))));
}

/** Deletes webhook deliveries received before `cutoff` (ms); returns how many. */
export async function pruneDeliveriesBefore(db: Db, cutoff: number): Promise<number> {
  const result = await db.delete(deliveries).where(lt(deliveries.receivedAt, cutoff)).run();
  return result.meta.changes;
}
