/**
 * Webhook deliveries, for de-duplication (issues 4 and 13). A delivery is claimed with ONE
 * conditional write (insert, or take over a claim that failed or expired), so of concurrent
 * duplicates exactly one may enqueue; the claim is marked `enqueued` once its job is on the queue,
 * or `failed` when enqueueing failed, so the sender's redelivery is processed. A claim left
 * `received` by a crash between claim and enqueue expires after DELIVERY_CLAIM_TTL_MS.
 */
import { and, eq, or, sql } from "drizzle-orm";
import type { Db } from "./db.js";
import { deliveries, type DeliverySource, type DeliveryStatus } from "./schema.js";

/** Long enough for one queue send (the request that claimed is still running), short enough for a redelivery soon after a crash. */
export const DELIVERY_CLAIM_TTL_MS = 60_000;

export interface DeliveryInput {
  id: string;
  source: DeliverySource;
  event: string;
  receivedAt: number;
}

/**
 * Claims the delivery for enqueueing: true when this caller may enqueue it. The claim is taken
 * when the delivery is new, its last enqueue failed, or an earlier claim expired unfinished — in
 * one statement (INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING), so two requests for the same
 * delivery can never both get true.
 */
export async function claimDelivery(db: Db, input: DeliveryInput, claimTtlMs = DELIVERY_CLAIM_TTL_MS): Promise<boolean> {
  const claimed = await db
    .insert(deliveries)
    .values({ ...input, status: "received" })
    .onConflictDoUpdate({
      target: deliveries.id,
      set: { status: "received", receivedAt: input.receivedAt, source: input.source, event: input.event },
      setWhere: or(eq(deliveries.status, "failed"), and(eq(deliveries.status, "received"), sql`${deliveries.receivedAt} <= ${input.receivedAt - claimTtlMs}`)),
    })
    .returning({ id: deliveries.id });
  return claimed.length > 0;
}

/** The job is on the queue: from now on the delivery is a duplicate for good. */
export async function markEnqueued(db: Db, id: string): Promise<void> {
  await db.update(deliveries).set({ status: "enqueued" }).where(and(eq(deliveries.id, id), eq(deliveries.status, "received")));
}

/** Enqueueing failed: the next delivery with this id claims it again at once. */
export async function markEnqueueFailed(db: Db, id: string): Promise<void> {
  await db.update(deliveries).set({ status: "failed" }).where(and(eq(deliveries.id, id), eq(deliveries.status, "received")));
}

export async function getDeliveryStatus(db: Db, id: string): Promise<DeliveryStatus | null> {
  const row = await db.select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.id, id)).get();
  return row?.status ?? null;
}
