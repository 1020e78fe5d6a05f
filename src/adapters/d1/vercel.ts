/**
 * Vercel rows: check runs linked to the driftcheck check that concludes them, deployments as their
 * events arrive, and the deployment live in production per project.
 */
import { and, asc, eq, inArray, isNull, notExists, or, sql } from "drizzle-orm";
import type { Db } from "./db.js";
import { checks, vercelCheckRuns, vercelDeployments, vercelProduction, type Environment, type VercelRunStatus } from "./schema.js";

export type StoredVercelCheckRun = typeof vercelCheckRuns.$inferSelect;
export type StoredVercelDeployment = typeof vercelDeployments.$inferSelect;
export type StoredVercelProduction = typeof vercelProduction.$inferSelect;

export interface NewVercelCheckRun {
  id: string;
  deploymentId: string;
  teamId: string | null;
  projectId: string | null;
  checkId: string;
}

/** Records the run `running` unless known; returns the stored row (a queue retry finds it again). */
export async function saveVercelCheckRun(db: Db, input: NewVercelCheckRun, now: number): Promise<StoredVercelCheckRun> {
  await db
    .insert(vercelCheckRuns)
    .values({ ...input, status: "running", conclusion: null, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: vercelCheckRuns.id });
  const row = await getVercelCheckRun(db, input.id);
  if (!row) throw new Error(`Vercel check run ${input.id} vanished after insert`);
  return row;
}

export async function getVercelCheckRun(db: Db, id: string): Promise<StoredVercelCheckRun | null> {
  return (await db.select().from(vercelCheckRuns).where(eq(vercelCheckRuns.id, id)).get()) ?? null;
}

/** Runs of a check that still wait for a conclusion. */
export async function openVercelCheckRuns(db: Db, checkId: string): Promise<StoredVercelCheckRun[]> {
  return db
    .select()
    .from(vercelCheckRuns)
    .where(and(eq(vercelCheckRuns.checkId, checkId), eq(vercelCheckRuns.status, "running")))
    .all();
}

/** Every run linked to a check, whatever its status (an accepted check re-concludes its failed ones). */
export async function vercelCheckRunsOfCheck(db: Db, checkId: string): Promise<StoredVercelCheckRun[]> {
  return db.select().from(vercelCheckRuns).where(eq(vercelCheckRuns.checkId, checkId)).orderBy(asc(vercelCheckRuns.createdAt)).all();
}

export async function setVercelCheckRunStatus(db: Db, id: string, status: VercelRunStatus, conclusion: string | null, now: number): Promise<void> {
  await db.update(vercelCheckRuns).set({ status, conclusion, updatedAt: now }).where(eq(vercelCheckRuns.id, id));
}

/**
 * Marks a check canceled (final: its jobs stop) unless something still waits for it: it concluded
 * already, it has a GitHub check run (which only its job concludes: stopped, the run would stay
 * open, or "waiting for Neon branch", for good), or a Vercel check run linked to it still runs.
 * One statement, so a run linked or a GitHub run started meanwhile is seen. True when canceled.
 */
export async function cancelUnwatchedCheck(db: Db, id: string, now: number): Promise<boolean> {
  const running = db
    .select({ id: vercelCheckRuns.id })
    .from(vercelCheckRuns)
    .where(and(eq(vercelCheckRuns.checkId, id), eq(vercelCheckRuns.status, "running")));
  const canceled = await db
    .update(checks)
    .set({ status: "canceled", updatedAt: now })
    .where(and(eq(checks.id, id), inArray(checks.status, ["queued", "in_progress"]), isNull(checks.githubCheckRunId), notExists(running)))
    .returning({ id: checks.id });
  return canceled.length > 0;
}

export interface VercelDeploymentEvent {
  id: string;
  projectId: string | null;
  teamId: string | null;
  url: string | null;
  repo: string | null;
  sha: string | null;
  ref: string | null;
  environment: Environment | null;
  /** The last deployment event (`created`, `succeeded` …); null keeps the known one (a check run linking the deployment). */
  state: string | null;
  checkId: string | null;
}

/** Inserts or updates the deployment with its latest event; known git fields are never erased. */
export async function recordVercelDeployment(db: Db, event: VercelDeploymentEvent, now: number): Promise<void> {
  const existing = await getVercelDeployment(db, event.id);
  if (!existing) {
    await db.insert(vercelDeployments).values({ ...event, state: event.state ?? "unknown", createdAt: now, updatedAt: now }).onConflictDoNothing({ target: vercelDeployments.id });
    return;
  }
  await db
    .update(vercelDeployments)
    .set({
      state: event.state ?? existing.state,
      projectId: event.projectId ?? existing.projectId,
      teamId: event.teamId ?? existing.teamId,
      url: event.url ?? existing.url,
      repo: event.repo ?? existing.repo,
      sha: event.sha ?? existing.sha,
      ref: event.ref ?? existing.ref,
      environment: event.environment ?? existing.environment,
      checkId: event.checkId ?? existing.checkId,
      updatedAt: now,
    })
    .where(eq(vercelDeployments.id, event.id));
}

export async function getVercelDeployment(db: Db, id: string): Promise<StoredVercelDeployment | null> {
  return (await db.select().from(vercelDeployments).where(eq(vercelDeployments.id, id)).get()) ?? null;
}

/** Remembers the deployment a project now serves in production; events arrive in any order, so the newest promotion wins. */
export async function setVercelProduction(db: Db, input: Omit<StoredVercelProduction, "promotedAt">, promotedAt: number): Promise<void> {
  await db
    .insert(vercelProduction)
    .values({ ...input, promotedAt })
    .onConflictDoUpdate({ target: vercelProduction.projectId, set: { deploymentId: input.deploymentId, repo: input.repo, sha: input.sha, promotedAt },
      setWhere: sql`excluded.promoted_at >= ${vercelProduction.promotedAt}`,
    });
}

export async function getVercelProduction(db: Db, projectId: string): Promise<StoredVercelProduction | null> {
  return (await db.select().from(vercelProduction).where(eq(vercelProduction.projectId, projectId)).get()) ?? null;
}

/** The deployments of a check: recorded against it, or carrying one of its check runs (oldest first). */
export async function deploymentsOfCheck(db: Db, checkId: string): Promise<StoredVercelDeployment[]> {
  const withRuns = db.select({ id: vercelCheckRuns.deploymentId }).from(vercelCheckRuns).where(eq(vercelCheckRuns.checkId, checkId));
  return db
    .select()
    .from(vercelDeployments)
    .where(or(eq(vercelDeployments.checkId, checkId), inArray(vercelDeployments.id, withRuns)))
    .orderBy(asc(vercelDeployments.createdAt))
    .all();
}
