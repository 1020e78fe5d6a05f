/**
 * Webhook ingest latency under load (issue 4, "Measure it"): N signed `pull_request` webhooks
 * with bounded concurrency against `POST /webhooks/github` on `wrangler dev --local` (verify the
 * signature, claim the delivery in one conditional D1 write, enqueue, 202; the `enqueued` mark
 * follows the answer), against a bare Hono route on the same server and isolate (`POST /bench/noop`:
 * reads the body, answers 202; added by the bench-only entry bench/edge/ingest-worker.ts). Same
 * bodies, same client, interleaved rounds so both see the same background (the queue consumer
 * running the enqueued checks). Reported as ratios to the bare route, without a target: local D1
 * is miniflare's SQLite simulator, so no local ratio says what production costs (issue 13).
 *
 *   tsx bench/webhook-ingest.ts [--requests 200] [--concurrency 8] [--rounds 4] [--out bench/RESULTS.md] [--no-write]
 *
 * 127.0.0.1 only; at most 2,000 requests per route and 5 minutes of sending; stops by itself.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startDevStack } from "../scripts/lib/dev-stack.js";
import { GIT_BRANCH, REPO } from "../scripts/start-state.js";
import { REPO_ROOT } from "../test/support/edge-stack.js";
import { upsertSection } from "./edge/results-section.js";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "200" },
    concurrency: { type: "string", default: "8" },
    rounds: { type: "string", default: "4" },
    out: { type: "string" },
    "no-write": { type: "boolean", default: false },
  },
});
const perRoute = clamp(Number(values.requests), 10, 2_000);
const concurrency = clamp(Number(values.concurrency), 1, 64);
const rounds = clamp(Number(values.rounds), 1, 20);
const outFile = values.out ?? join(REPO_ROOT, "bench", "RESULTS.md");
const SENDING_BUDGET_MS = 5 * 60_000;

interface Prepared {
  body: string;
  headers: Record<string, string>;
}

/** Measured routes: the webhook, the bare floor, and two references (one D1 write, one queue send; bench/edge/ingest-worker.ts). */
const ROUTES = ["webhook", "noop", "d1", "queue"] as const;
type Route = (typeof ROUTES)[number];
const PATHS: Record<Route, string> = { webhook: "/webhooks/github", noop: "/bench/noop", d1: "/bench/d1-write", queue: "/bench/queue-send" };
const LABELS: Record<Route, string> = {
  webhook: "`POST /webhooks/github` (verify, D1 claim, enqueue; marked enqueued after the answer)",
  noop: "`POST /bench/noop` (bare Hono route, reads the body)",
  d1: "`POST /bench/d1-write` (reference: bare route + one D1 insert)",
  queue: "`POST /bench/queue-send` (reference: bare route + one queue send)",
};

interface RouteStats {
  latencies: number[];
  errors: number;
}

