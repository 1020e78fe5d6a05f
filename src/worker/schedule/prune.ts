/**
 * Check history retention: checks older than RETENTION_DAYS (default 90) are deleted with their
 * findings, and so are webhook deliveries of that age (their only use is de-duplicating
 * redeliveries, which come within hours). Running and queued checks, each production monitor's
 * last check, and checks holding accepted drift of a commit still live in production are kept
 * whatever their age (src/adapters/d1/retention.ts). The cutoff counts from the cron's scheduled
 * time, not from when the invocation happens to start.
 */
import { pruneChecksBefore, pruneDeliveriesBefore, type Db } from "../../adapters/d1/store.js";

const DAY_MS = 86_400_000;

export interface PruneReport {
  cutoff: number;
  checks: number;
  deliveries: number;
}

export async function pruneHistory(db: Db, scheduledTime: number, retentionDays: number): Promise<PruneReport> {
  const cutoff = scheduledTime - retentionDays * DAY_MS;
  const checks = await pruneChecksBefore(db, cutoff);
  const deliveries = await pruneDeliveriesBefore(db, cutoff);
  console.log(`driftcheck: schedule: pruned ${checks} check${checks === 1 ? "" : "s"} and ${deliveries} deliver${deliveries === 1 ? "y" : "ies"} older than ${retentionDays} days.`);
  return { cutoff, checks, deliveries };
}
