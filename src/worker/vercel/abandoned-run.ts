/**
 * A Vercel check run whose `deployment.checkrun.start` job gave up must not stay open: Vercel
 * holds the deployment (the driftcheck check blocks alias assignment) until the run concludes or
 * times out. Per DESIGN.md's outcomes table it is concluded "could not check" — `neutral` for a
 * preview, `failed` for production (the default `onError`) — saying that driftcheck gave up.
 *
 * What "its" check is decides how:
 *  - a check another job runs (another delivery's, or already started) concludes every run linked
 *    to it, including through its own dead-letter handling: left alone here;
 *  - a check this delivery created but never got queued: concluded "could not check" (its
 *    reporters conclude the linked run), as any check that gave up;
 *  - a check that already concluded: the run gets that outcome, not "could not check";
 *  - no check at all (the deployment could not even be resolved): the run alone is concluded.
 */
import { findCheckByDelivery, getCheck, getVercelCheckRun, type Db, type StoredCheck, type StoredError } from "../../adapters/d1/store.js";
import { onErrorFor } from "../check-job/check-options.js";
import type { Config } from "../config.js";
import { concludeCouldNotCheck, type ConsumerDeps, type ConsumerScope } from "../queue/consumer.js";
import type { VercelJob } from "../queue/jobs.js";
import { isFinal } from "../queue/resolve-check.js";
import { couldNotCheck } from "../reporting/conclusion.js";
import { completeVercelRun, storedConclusion } from "./check-run.js";
import { environmentOf } from "./deployment-target.js";

export function gaveUpOnRun(job: VercelJob): StoredError {
  return {
    kind: "internal",
    message: `gave up starting the check of Vercel deployment ${job.deploymentId} after repeated failures`,
    hint: "See the Worker's logs for the failures; re-run the check from the Vercel dashboard.",
  };
}

/** The dead-letter queue's handling of a `deployment.checkrun.start` job. */
export async function concludeAbandonedRun(
  job: VercelJob,
  error: StoredError,
  scope: ConsumerScope,
  deps: Pick<ConsumerDeps, "reportCouldNotCheck" | "checkReporters">,
  now: () => number,
): Promise<void> {
  if (job.event !== "deployment.checkrun.start" || job.checkRunId === null) return;
  const { db } = scope;
  const stored = await getVercelCheckRun(db, job.checkRunId);
  if (stored && stored.status !== "running") return; // concluded or canceled already
  // The run links its check; a failure between creating the check and linking the run leaves only the delivery id.
  const check = stored?.checkId ? await getCheck(db, stored.checkId) : await findCheckByDelivery(db, job.deliveryId);
  if (check && !isFinal(check)) {
    if (check.deliveryId !== job.deliveryId || check.attempts > 0) return; // its own job concludes the run
    await concludeCouldNotCheck(check, error, scope, deps, now);
    if ((await getVercelCheckRun(db, job.checkRunId))?.status === "completed") return; // through the check's reporters
  }
  const concluded = check ? await getCheck(db, check.id) : null;
  await concludeRunDirectly(scope.config, db, job, concluded, error, now);
}

/** Concludes the run itself: the check's stored outcome when it has one, else "could not check" with `error`. */
export async function concludeRunDirectly(
  config: Config,
  db: Db,
  job: VercelJob,
  check: StoredCheck | null,
  error: StoredError,
  now: () => number,
): Promise<void> {
  if (job.checkRunId === null) return;
  const stored = await getVercelCheckRun(db, job.checkRunId);
  const run = { id: job.checkRunId, deploymentId: job.deploymentId, teamId: stored?.teamId ?? job.teamId ?? config.vercel.teamId };
  const conclusion =
    check && isFinal(check)
      ? await storedConclusion(db, check, onErrorFor({}, check.environment))
      : { ...couldNotCheck(onErrorFor({}, check?.environment ?? environmentOf(job.target))), error };
  await completeVercelRun(config, db, run, check?.id ?? null, conclusion, now);
}
