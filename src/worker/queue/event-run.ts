/**
 * Which run of (repo, sha, environment) an event works on: a GitHub event job (push, pull
 * request, check suite) or a Vercel deployment check run. Runs of one key come in two kinds:
 *  - event runs, made for the commit's events: GitHub's (a "Re-run" adds one) and those of
 *    Vercel's check runs. Events share the newest of them, so a commit's events check it once;
 *  - runs that answer no event: the cron's re-checks (source `schedule`), a promotion's audit
 *    (source `vercel`, delivery `audit:<envelope id>`, production-audit.ts) and on-demand API
 *    checks (source `api`; their jobs name their row, so they never come here). Taking one would
 *    leave the event's own run open forever, or conclude the cron's run with the event's failure.
 * An event's own run (the one its delivery created) always comes first, so a queue retry or the
 * dead-letter queue finds the run the first attempt worked on even when a newer event run exists.
 */
import { createCheckRun, findCheckByDelivery, insertFirstRun, listChecksOfKey, type CheckKey, type Db, type NewCheck, type StoredCheck } from "../../adapters/d1/store.js";

const AUDIT_DELIVERY_PREFIX = "audit:";

/** The audit's delivery id: the promotion's envelope id, marked as an audit's. */
export function auditDeliveryId(envelopeId: string): string {
  return `${AUDIT_DELIVERY_PREFIX}${envelopeId}`;
}

/** Whether a check row is the audit of a promotion (not a check a deployment asked for). */
export function isAuditCheck(check: Pick<StoredCheck, "source" | "deliveryId">): boolean {
  return check.source === "vercel" && check.deliveryId?.startsWith(AUDIT_DELIVERY_PREFIX) === true;
}

/** Whether a run was made for the commit's events (GitHub's, or a Vercel check run's), not by the cron, an audit or the API. */
export function isEventRun(check: Pick<StoredCheck, "source" | "deliveryId">): boolean {
  return check.source === "github" || (check.source === "vercel" && !isAuditCheck(check));
}

/** A canceled run never concluded and its jobs stopped: another event does not wait for it. */
export function notCanceled(check: StoredCheck): boolean {
  return check.status !== "canceled";
}

/** The key's newest event run, or null. */
export async function findLatestEventRun(db: Db, key: CheckKey): Promise<StoredCheck | null> {
  return (await listChecksOfKey(db, key, ["github", "vercel"])).find(isEventRun) ?? null;
}

/**
 * The run an event works on: the one its delivery created; else the key's newest event run when
 * `mayShare` it; else a new run — run 1 when the key has none (two events of a commit arriving at
 * once share it), otherwise the next run, keyed by the delivery so that a retry finds it again.
 */
export async function eventRunFor(db: Db, input: NewCheck, now: number, mayShare: (run: StoredCheck) => boolean = notCanceled): Promise<StoredCheck> {
  if (input.deliveryId !== null) {
    const own = await findCheckByDelivery(db, input.deliveryId);
    if (own) return own;
  }
  const latest = await findLatestEventRun(db, input);
  if (latest !== null) return mayShare(latest) ? latest : createCheckRun(db, input, now);
  const first = await insertFirstRun(db, input, now);
  if (first) return first;
  // Run 1 was taken: by another event of the commit just now (share it), or by the cron or an audit.
  const raced = await findLatestEventRun(db, input);
  return raced !== null && mayShare(raced) ? raced : createCheckRun(db, input, now);
}
