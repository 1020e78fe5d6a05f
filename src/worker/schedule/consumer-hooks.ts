/**
 * How scheduled checks reach the production monitor (monitor.ts) through the queue consumer's
 * seams, wired in the composition root (src/worker/index.ts):
 *  - `afterCheck`, once the check runner returned (the check is concluded and stored by then:
 *    pass, fail, or "could not check" for permanent failures). The consumer calls it outside the
 *    60 s check budget: the alert's POST (up to ALERT_TIMEOUT_MS) and the monitor's D1 reads are
 *    no part of the check, and a budget timeout during them would retry a concluded check. It is
 *    called again for a redelivered message of a concluded check; the monitor ignores a check it
 *    recorded already;
 *  - the could-not-check reporter, which the consumer calls after storing outcome `error` for a
 *    check that gave up (the dead-letter queue) or failed outside the runner. A scheduled check
 *    has no GitHub check run, so for it that report goes to the monitor instead.
 * Monitoring never fails the job: the result is stored already. Errors are logged; the next
 * cron's check repairs the monitor.
 */
import type { StoredCheck } from "../../adapters/d1/store.js";
import { errorToJson, redact } from "../../core/errors.js";
import type { AfterCheckHook, CouldNotCheckReporter } from "../queue/consumer.js";
import { recordScheduledConclusion, type MonitorScope } from "./monitor.js";

export const recordScheduledChecks: AfterCheckHook = async (check, scope) => {
  if (check.source === "schedule") await recordSafely(check, scope);
};

export function reportingScheduledChecksToMonitor(report: CouldNotCheckReporter): CouldNotCheckReporter {
  return async (check, error, context) => {
    if (check.source !== "schedule") return report(check, error, context);
    await recordSafely(check, context);
  };
}

async function recordSafely(check: Pick<StoredCheck, "id" | "repo">, scope: MonitorScope): Promise<void> {
  try {
    await recordScheduledConclusion(check.id, scope);
  } catch (error) {
    console.error(`driftcheck: schedule: updating the production monitor of ${redact(check.repo)} after check ${check.id} failed: ${errorToJson(error).message}`);
  }
}
