/** A PR check's comparison with production, kept for its dashboard page (schema.ts: productionContexts). */
import { eq } from "drizzle-orm";
import type { Db } from "./db.js";
import { productionContexts, type StoredProductionContext } from "./schema.js";

/** Replaces what a retried job stored before. */
export async function saveProductionContext(db: Db, checkId: string, context: StoredProductionContext): Promise<void> {
  await db.insert(productionContexts).values({ checkId, context }).onConflictDoUpdate({ target: productionContexts.checkId, set: { context } });
}

export async function getProductionContext(db: Db, checkId: string): Promise<StoredProductionContext | null> {
  const row = await db.select({ context: productionContexts.context }).from(productionContexts).where(eq(productionContexts.checkId, checkId)).get();
  return row?.context ?? null;
}
