/**
 * Check rows. There is one check per (repo, sha, environment): a job for that key finds the same
 * row again (queue retries update it), and a re-run request adds a row with the next run number.
 */
import { and, asc, desc, eq, inArray, isNull, max, notInArray, sql } from "drizzle-orm";
import type { Db } from "./db.js";
import { checks, type CheckOutcome, type CheckSource, type CheckTimings, type Environment, type StoredError } from "./schema.js";

export type StoredCheck = typeof checks.$inferSelect;

export interface CheckKey {
  repo: string;
  sha: string;
  environment: Environment;
}

export interface NewCheck extends CheckKey {
  source: CheckSource;
  ref: string | null;
  pr: number | null;
  neonBranch: string | null;
  installationId: number | null;
  deliveryId: string | null;
  expectedKey: string | null;
}

export interface CheckCounts {
  error: number;
  warning: number;
  info: number;
}

/** How many times a concurrent writer may take the run number we wanted before we give up. */
const RUN_NUMBER_ATTEMPTS = 5;

export async function getCheck(db: Db, id: string): Promise<StoredCheck | null> {
  return (await db.select().from(checks).where(eq(checks.id, id)).get()) ?? null;
}

/** The newest run for a key, or null. */
export async function findLatestCheck(db: Db, key: CheckKey): Promise<StoredCheck | null> {
  const row = await db
    .select()
    .from(checks)
    .where(and(eq(checks.repo, key.repo), eq(checks.sha, key.sha), eq(checks.environment, key.environment)))
    .orderBy(desc(checks.run))
    .limit(1)
    .get();
  return row ?? null;
}

/** The key's runs made by these sources, newest first (few: the cron's many re-checks are another source). */
export async function listChecksOfKey(db: Db, key: CheckKey, sources: readonly CheckSource[]): Promise<StoredCheck[]> {
  return db
    .select()
    .from(checks)
    .where(and(eq(checks.repo, key.repo), eq(checks.sha, key.sha), eq(checks.environment, key.environment), inArray(checks.source, [...sources])))
    .orderBy(desc(checks.run))
    .all();
}

/**
 * The repository's newest check of `environment` that completed a comparison (outcome pass or
 * fail) of the commit's own folder against the environment's own branch: made for an event (a
 * push, a Vercel deployment or promotion) or by the cron — not an API check, which may carry an
 * expected schema or name another branch. Null when there is none.
 */
export async function findLatestComparedCheck(db: Db, repo: string, environment: Environment): Promise<StoredCheck | null> {
  const row = await db
    .select()
    .from(checks)
    .where(
      and(
        eq(checks.repo, repo),
        eq(checks.environment, environment),
        eq(checks.status, "completed"),
        inArray(checks.outcome, ["pass", "fail"]),
        inArray(checks.source, ["github", "vercel", "schedule"]),
        isNull(checks.expectedKey),
        isNull(checks.neonBranch),
      ),
    )
    .orderBy(desc(checks.createdAt)) // checks_repo_created serves it
    .limit(1)
    .get();
  return row ?? null;
}

/**
 * Run 1 of the key, unless the key has a run 1 already (then null). The unique (key, run) index
 * settles a race: of two deliveries inserting at once, one gets the row and the other null.
 */
