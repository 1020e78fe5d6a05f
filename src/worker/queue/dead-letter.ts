/**
 * The dead-letter queue's consumer: a check whose job exhausted its retries is concluded as
 * "could not check" (outcome `error`, never a silent pass), keeping the last failure it stored;
 * so is the Vercel check run of a `deployment.checkrun.start` job that gave up (abandoned-run.ts).
 * Other jobs are dropped with a log line.
 */
import type { StoredError } from "../../adapters/d1/store.js";
import { errorToJson } from "../../core/errors.js";
import "../env.js";
import { concludeAbandonedRun, gaveUpOnRun } from "../vercel/abandoned-run.js";
import { classifyFailure } from "./backoff.js";
import { concludeCouldNotCheck, type ConsumerDeps, type ConsumerScope } from "./consumer.js";
import type { Job } from "./jobs.js";
import { isFinal, resolveCheck } from "./resolve-check.js";

export async function consumeDeadLetters(
  batch: MessageBatch<Job>,
  scope: ConsumerScope,
  deps: Pick<ConsumerDeps, "reportCouldNotCheck" | "checkReporters" | "now">,
): Promise<void> {
  const now = deps.now ?? (() => Date.now());
  for (const message of batch.messages) {
    const job = message.body;
    try {
      if (job.type === "vercel" && job.event === "deployment.checkrun.start") {
        await concludeAbandonedRun(job, gaveUpOnRun(job), scope, deps, now);
        message.ack();
        continue;
      }
      if (job.type !== "check") {
        const what =
          job.type === "installation" ? `for installation ${job.installationId} (${job.action})`
          : job.type === "accept-drift" ? `on check run ${job.checkRunId} by @${job.login} (click "Accept drift" again)`
          : `${job.event} for deployment ${job.deploymentId}`;
        console.error(`driftcheck: dropping dead-lettered ${job.type} job ${what}`);
        message.ack();
        continue;
      }
      const check = await resolveCheck(scope.db, job, now());
      if (check !== null && !isFinal(check)) await concludeCouldNotCheck(check, gaveUp(check.error, check.attempts), scope, deps, now);
      message.ack();
    } catch (error) {
      // D1 or the Vercel API; the DLQ has its own (short) retry budget, wasted on a permanent failure.
      console.error(`driftcheck: dead-letter handling failed: ${errorToJson(error).message}`);
      if (classifyFailure(error) === "retry") message.retry();
      else message.ack();
    }
  }
}

function gaveUp(last: StoredError | null, attempts: number): StoredError {
  const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
  return {
    kind: last?.kind ?? "internal",
    message: `Could not check: gave up after ${tries}${last ? `. Last error: ${last.message}` : "."}`,
    hint: last?.hint ?? "Re-run the check; if it keeps failing, see the runbook (docs/runbook.md).",
    ...(last?.code ? { code: last.code } : {}),
  };
}
