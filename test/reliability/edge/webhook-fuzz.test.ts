/**
 * The reliability suite, webhooks (issue 13): 2,400 generated deliveries (test/reliability/edge/
 * webhook-cases.ts) — malformed, mutated, re-signed, forged, oversized, deeply nested — against the
 * real Worker in workerd with real D1 and Queues. Whatever arrives: never a 5xx, a forged signature
 * is always 401, and nothing answered 4xx leaves a row in D1 (deliveries, checks). The counts by
 * status and by kind are printed. bench/reliability.ts runs the same generator longer.
 * The door is what is tested: accepted jobs go to a queue binding that keeps them (checked to be
 * well-formed jobs) instead of a consumer checking hundreds of made-up repositories.
 */
import { env } from "cloudflare:workers";
import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checks, deliveries } from "../../../src/adapters/d1/schema.js";
import { createApp } from "../../../src/worker/app.js";
import type { Job } from "../../../src/worker/index.js";
import { BASE, db } from "../../workers/helpers.js";
import { generateWebhookCases, invalidIdentifierCases, oversizedCases, type WebhookCase } from "./webhook-cases.js";

/** 2,400 in CI; the long mode (bench/reliability.ts) sends ten times as many. */
const CASES = env.RELIABILITY_LONG ? 24_000 : 2_400;
const CONCURRENCY = 24;
const SEED = 1313;

interface Outcome {
  webhook: WebhookCase;
  status: number;
  ms: number;
  ignored: boolean;
}

const queued: Job[] = [];
const keepingQueue = {
  async send(job: Job) {
    queued.push(job);
  },
  async sendBatch() {
    throw new Error("the webhook routes send one job at a time");
  },
} as unknown as Queue;

async function send(cases: WebhookCase[]): Promise<Outcome[]> {
  const app = createApp();
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const webhook = cases[next++]!;
      const started = Date.now();
      const response = await app.request(`${BASE}${webhook.route}`, { method: "POST", headers: webhook.headers, body: webhook.body }, { ...env, CHECKS: keepingQueue });
      const text = await response.text();
      outcomes.push({ webhook, status: response.status, ms: Date.now() - started, ignored: text.includes('"status":"ignored"') });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return outcomes;
}

/** Delivery and check rows carrying any of these delivery ids. */
async function rowsFor(ids: string[]): Promise<{ deliveries: string[]; checks: string[] }> {
  const found = { deliveries: [] as string[], checks: [] as string[] };
  // D1 limits bound parameters per statement: ask in slices.
  for (let at = 0; at < ids.length; at += 50) {
    const slice = ids.slice(at, at + 50);
    found.deliveries.push(...(await db().select({ id: deliveries.id }).from(deliveries).where(inArray(deliveries.id, slice))).map((row) => row.id));
    found.checks.push(...(await db().select({ id: checks.deliveryId }).from(checks).where(inArray(checks.deliveryId, slice))).map((row) => row.id ?? ""));
  }
  return found;
}

/** 202 answers that were "ignored" (not enqueued) are not in the queue. */
function ignoredCount(outcomes: Outcome[]): number {
  return outcomes.filter((o) => o.status === 202 && o.ignored).length;
}

function tally(outcomes: Outcome[]): { byStatus: Record<string, number>; byKind: Record<string, Record<string, number>> } {
  const byStatus: Record<string, number> = {};
  const byKind: Record<string, Record<string, number>> = {};
  for (const { webhook, status } of outcomes) {
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const kind = (byKind[webhook.kind] ??= {});
    kind[status] = (kind[status] ?? 0) + 1;
  }
  return { byStatus, byKind };
}

describe("generated webhooks against the Worker", () => {
  it(`${CASES} malformed, mutated and re-signed deliveries: no 5xx, forgeries 401, nothing stored from a rejected one`, async () => {
    const cases = await generateWebhookCases(CASES, {
      seed: SEED,
      secrets: { github: env.GITHUB_WEBHOOK_SECRETS.split(",")[0]!.trim(), vercel: env.VERCEL_WEBHOOK_SECRETS.split(",")[0]!.trim(), foreign: "a-secret-this-worker-never-had" },
      repoPrefix: `acme/fuzz-${crypto.randomUUID().slice(0, 6)}`,
    });
    cases.push(...(await oversizedCases(env.GITHUB_WEBHOOK_SECRETS.split(",")[0]!.trim(), 4)));
    const started = Date.now();
    const outcomes = await send(cases);
    console.log(`sent in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const { byStatus, byKind } = tally(outcomes);
    console.log(`webhook fuzz: ${outcomes.length} deliveries, by status ${JSON.stringify(byStatus)}`);
    for (const [kind, statuses] of Object.entries(byKind).sort()) console.log(`  ${kind}: ${JSON.stringify(statuses)}`);
    console.log(`  slowest answer: ${Math.max(...outcomes.map((o) => o.ms))} ms`);

    expect(outcomes).toHaveLength(cases.length);
    expect(outcomes.filter((o) => o.webhook.kind.includes("oversized")).map((o) => o.status)).toEqual([413, 413, 413, 413]);
    const serverErrors = outcomes.filter((o) => o.status >= 500).map((o) => `${o.status} ${o.webhook.kind}`);
    expect(serverErrors, "5xx answers").toEqual([]);
    const forgedAccepted = outcomes.filter((o) => o.webhook.forged && o.status !== 401).map((o) => `${o.status} ${o.webhook.kind}`);
    expect(forgedAccepted, "forged signatures not answered 401").toEqual([]);
    // The mix really exercises both sides: plenty rejected, plenty accepted.
    expect(byStatus[202] ?? 0).toBeGreaterThan(100);
    expect(Object.entries(byStatus).filter(([status]) => Number(status) >= 400).reduce((sum, [, n]) => sum + n, 0)).toBeGreaterThan(CASES / 3);

    // One job per 202 "enqueued", each serialisable as Queues require.
    expect(queued).toHaveLength(outcomes.filter((o) => o.status === 202).length - ignoredCount(outcomes));
    expect(() => structuredClone(queued)).not.toThrow();

    const rejected = outcomes.filter((o) => o.status >= 400 && o.webhook.deliveryId).map((o) => o.webhook.deliveryId!);
    // A rejected case may share its id with nothing else (ids are generated per case), so any row is from rejected input.
    const accepted = new Set(outcomes.filter((o) => o.status < 400).map((o) => o.webhook.deliveryId));
    const stored = await rowsFor(rejected.filter((id) => !accepted.has(id)));
    expect(stored, "rows stored from rejected deliveries").toEqual({ deliveries: [], checks: [] });
  }, 600_000);
});

// Depends on issue 13 item 9 (identifier validation at the door, fixed on another branch):
// invalid repository names and delivery ids must be refused with 400 and stored nowhere.
describe("identifiers GitHub never sends (issue 13 item 9)", () => {
  it("are answered 400 and stored nowhere", async () => {
    const cases = await invalidIdentifierCases(env.GITHUB_WEBHOOK_SECRETS.split(",")[0]!.trim());
    const outcomes = await send(cases);
    expect(outcomes.map((o) => `${o.webhook.kind}: ${o.status}`).sort()).toEqual(cases.map((c) => `${c.kind}: 400`).sort());
    expect(await rowsFor(cases.map((c) => c.deliveryId!).filter((id) => id.length < 1_000))).toEqual({ deliveries: [], checks: [] });
  });
});
