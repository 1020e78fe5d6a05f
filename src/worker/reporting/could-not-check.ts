/**
 * Reports a check that could not run — from the queue consumer (a permanent failure before the
 * job could report itself) and from the dead-letter queue (retries exhausted): the `schema-drift`
 * run is concluded per DESIGN.md's outcomes table ("could not check", `failure` for production,
 * `neutral` for previews unless driftcheck.json said otherwise), with the stored, redacted error.
 */
import { findInstallationForRepo, type StoredCheck, type StoredError } from "../../adapters/d1/store.js";
import { inertText } from "../../core/report/markdown-inline.js";
import { githubClientFor, repoRefOf } from "../check-job/github-access.js";
import { onErrorFor, type OnError } from "../check-job/check-options.js";
import type { CouldNotCheckReporter } from "../queue/consumer.js";
import { completeCheckRun, startCheckRun } from "./check-run.js";
import { couldNotCheck } from "./conclusion.js";

export function couldNotCheckSummary(error: StoredError): string {
  const lines = ["### ⚠️ driftcheck: could not check", "", inertText(error.message)];
  if (error.hint) lines.push("", `**Hint:** ${inertText(error.hint)}`);
  lines.push("", "This is not a pass: the database branch was not compared with the code. See the runbook (docs/runbook.md).");
  return `${lines.join("\n")}\n`;
}

export function createCouldNotCheckReporter(onError: (check: StoredCheck) => OnError = (check) => onErrorFor({}, check.environment)): CouldNotCheckReporter {
  return async (check, error, { config, db, now }) => {
    if (check.source === "api" && check.githubCheckRunId === null) return;
    const installationId = check.installationId ?? (await findInstallationForRepo(db, check.repo));
    if (installationId === null) {
      console.warn(`driftcheck: check ${check.id} could not run and ${check.repo} has no GitHub App installation to report it to.`);
      return;
    }
    const target = { client: githubClientFor(config, installationId), repo: repoRefOf(check.repo), check, config };
    const runId = check.githubCheckRunId ?? (await startCheckRun(target, db, now));
    await completeCheckRun(target, runId, { ...couldNotCheck(onError(check)), summary: couldNotCheckSummary(error) }, now);
  };
}
