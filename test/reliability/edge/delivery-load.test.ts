/**
 * The reliability suite, delivery under load (issue 13): 1,000 signed deliveries — 700 unique,
 * 300 duplicates of them — shuffled and sent 50 at a time through the real app and D1, with the
 * queue binding wrapped to count what is enqueued. Exactly one enqueue per unique delivery; a
 * duplicate is answered 200 (already enqueued) or 409 (being enqueued), never 202, never 5xx.
 * A sample of the unique deliveries (CONSUMED; all of them in bench/reliability.ts) is passed on
 * to the real queue, whose consumer must record exactly one D1 check for each.
 * Then a pull request whose deliveries arrive reordered and duplicated: no stale comment.
 */
import { env } from "cloudflare:workers";
import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checks } from "../../../src/adapters/d1/schema.js";
import { findLatestCheck } from "../../../src/adapters/d1/store.js";
import { signGitHubPayload } from "../../../src/adapters/github/signature.js";
import { createApp } from "../../../src/worker/app.js";
import type { Job } from "../../../src/worker/index.js";
import { BASE, db, pullRequestPayload, pushPayload, randomSha, sendWebhook, waitFor, webhookSecret } from "../../workers/helpers.js";
import { addBranch, checkRunFor, commit, control, standIns, uniqueRepo } from "../../workers/e2e-support.js";
import { prng } from "./webhook-cases.js";

const UNIQUE = 700;
const DUPLICATES = 300;
const CONCURRENCY = 50;
/** Unique deliveries whose jobs the real consumer runs (each is a check against the stand-ins; all 700 take minutes). */
const CONSUMED = env.RELIABILITY_LONG ? UNIQUE : 100;

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

async function bounded<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
}

describe("1,000 deliveries, 30% duplicates, reordered, 50 at a time", () => {
  it("enqueue each unique delivery exactly once and check it exactly once", async () => {
    const random = prng(4242);
    const repo = `acme/load-${crypto.randomUUID().slice(0, 8)}`;
    const secret = webhookSecret();
    const unique = await Promise.all(
      Array.from({ length: UNIQUE }, async () => {
        const body = JSON.stringify(pushPayload({ repo, sha: randomSha(), ref: "refs/heads/main", installation: 4242 }));
        return { delivery: crypto.randomUUID(), body, signature: await signGitHubPayload(body, secret) };
      }),
    );
    const sends = shuffle([...unique, ...Array.from({ length: DUPLICATES }, () => unique[Math.floor(random() * UNIQUE)]!)], random);

    const consumed = new Set(unique.slice(0, CONSUMED).map((u) => u.delivery));
    const enqueued = new Map<string, number>();
    const counting = {
      async send(job: Job, options?: QueueSendOptions) {
        const id = "deliveryId" in job ? (job.deliveryId ?? "") : "";
        enqueued.set(id, (enqueued.get(id) ?? 0) + 1);
        if (consumed.has(id)) await env.CHECKS.send(job, options);
      },
      sendBatch: (messages: Iterable<MessageSendRequest<Job>>) => env.CHECKS.sendBatch(messages),
    } as unknown as Queue;
    const app = createApp();
    const statuses: Record<string, number> = {};
    const answers = new Map<string, number[]>();
    await bounded(sends, CONCURRENCY, async ({ delivery, body, signature }) => {
      const response = await app.request(
        `${BASE}/webhooks/github`,
        { method: "POST", headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": delivery, "x-hub-signature-256": signature }, body },
        { ...env, CHECKS: counting },
      );
      await response.arrayBuffer();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      answers.set(delivery, [...(answers.get(delivery) ?? []), response.status]);
    });
    console.log(`load: ${sends.length} deliveries (${UNIQUE} unique), by status ${JSON.stringify(statuses)}`);

    expect(Object.keys(statuses).filter((status) => Number(status) >= 500), "5xx answers").toEqual([]);
    const doubles = [...enqueued.entries()].filter(([, count]) => count > 1);
    expect(doubles, "double enqueues").toEqual([]);
    expect(enqueued.size).toBe(UNIQUE);
    expect(statuses[202]).toBe(UNIQUE);
    for (const [delivery, seen] of answers) expect(seen.filter((status) => status === 202), delivery).toHaveLength(1);

    // The consumer ran every job it was given: one D1 check per unique delivery.
    const ids = [...consumed];
    const perDelivery = await waitFor(async () => {
      const rows: string[] = [];
      for (let at = 0; at < ids.length; at += 50) {
        rows.push(...(await db().select({ deliveryId: checks.deliveryId }).from(checks).where(inArray(checks.deliveryId, ids.slice(at, at + 50)))).map((row) => row.deliveryId ?? ""));
      }
      return rows.length >= ids.length ? rows : null;
    }, `${ids.length} checks`, env.RELIABILITY_LONG ? 300_000 : 60_000);
    const counts = new Map<string, number>();
    for (const id of perDelivery) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.values()].filter((count) => count !== 1)).toEqual([]);
    expect(counts.size).toBe(ids.length);
  }, 900_000);
});

describe("a pull request's deliveries reordered and duplicated", () => {
  it("leave no stale comment: older commits' checks finishing last do not speak for the head", async () => {
    const random = prng(77);
    const projectId = `proj-load-${crypto.randomUUID().slice(0, 6)}`;
    await addBranch({ projectId, name: "main", default: true, state: "all" });
    await addBranch({ projectId, name: "preview/load-pr", state: "all" });
    await addBranch({ projectId, name: "load-stale", state: "all-but-last" });
    const repo = uniqueRepo("load-pr");
    // Four older commits that fail (their config reads a branch lacking the last migration), then a clean head.
    const older = [];
    for (let i = 0; i < 4; i++) older.push(await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId, branches: { preview: "load-stale" } } }), "N.md": `${i}\n` }));
    const head = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
    await control("POST", "/github/pull", { repo, number: 9, sha: head.sha });

    const deliveries = [...older, head].map((c) => ({ sha: c.sha, delivery: crypto.randomUUID() }));
    const sends = shuffle([...deliveries, ...deliveries.slice(0, 2), deliveries[4]!], random);
    await bounded(sends, 5, async ({ sha, delivery }) => {
      const response = await sendWebhook("pull_request", pullRequestPayload({ repo, sha, branch: "load-pr", number: 9, action: "synchronize" }), { delivery });
      expect([200, 202, 409]).toContain(response.status);
    });
    for (const { sha } of deliveries) {
      await checkRunFor(repo, sha);
      await waitFor(async () => ((await findLatestCheck(db(), { repo, sha, environment: "preview" }))?.status === "completed" ? true : null), `the D1 check of ${sha.slice(0, 7)}`, 20_000);
    }
    expect((await checkRunFor(repo, head.sha)).conclusion).toBe("success");
    // The head is clean and production has everything: nothing to say, and no older commit spoke.
    expect((await standIns(repo)).comments).toEqual([]);
  }, 300_000);
});
