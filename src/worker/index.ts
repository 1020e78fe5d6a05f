/**
 * The Worker's entry (composition root): HTTP through the Hono app, both queues through one
 * handler, and the cron trigger. Everything is built from the injected env per invocation;
 * nothing reads configuration at module scope.
 */
import { createApp } from "./app.js";
import "./env.js";
import { createQueueHandler } from "./queue/handler.js";
import type { Job } from "./queue/jobs.js";
import { runCheckJob } from "./check-job/run-check-job.js";
import { createCouldNotCheckReporter } from "./reporting/could-not-check.js";
import { vercelCheckRunReporter } from "./vercel/check-run.js";
import { runVercelJob } from "./vercel/run-vercel-job.js";

const app = createApp();
const queue = createQueueHandler({ runCheckJob, reportCouldNotCheck: createCouldNotCheckReporter(), runVercelJob, checkReporters: [vercelCheckRunReporter] });

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  queue: (batch, env) => queue(batch, env),
  // The scheduled production re-check (DESIGN.md) is not built yet; the trigger is declared in
  // wrangler.toml so deployments already carry it.
  scheduled: async () => {},
} satisfies ExportedHandler<Env, Job>;

export type { Job } from "./queue/jobs.js";
