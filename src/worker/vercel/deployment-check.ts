/**
 * Which check a Vercel check run waits for. Checks are one per (repo, sha, environment): a run
 * shares the key's newest run when that run was made for the commit — by GitHub's events or an
 * earlier Vercel check run — so redeploys of a commit check it once.
 *
 * The newest run of a live commit is often not such a run: every cron adds a scheduled re-check of
 * (repo, live sha, production), a promotion adds its audit, and the API adds on-demand checks
 * (possibly against another expected schema or Neon branch). Those say nothing about this
 * deployment; and a run that ended `error` (an outage) must not fail a later deployment of the
 * same commit without checking again. In those cases the deployment gets a run of its own, keyed by
 * its envelope id: a queue retry finds it again, and its creator enqueues it.
 */
import { createCheckRun, findLatestCheck, upsertCheck, type Db, type NewCheck, type StoredCheck } from "../../adapters/d1/store.js";
import { isAuditCheck } from "./production-audit.js";

/** Whether a Vercel check run may take this run's result (or wait for it) instead of checking itself. */
export function servesDeployments(check: StoredCheck): boolean {
  if (check.source === "schedule" || check.source === "api" || isAuditCheck(check)) return false;
  return check.outcome !== "error";
}

/** The check for a Vercel check run: the key's newest run when it serves deployments, else a new run for this delivery. */
export async function checkForDeployment(db: Db, input: NewCheck & { deliveryId: string }, now: number): Promise<StoredCheck> {
  const latest = await findLatestCheck(db, input);
  if (latest === null) return upsertCheck(db, input, now);
  return servesDeployments(latest) ? latest : createCheckRun(db, input, now);
}
