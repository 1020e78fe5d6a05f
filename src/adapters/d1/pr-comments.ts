/** The sticky PR comment's id and body digest per pull request (the body itself lives on GitHub). */
import { and, eq } from "drizzle-orm";
import type { Db } from "./db.js";
import { prComments } from "./schema.js";

export type StoredPrComment = typeof prComments.$inferSelect;

export async function getPrComment(db: Db, repo: string, pr: number): Promise<StoredPrComment | null> {
  return (await db.select().from(prComments).where(and(eq(prComments.repo, repo), eq(prComments.pr, pr))).get()) ?? null;
}

export async function savePrComment(db: Db, input: { repo: string; pr: number; commentId: number; bodyDigest: string }, now: number): Promise<void> {
  await db
    .insert(prComments)
    .values({ ...input, updatedAt: now })
    .onConflictDoUpdate({
      target: [prComments.repo, prComments.pr],
      set: { commentId: input.commentId, bodyDigest: input.bodyDigest, updatedAt: now },
    });
}