async function main(): Promise<void> {
  const dev = await startDevStack({ label: "bench", entry: "bench/edge/ingest-worker.ts", logLevel: "warn" });
  const stats = Object.fromEntries(ROUTES.map((route): [Route, RouteStats] => [route, { latencies: [], errors: 0 }])) as Record<Route, RouteStats>;
  let wall = 0;
  try {
    const commit = dev.stack.addCommit(REPO, { branch: GIT_BRANCH });
    // Every delivery is distinct (its own X-GitHub-Delivery), so each takes the whole ingest path.
    const prepare = async (count: number) => Promise.all(Array.from({ length: count }, () => dev.webhook(commit.sha)));
    const send = async (path: string, batch: Prepared[], into: RouteStats | null) => {
      await runBounded(batch, concurrency, async ({ body, headers }) => {
        const started = performance.now();
        try {
          const response = await fetch(`${dev.workerUrl}${path}`, { method: "POST", headers, body });
          await response.arrayBuffer();
          const elapsed = performance.now() - started;
          if (!into) return;
          if (response.status === 202) into.latencies.push(elapsed);
          else into.errors += 1;
        } catch {
          if (into) into.errors += 1;
        }
      });
    };

    // Warm-up (not counted): both routes compiled and D1/queue paths exercised.
    for (const route of ROUTES) await send(PATHS[route], await prepare(20), null);

    const perRound = Math.ceil(perRoute / rounds);
    const startedAt = performance.now();
    for (let round = 0; round < rounds; round++) {
      if (performance.now() - startedAt > SENDING_BUDGET_MS) {
        process.stdout.write(`stopping after ${round} round(s): the ${SENDING_BUDGET_MS / 60_000}-minute budget is spent\n`);
        break;
      }
      // Rotate which route goes first so none always follows another's backlog.
      const order = ROUTES.map((_, i) => ROUTES[(i + round) % ROUTES.length]!);
      for (const route of order) await send(PATHS[route], await prepare(perRound), stats[route]);
      process.stdout.write(`round ${round + 1}/${rounds}: ${ROUTES.map((route) => `${stats[route].latencies.length} ${route}`).join(", ")}\n`);
    }
    wall = performance.now() - startedAt;
  } finally {
    await dev.close();
  }

  const summary = (route: RouteStats) => ({ n: route.latencies.length, errors: route.errors, median: percentile(route.latencies, 0.5), p95: percentile(route.latencies, 0.95), max: Math.max(...route.latencies) });
  const summaries = Object.fromEntries(ROUTES.map((route) => [route, summary(stats[route])])) as Record<Route, ReturnType<typeof summary>>;
  const { webhook, noop } = summaries;
  const ratioMedian = webhook.median / noop.median;
  const ratioP95 = webhook.p95 / noop.p95;
  const ms = (value: number) => value.toFixed(1);
  const times = (route: Route) => `${(summaries[route].median / noop.median).toFixed(2)}× / ${(summaries[route].p95 / noop.p95).toFixed(2)}×`;
  const table = [
    "| route | requests (202) | errors | median ms | p95 ms | max ms | ÷ bare route (median / p95) |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...ROUTES.map((route) => {
      const row = summaries[route];
      const ratio = route === "noop" ? "1×" : route === "webhook" ? `**${times(route)}**` : times(route);
      return `| ${LABELS[route]} | ${row.n} | ${row.errors} | ${ms(row.median)} | ${ms(row.p95)} | ${ms(row.max)} | ${ratio} |`;
    }),
  ].join("\n");
  const verdict = `Webhook ingest: ${ratioMedian.toFixed(2)}× the bare route's median, ${ratioP95.toFixed(2)}× its p95 (no target on local D1).`;
  process.stdout.write(`\n${table}\n\n${verdict}\n`);
  if (!values["no-write"]) {
    upsertSection(outFile, "Edge: webhook ingest latency", [
      `Measured ${new Date().toISOString().slice(0, 10)} by \`tsx bench/webhook-ingest.ts --requests ${perRoute} --concurrency ${concurrency} --rounds ${rounds}\`:`,
      "`wrangler dev --local` (local D1 and Queues) running the real Worker plus a bare Hono route in the",
      "same isolate (bench/edge/ingest-worker.ts); a Node client on the same machine sends distinct signed",
      "`pull_request` deliveries (the same bodies to every route), in interleaved rounds, with the queue consumer",
      `running the enqueued checks in the background. Latency is request sent → response body read. ${(wall / 1000).toFixed(1)} s of sending.`,
      "Local numbers: workerd's local D1 is miniflare's SQLite simulator on disk",
      "and the local queue is in-process, so this measures the ingest relative to the server's floor, not",
      "production latency. The two reference routes show what one D1 write and one queue send cost on their own.",
      "",
      table,
      "",
      verdict,
      "",
      `The ingest discipline of issue 13 (claim the delivery in one conditional D1 write, enqueue, answer;`,
      `mark it \`enqueued\` after the answer) is one D1 write and one queue send before the 202; in the same rounds one D1 write alone measured`,
      `${(summaries.d1.median / noop.median).toFixed(2)}× the bare route's median and one queue send ${(summaries.queue.median / noop.median).toFixed(2)}×.`,
    ].join("\n"));
    process.stdout.write(`\nwrote the section to ${outFile}\n`);
  }
  if (ROUTES.some((route) => summaries[route].errors > 0)) process.exitCode = 1;
}

async function runBounded<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.max(min, Math.min(max, Math.round(value))) : min;
}

await main();