export async function insertFirstRun(db: Db, input: NewCheck, now: number): Promise<StoredCheck | null> {
  const inserted = await db
    .insert(checks)
    .values({ ...input, id: crypto.randomUUID(), run: 1, status: "queued", createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  return inserted[0] ?? null;
}

/** The run a delivery created (its first, should a race have created two: see createCheckRun). */
export async function findCheckByDelivery(db: Db, deliveryId: string): Promise<StoredCheck | null> {
  return (await db.select().from(checks).where(eq(checks.deliveryId, deliveryId)).orderBy(asc(checks.run)).limit(1).get()) ?? null;
}

/** The check for this key (its newest run), created as run 1 when there is none: idempotent. */
export async function upsertCheck(db: Db, input: NewCheck, now: number): Promise<StoredCheck> {
  const existing = await findLatestCheck(db, input);
  if (existing) return existing;
  await db
    .insert(checks)
    .values({ ...input, id: crypto.randomUUID(), run: 1, status: "queued", createdAt: now, updatedAt: now })
    .onConflictDoNothing();
  const row = await findLatestCheck(db, input);
  if (!row) throw new Error(`check ${input.repo}@${input.sha} (${input.environment}) vanished after insert`);
  return row;
}

/**
 * A new run for the key (re-run requests, on-demand API checks, scheduled re-checks). With a
 * delivery id, the run that delivery already created is returned instead, so a queue retry does
 * not add another. `checks_delivery` is not unique (and no migration makes it so), so two jobs of
 * one delivery racing (the platform running a cron twice, a retry overlapping a slow first
 * attempt) may both insert: after inserting, the delivery's first run is looked up again and
 * wins; a later run of ours is deleted before anyone used it (every caller finds the first).
 */
export async function createCheckRun(db: Db, input: NewCheck, now: number): Promise<StoredCheck> {
  if (input.deliveryId !== null) {
    const existing = await findCheckByDelivery(db, input.deliveryId);
    if (existing) return existing;
  }
  for (let attempt = 0; attempt < RUN_NUMBER_ATTEMPTS; attempt++) {
    const latest = await db
      .select({ run: max(checks.run) })
      .from(checks)
      .where(and(eq(checks.repo, input.repo), eq(checks.sha, input.sha), eq(checks.environment, input.environment)))
      .get();
    const id = crypto.randomUUID();
    const inserted = await db
      .insert(checks)
      .values({ ...input, id, run: (latest?.run ?? 0) + 1, status: "queued", createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning();
    if (!inserted[0]) continue;
    if (input.deliveryId === null) return inserted[0];
    const first = await findCheckByDelivery(db, input.deliveryId);
    if (first === null || first.id === inserted[0].id) return inserted[0];
    await db.delete(checks).where(eq(checks.id, inserted[0].id));
    return first;
  }
  throw new Error(`could not allocate a run number for ${input.repo}@${input.sha} (${input.environment})`);
}

/** The job started (again): `in_progress`, one more attempt. */
export async function markCheckStarted(db: Db, id: string, now: number): Promise<void> {
  await db
    .update(checks)
    .set({ status: "in_progress", attempts: sql`${checks.attempts} + 1`, updatedAt: now })
    .where(eq(checks.id, id));
}

/**
 * Back to `queued` (waiting for a retry or a delayed re-check), keeping what is known so far. A
 * concluded check stays concluded: a job that failed after storing the result (D1 or the budget
 * giving out while it reported) must not reopen it, or its retry would run the check again.
 */
export async function markCheckQueued(db: Db, id: string, now: number, error: StoredError | null = null): Promise<void> {
  await db
    .update(checks)
    .set({ status: "queued", error, updatedAt: now })
    .where(and(eq(checks.id, id), notInArray(checks.status, ["completed", "canceled"])));
}

export interface CheckConclusion {
  outcome: CheckOutcome;
  counts: CheckCounts;
  timings: CheckTimings | null;
  error: StoredError | null;
}

export async function completeCheck(db: Db, id: string, conclusion: CheckConclusion, now: number): Promise<void> {
  await db
    .update(checks)
    .set({
      status: "completed",
      outcome: conclusion.outcome,
      errorCount: conclusion.counts.error,
      warningCount: conclusion.counts.warning,
      infoCount: conclusion.counts.info,
      timings: conclusion.timings,
      error: conclusion.error,
      updatedAt: now,
    })
    .where(eq(checks.id, id));
}

/** Concludes a check that could not run: outcome `error`, never a silent pass. */
export async function failCheck(db: Db, id: string, error: StoredError, now: number): Promise<void> {
  await completeCheck(db, id, { outcome: "error", counts: { error: 0, warning: 0, info: 0 }, timings: null, error }, now);
}

/** Remembers which Neon branch the check reads (shown on the dashboard; the job may have named none). */
export async function setResolvedNeonBranch(db: Db, id: string, branchName: string, now: number): Promise<void> {
  await db.update(checks).set({ resolvedNeonBranch: branchName, updatedAt: now }).where(eq(checks.id, id));
}

export async function setGitHubCheckRunId(db: Db, id: string, checkRunId: number, now: number): Promise<void> {
  await db.update(checks).set({ githubCheckRunId: checkRunId, updatedAt: now }).where(eq(checks.id, id));
}

export interface ListChecksQuery {
  repo?: string;
  limit: number;
}

/** Newest first. */
export async function listChecks(db: Db, query: ListChecksQuery): Promise<StoredCheck[]> {
  const base = db.select().from(checks);
  const filtered = query.repo === undefined ? base : base.where(eq(checks.repo, query.repo));
  return filtered.orderBy(desc(checks.createdAt), desc(checks.run)).limit(query.limit).all();
}
