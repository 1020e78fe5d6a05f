/**
 * Which check a Vercel check run waits for. Checks are one per (repo, sha, environment): a run
 * shares the key's newest event run — made for the commit by GitHub's events or an earlier Vercel
 * check run, the same rule GitHub's event jobs follow (queue/event-run.ts) — so redeploys of a
 * commit check it once.
 *
 * The cron's re-checks of a live commit, a promotion's audit and the API's on-demand checks
 * (possibly against another expected schema or Neon branch) say nothing about this deployment and
 * are never taken. Nor is an event run that cannot answer for it: one that ended `error` (an
 * outage must not fail a later deployment of the same commit without checking again) or was
 * canceled (it never concluded: a "Redeploy" after a canceled deployment must be checked). Then the
 * deployment gets a run of its own, keyed by its envelope id: a queue retry finds it again, and
 * its creator enqueues it.
 */
import type { Db, NewCheck, StoredCheck } from "../../adapters/d1/store.js";
import { eventRunFor, isEventRun, notCanceled } from "../queue/event-run.js";

/** Whether a Vercel check run may take this run's result (or wait for it) instead of checking itself. */
export function servesDeployments(check: StoredCheck): boolean {
  return isEventRun(check) && notCanceled(check) && check.outcome !== "error";
}

/** The check for a Vercel check run: its delivery's, the key's newest event run when it serves deployments, else a new run. */
export function checkForDeployment(db: Db, input: NewCheck & { deliveryId: string }, now: number): Promise<StoredCheck> {
  return eventRunFor(db, input, now, servesDeployments);
}
