/**
 * Webhook deliveries, for de-duplication (issue 4): a delivery is recorded `received`, then
 * `enqueued` once its job is on the queue. Only `enqueued` deliveries are duplicates; a delivery
 * whose enqueue failed is deleted so that GitHub's (manual) redelivery is processed.
 */
import { eq } from "drizzle-orm";
import type { Db } from "./db.js";
import { deliveries, type DeliverySource, type DeliveryStatus } from "./schema.js";

export interface DeliveryInput {
  id: string;
  source: DeliverySource;
  event: string;
  receivedAt: number;
}

/** Records the delivery as `received` unless it exists; returns the status it had before, or null when new. */
export async function recordDelivery(db: Db, input: DeliveryInput): Promise<DeliveryStatus | null> {
  const inserted = await db
    .insert(deliveries)
    .values({ ...input, status: "received" })
    .onConflictDoNothing({ target: deliveries.id })
    .returning({ id: deliveries.id });
  if (inserted.length > 0) return null;
  const existing = await db.select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.id, input.id)).get();
  // Deleted between the two statements: treat as new, the caller records it again next time.
  return existing?.status ?? null;
}

export async function markEnqueued(db: Db, id: string): Promise<void> {
  await db.update(deliveries).set({ status: "enqueued" }).where(eq(deliveries.id, id));
}

export async function deleteDelivery(db: Db, id: string): Promise<void> {
  await db.delete(deliveries).where(eq(deliveries.id, id));
}

export async function getDeliveryStatus(db: Db, id: string): Promise<DeliveryStatus | null> {
  const row = await db.select({ status: deliveries.status }).from(deliveries).where(eq(deliveries.id, id)).get();
  return row?.status ?? null;
}
