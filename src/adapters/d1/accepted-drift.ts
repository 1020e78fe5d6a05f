/**
 * Drift a person accepted with the `schema-drift` check run's "Accept drift" action (issue 5).
 * One row per (repo, sha, environment, fingerprint): accepting the same findings again keeps the
 * first acceptance (who and when), so a redelivered click changes nothing.
 */
import { and, asc, desc, eq } from "drizzle-orm";
import type { StoredCheck } from "./checks.js";
import type { Db } from "./db.js";
import { acceptedDrift, checks, type Environment } from "./schema.js";

export type StoredAcceptance = typeof acceptedDrift.$inferSelect;

export interface AcceptanceKey {
  repo: string;
  sha: string;
  environment: Environment;
  fingerprint: string;
}

export interface NewAcceptance extends AcceptanceKey {
  findingKeys: string[];
  checkId: string;
  acceptedBy: string;
}

/** Records the acceptance unless this key is accepted already; returns the stored row (the first one). */
export async function recordAcceptance(db: Db, input: NewAcceptance, now: number): Promise<StoredAcceptance> {
  await db
    .insert(acceptedDrift)
    .values({ ...input, acceptedAt: now })
    .onConflictDoNothing({ target: [acceptedDrift.repo, acceptedDrift.sha, acceptedDrift.environment, acceptedDrift.fingerprint] });
  const row = await findAcceptance(db, input);
  if (!row) throw new Error(`the acceptance of ${input.repo}@${input.sha} (${input.environment}) vanished after insert`);
  return row;
}

export async function findAcceptance(db: Db, key: AcceptanceKey): Promise<StoredAcceptance | null> {
  const row = await db
    .select()
    .from(acceptedDrift)
    .where(
      and(
        eq(acceptedDrift.repo, key.repo),
        eq(acceptedDrift.sha, key.sha),
        eq(acceptedDrift.environment, key.environment),
        eq(acceptedDrift.fingerprint, key.fingerprint),
      ),
    )
    .get();
  return row ?? null;
}

/** Every acceptance for a commit in an environment, oldest first (the dashboard tells which apply). */
export async function listAcceptances(db: Db, key: Omit<AcceptanceKey, "fingerprint">): Promise<StoredAcceptance[]> {
  return db
    .select()
    .from(acceptedDrift)
    .where(and(eq(acceptedDrift.repo, key.repo), eq(acceptedDrift.sha, key.sha), eq(acceptedDrift.environment, key.environment)))
    .orderBy(asc(acceptedDrift.acceptedAt), asc(acceptedDrift.id))
    .all();
}

/**
 * The check whose GitHub check run has this id, in this repository (the newest, should a run id
 * ever be stored twice). The `requested_action` webhook names the run; its `external_id` is
 * normally enough, this is the fallback when it is missing.
 */
export async function findCheckByGitHubCheckRun(db: Db, repo: string, checkRunId: number): Promise<StoredCheck | null> {
  const row = await db
    .select()
    .from(checks)
    .where(and(eq(checks.repo, repo), eq(checks.githubCheckRunId, checkRunId)))
    .orderBy(desc(checks.createdAt))
    .limit(1)
    .get();
  return row ?? null;
}
