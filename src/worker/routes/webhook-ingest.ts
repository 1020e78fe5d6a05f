/**
 * The part every webhook route shares once it has verified and parsed a delivery (STYLE.md:
 * verify, de-duplicate, enqueue, answer 202). The delivery is claimed with one conditional D1
 * write — the only write before the answer — so of concurrent duplicates exactly one enqueues;
 * the job is queued, and the claim is marked `enqueued` after the 202 (waitUntil). A failed
 * enqueue marks it `failed` and answers 500, so the sender's redelivery is processed; a claim a
 * crash left behind expires (DELIVERY_CLAIM_TTL_MS). Queues deliver at least once anyway, so the
 * consumer skips work already done.
 */
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { claimDelivery, getDeliveryStatus, markEnqueued, markEnqueueFailed } from "../../adapters/d1/store.js";
import { redact } from "../../core/errors.js";
import type { AppEnv } from "../app-env.js";
import { httpError } from "../http-errors.js";
import type { Job } from "../queue/jobs.js";

/** GitHub caps payloads at 25 MB; the events we act on are a few KB, so 5 MB is generous. */
export const MAX_WEBHOOK_BYTES = 5 * 1024 * 1024;

export const webhookBodyLimit = bodyLimit({
  maxSize: MAX_WEBHOOK_BYTES,
  onError: () => {
    throw httpError(413, `The webhook body exceeds ${MAX_WEBHOOK_BYTES} bytes.`);
  },
});

export interface Delivery {
  id: string;
  source: "github" | "vercel";
  event: string;
  job: Job;
  /** What the sender does to deliver again, shown when enqueueing failed. */
  redeliveryHint: string;
}

export async function enqueueOnce(c: Context<AppEnv>, delivery: Delivery): Promise<Response> {
  const { db } = c.var;
  if (!(await claimDelivery(db, { id: delivery.id, source: delivery.source, event: delivery.event, receivedAt: Date.now() }))) {
    // Not claimed: enqueued already, or another request is enqueueing it right now (a read, not a write).
    const status = await getDeliveryStatus(db, delivery.id);
    if (status === "received") {
      return c.json({ status: "in-progress", delivery: delivery.id, hint: "The same delivery is being queued by another request; send it again later if it does not show up." }, 409);
    }
    return c.json({ status: "duplicate", delivery: delivery.id }, 200);
  }
  try {
    await c.env.CHECKS.send(delivery.job);
  } catch (error) {
    await markEnqueueFailed(db, delivery.id);
    console.error(`driftcheck: enqueueing ${delivery.source} delivery ${delivery.id} failed: ${redact(error instanceof Error ? error.message : String(error))}`);
    return c.json({ error: { kind: "connection", message: "The delivery could not be queued.", hint: delivery.redeliveryHint } }, 500);
  }
  afterResponse(c, markEnqueued(db, delivery.id));
  return c.json({ status: "enqueued", delivery: delivery.id }, 202);
}

/**
 * Work that need not delay the answer. If it is lost (the isolate dies), the claim expires and a
 * redelivery enqueues again, which the consumer recognises as work already done.
 */
function afterResponse(c: Context<AppEnv>, work: Promise<unknown>): void {
  const logged = work.catch((error: unknown) => console.error(`driftcheck: recording a delivery as enqueued failed: ${redact(error instanceof Error ? error.message : String(error))}`));
  let ctx: { waitUntil(promise: Promise<unknown>): void } | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    ctx = undefined; // app.request() in tests: no execution context; the promise still runs.
  }
  ctx?.waitUntil(logged);
}
