/**
 * Vercel check runs of a driftcheck check: `running` when the check starts, `completed` with the
 * conclusion of DESIGN.md's outcomes table (Vercel column), `conclusionText`, `externalId` (the
 * check id) and `externalUrl` (its dashboard page). The reporter concludes every open run linked
 * to a check, whichever job (GitHub's or Vercel's) ran it.
 */
import { listFindings, openVercelCheckRuns, setVercelCheckRunStatus, type Db, type StoredCheck, type StoredVercelCheckRun } from "../../adapters/d1/store.js";
import type { VercelCheckRunConclusion } from "../../adapters/vercel/index.js";
import type { CheckRunConclusion } from "../../adapters/github/index.js";
import { displayObject } from "../../core/report/describe.js";
import { acceptanceOf } from "../acceptance/conclude.js";
import { acceptedTitle } from "../acceptance/note.js";
import type { OnError } from "../check-job/check-options.js";
import type { Config } from "../config.js";
import type { CheckReporter } from "../queue/consumer.js";
import { detailsUrl } from "../reporting/check-run.js";
import { couldNotCheck, type GitHubConclusion } from "../reporting/conclusion.js";
import { vercelClientFor } from "./client-for.js";

/** Vercel does not document a limit; the text is a one-line title, kept short. */
const MAX_CONCLUSION_TEXT = 200;

/** GitHub column → Vercel column: success → succeeded, failure → failed, neutral → neutral. */
export function vercelConclusionOf(conclusion: CheckRunConclusion): VercelCheckRunConclusion {
  if (conclusion === "success") return "succeeded";
  if (conclusion === "neutral") return "neutral";
  if (conclusion === "cancelled") return "canceled";
  if (conclusion === "skipped") return "skipped";
  if (conclusion === "timed_out") return "timeout";
  return "failed";
}

export async function markVercelRunRunning(config: Config, run: Pick<StoredVercelCheckRun, "id" | "deploymentId" | "teamId">, checkId: string): Promise<void> {
  await vercelClientFor(config).updateCheckRun(run.deploymentId, run.id, { status: "running", externalId: checkId, externalUrl: detailsUrl(config, checkId) }, run.teamId);
}

export async function completeVercelRun(
  config: Config,
  db: Db,
  run: Pick<StoredVercelCheckRun, "id" | "deploymentId" | "teamId">,
  /** Null when no check was ever made for the run (nothing to link to). */
  checkId: string | null,
  conclusion: GitHubConclusion & { error?: { message: string } },
  now: () => number,
): Promise<void> {
  const vercel = vercelConclusionOf(conclusion.conclusion);
  const text = conclusion.error ? `${conclusion.title}: ${conclusion.error.message}` : conclusion.title;
  await vercelClientFor(config).updateCheckRun(
    run.deploymentId,
    run.id,
    {
      status: "completed",
      conclusion: vercel,
      conclusionText: `driftcheck: ${text}`.slice(0, MAX_CONCLUSION_TEXT),
      ...(checkId === null ? {} : { externalId: checkId, externalUrl: detailsUrl(config, checkId) }),
      completedAt: now(),
    },
    run.teamId,
  );
  await setVercelCheckRunStatus(db, run.id, "completed", vercel, now());
}

/** The reporter hook plugged into the check job: concludes the check's open Vercel runs. */
export const vercelCheckRunReporter: CheckReporter = async (check, conclusion, { config, db, now }) => {
  for (const run of await openVercelCheckRuns(db, check.id)) await completeVercelRun(config, db, run, check.id, conclusion, now);
};

/** A check that concluded before this Vercel run started: its stored outcome (and acceptance), as the run's conclusion. */
export async function storedConclusion(db: Db, check: StoredCheck, onError: OnError): Promise<GitHubConclusion & { error?: { message: string } }> {
  if (check.status === "canceled") return { conclusion: "cancelled", title: "canceled" };
  if (check.outcome === "pass") return { conclusion: "success", title: "no blocking drift" };
  if (check.outcome === "fail") {
    const findings = await listFindings(db, check.id);
    const errors = findings.filter((finding) => finding.severity === "error");
    const first = errors.find((finding) => finding.kind !== "migration") ?? errors[0] ?? findings[0];
    const more = findings.length - 1;
    const title = first ? `${first.code} ${displayObject(first)}${more > 0 ? ` and ${more} more` : ""}` : "schema drift";
    // Drift someone accepted for this commit passes, as the GitHub run does (src/worker/acceptance/).
    const accepted = await acceptanceOf(db, check, findings);
    return accepted ? { conclusion: "success", title: acceptedTitle(accepted, title) } : { conclusion: "failure", title };
  }
  return { ...couldNotCheck(onError), ...(check.error ? { error: check.error } : {}) };
}
