/**
 * The Worker's entry (composition root): HTTP through the Hono app, both queues through one
 * handler, and the cron trigger. Everything is built from the injected env per invocation;
 * nothing reads configuration at module scope.
 */
import { createApp } from "./app.js";
import "./env.js";
import { createQueueHandler } from "./queue/handler.js";
import type { Job } from "./queue/jobs.js";
import { runAcceptDriftJob } from "./acceptance/accept-job.js";
import { runCheckJob } from "./check-job/run-check-job.js";
import { createCouldNotCheckReporter } from "./reporting/could-not-check.js";
import { vercelCheckRunReporter } from "./vercel/check-run.js";
import { runVercelJob } from "./vercel/run-vercel-job.js";
import { recordScheduledChecks, reportingScheduledChecksToMonitor } from "./schedule/consumer-hooks.js";
import { runScheduled } from "./schedule/cron.js";

const app = createApp();
const queue = createQueueHandler({
  runCheckJob,
  // Scheduled checks report to the production monitor (src/worker/schedule/), not to GitHub;
  // after the check's budget, so the alert's POST cannot time a concluded check out.
  afterCheck: recordScheduledChecks,
  reportCouldNotCheck: reportingScheduledChecksToMonitor(createCouldNotCheckReporter()),
  runVercelJob,
  runAcceptDriftJob,
  checkReporters: [vercelCheckRunReporter],
});

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  queue: (batch, env) => queue(batch, env),
  // wrangler.jsonc's cron: production re-checks and alerts, and history pruning (src/worker/schedule/).
  scheduled: (controller, env) => runScheduled(controller.scheduledTime, env),
} satisfies ExportedHandler<Env, Job>;

export type { Job } from "./queue/jobs.js";
