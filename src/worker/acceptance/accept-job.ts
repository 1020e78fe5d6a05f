/**
 * "Accept drift" (issue 5): someone clicked the button on a failing `schema-drift` check run.
 *  1. the check behind the run is found (its id is the run's external_id; else by run id);
 *  2. only a check that failed because of findings can be accepted — anything else is logged and
 *     left alone (a stale button, a click on a run that was re-run meanwhile…);
 *  3. who accepted which findings (by fingerprint) for which commit is recorded in D1, once per
 *     (repo, sha, environment, fingerprint): a second click or a redelivery keeps the first;
 *  4. the run is re-concluded `success`: "Drift accepted by @login" and the accepted findings
 *     above the stored findings' table and fix SQL, its button removed; the check's failed
 *     Vercel check runs are re-concluded `succeeded`.
 * The D1 check keeps its outcome `fail`: that is what the database showed.
 */
import {
  getCheck,
  listFindings,
  recordAcceptance,
  vercelCheckRunsOfCheck,
  findCheckByGitHubCheckRun,
  type Db,
  type StoredAcceptance,
  type StoredCheck,
} from "../../adapters/d1/store.js";
import { redact } from "../../core/errors.js";
import type { Finding } from "../../core/findings.js";
import { MARKDOWN_LIMIT, renderStoredFindings } from "../../core/report/markdown.js";
import { onErrorFor } from "../check-job/check-options.js";
import { githubClientFor, installationFor, repoRefOf } from "../check-job/github-access.js";
import type { AcceptDriftJobRunner } from "../queue/consumer.js";
import type { AcceptDriftJob } from "../queue/jobs.js";
import { completeCheckRun, detailsUrl } from "../reporting/check-run.js";
import { completeVercelRun, storedConclusion } from "../vercel/check-run.js";
import { findingKeys, findingsFingerprint } from "./fingerprint.js";
import { acceptancePreface } from "./note.js";

export const runAcceptDriftJob: AcceptDriftJobRunner = async (job, context) => {
  const { config, db, now } = context;
  const check = await checkOfRun(db, job);
  const where = `"Accept drift" by @${job.login} on check run ${job.checkRunId} of ${job.repo}`;
  if (!check) {
    console.warn(redact(`driftcheck: ${where}: no driftcheck check has this run; nothing accepted.`));
    return;
  }
  if (check.status !== "completed" || check.outcome !== "fail") {
    console.warn(redact(`driftcheck: ${where}: check ${check.id} is ${check.status}${check.outcome ? ` (${check.outcome})` : ""}, not failing on drift; nothing accepted.`));
    return;
  }
  const findings = await listFindings(db, check.id);
  if (findings.length === 0) {
    console.warn(redact(`driftcheck: ${where}: check ${check.id} has no findings; nothing accepted.`));
    return;
  }

  const acceptedAt = now();
  const acceptance = await recordAcceptance(
    db,
    {
      repo: check.repo,
      sha: check.sha,
      environment: check.environment,
      fingerprint: await findingsFingerprint(findings),
      findingKeys: findingKeys(findings),
      checkId: check.id,
      acceptedBy: job.login,
    },
    acceptedAt,
  );
  const already = acceptance.acceptedAt === acceptedAt ? "" : "already ";
  console.log(redact(`driftcheck: ${where}: ${acceptance.findingKeys.length} finding(s) of check ${check.id} ${already}accepted by @${acceptance.acceptedBy}.`));

  // The stored conclusion now reads the acceptance: `success`, titled "drift accepted by @login (…)".
  const conclusion = await storedConclusion(db, check, onErrorFor({}, check.environment));
  const installationId = await installationFor(db, check.repo, job.installationId, check.installationId);
  const target = { client: githubClientFor(config, installationId), repo: repoRefOf(check.repo), check, config };
  // No actions: the button goes away.
  await completeCheckRun(target, job.checkRunId, { conclusion: conclusion.conclusion, title: conclusion.title, summary: acceptedSummary(acceptance, findings, detailsUrl(config, check.id)) }, now);

  for (const run of await vercelCheckRunsOfCheck(db, check.id)) {
    if (run.status === "completed" && run.conclusion === "failed") await completeVercelRun(config, db, run, check.id, conclusion, now);
  }
};

/**
 * The note above the report the run showed, rebuilt from the stored findings (the table and fix
 * SQL stay on the run; the rest of the report is on the dashboard), within GitHub's limit.
 */
function acceptedSummary(acceptance: StoredAcceptance, findings: readonly Finding[], url: string): string {
  const preface = acceptancePreface(acceptance, url);
  const link = `\n[Details on the dashboard](${url})\n`;
  return `${preface}${renderStoredFindings(findings, MARKDOWN_LIMIT - preface.length - link.length)}${link}`;
}

/** The check behind the run: by the external_id driftcheck gave it, checked against the run id; else by the run id. */
async function checkOfRun(db: Db, job: AcceptDriftJob): Promise<StoredCheck | null> {
  if (job.checkId !== null) {
    const check = await getCheck(db, job.checkId);
    if (check && check.repo === job.repo && check.githubCheckRunId === job.checkRunId) return check;
  }
  return findCheckByGitHubCheckRun(db, job.repo, job.checkRunId);
}
