/**
 * The part every webhook route shares once it has verified and parsed a delivery (STYLE.md:
 * verify, de-duplicate, enqueue, answer 202). The delivery is recorded `received`, the job is
 * queued, then the record is marked `enqueued`; only `enqueued` deliveries count as duplicates.
 * A failed enqueue deletes the record and answers 500, so the sender's redelivery is processed.
 */
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteDelivery, markEnqueued, recordDelivery } from "../../adapters/d1/store.js";
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
  const previous = await recordDelivery(db, { id: delivery.id, source: delivery.source, event: delivery.event, receivedAt: Date.now() });
  if (previous === "enqueued") return c.json({ status: "duplicate", delivery: delivery.id }, 200);
  try {
    await c.env.CHECKS.send(delivery.job);
  } catch (error) {
    await deleteDelivery(db, delivery.id);
    console.error(`driftcheck: enqueueing ${delivery.source} delivery ${delivery.id} failed: ${redact(error instanceof Error ? error.message : String(error))}`);
    return c.json({ error: { kind: "connection", message: "The delivery could not be queued.", hint: delivery.redeliveryHint } }, 500);
  }
  await markEnqueued(db, delivery.id);
  return c.json({ status: "enqueued", delivery: delivery.id }, 202);
}
