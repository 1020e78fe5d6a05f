/**
 * The check job for a check row — or for the fields of one the consumer creates (the cron's
 * re-checks). One place builds the message, so every sender names the same fields.
 */
import type { NewCheck } from "../../adapters/d1/store.js";
import type { CheckJob } from "./jobs.js";

/** What a job needs of its check: a stored row, or the key and source of one not created yet. */
export type CheckJobSubject = Pick<NewCheck, "source" | "repo" | "sha" | "ref" | "environment"> & Partial<NewCheck> & { id?: string };

/** `trigger` (and anything else that differs) in `overrides`; a row's id becomes the job's `checkId`. */
export function checkJobFor(check: CheckJobSubject, overrides: Pick<CheckJob, "trigger"> & Partial<CheckJob>): CheckJob {
  return {
    type: "check",
    source: check.source,
    repo: check.repo,
    sha: check.sha,
    ref: check.ref,
    pr: check.pr ?? null,
    environment: check.environment,
    neonBranch: check.neonBranch ?? null,
    installationId: check.installationId ?? null,
    deliveryId: check.deliveryId ?? null,
    checkId: check.id ?? null,
    expectedKey: check.expectedKey ?? null,
    ...overrides,
  };
}
