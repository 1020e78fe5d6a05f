/**
 * The cron trigger (wrangler.jsonc `triggers`, DESIGN.md "Scheduled monitoring"): fans out one
 * production re-check per registered repository (fan-out.ts; the queue consumer runs them and the
 * monitor alerts) and prunes check history older than RETENTION_DAYS (prune.ts). The two steps
 * are independent: one failing does not stop the other; the invocation fails afterwards so the
 * platform records it.
 */
import { openDb } from "../../adapters/d1/store.js";
import { errorToJson } from "../../core/errors.js";
import { loadConfig } from "../config.js";
import "../env.js";
import { fanOutProductionChecks } from "./fan-out.js";
import { pruneHistory } from "./prune.js";

export async function runScheduled(scheduledTime: number, env: Env): Promise<void> {
  const config = loadConfig(env);
  const db = openDb(env.DB);
  if (config.monitoring.alertWebhookUrl === null) {
    console.log("driftcheck: schedule: ALERT_WEBHOOK_URL is not set: production re-checks are stored, no alerts are posted.");
  }
  const failed: string[] = [];
  const step = async (name: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      const message = errorToJson(error).message;
      console.error(`driftcheck: schedule: ${name} failed: ${message}`);
      failed.push(`${name}: ${message}`);
    }
  };
  await step("enqueueing production re-checks", () => fanOutProductionChecks(db, env.CHECKS, scheduledTime));
  await step("pruning check history", () => pruneHistory(db, scheduledTime, config.monitoring.retentionDays));
  if (failed.length > 0) throw new Error(`driftcheck: the scheduled run failed: ${failed.join("; ")}`);
}
