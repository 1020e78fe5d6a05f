/**
 * Scheduled production monitoring (issue 5): one `production_monitors` row per repository, and the
 * reads the cron needs to find each repository's live production sha. The cron reads everything
 * in a fixed number of statements, however many repositories there are.
 */
import { and, eq, isNotNull, isNull, max, sql } from "drizzle-orm";
import type { Db } from "./db.js";
import { checks, installations, productionMonitors, vercelDeployments, vercelProduction } from "./schema.js";

export type StoredProductionMonitor = typeof productionMonitors.$inferSelect;

export async function getProductionMonitor(db: Db, repo: string): Promise<StoredProductionMonitor | null> {
  return (await db.select().from(productionMonitors).where(eq(productionMonitors.repo, repo)).get()) ?? null;
}

/** Inserts or replaces the repository's row. */
export async function saveProductionMonitor(db: Db, row: StoredProductionMonitor): Promise<void> {
  const { repo, ...rest } = row;
  await db.insert(productionMonitors).values(row).onConflictDoUpdate({ target: productionMonitors.repo, set: rest });
}

/**
 * The columns a write of the monitor changes: a row still equal in them was not written since.
 * `updatedAt` tells apart two claims of the same check (a stale claim taken over by a redelivery
 * of its message), which are otherwise equal.
 */
export type MonitorVersion = Pick<StoredProductionMonitor, "lastCheckId" | "lastOutcome" | "alertedState" | "alertedFingerprint" | "updatedAt">;

export function monitorVersion(row: MonitorVersion): MonitorVersion {
  return { lastCheckId: row.lastCheckId, lastOutcome: row.lastOutcome, alertedState: row.alertedState, alertedFingerprint: row.alertedFingerprint, updatedAt: row.updatedAt };
}

/**
 * Writes the repository's row only if it is still as the writer read it (`expected`; null: there
 * was no row), in one statement; returns whether this write won. Of two writers that read the same
 * row, exactly one wins (D1 runs statements one at a time); the other reads again.
 */
export async function replaceProductionMonitorIf(db: Db, expected: MonitorVersion | null, row: StoredProductionMonitor): Promise<boolean> {
  if (expected === null) {
    const inserted = await db.insert(productionMonitors).values(row).onConflictDoNothing({ target: productionMonitors.repo }).run();
    return inserted.meta.changes === 1;
  }
  const { repo, ...rest } = row;
  // `IS` compares NULLs as equal values (https://sqlite.org/lang_expr.html#isisnot).
  const updated = await db
    .update(productionMonitors)
    .set(rest)
    .where(
      and(
        eq(productionMonitors.repo, repo),
        sql`${productionMonitors.lastCheckId} IS ${expected.lastCheckId}`,
        sql`${productionMonitors.lastOutcome} IS ${expected.lastOutcome}`,
        sql`${productionMonitors.alertedState} IS ${expected.alertedState}`,
        sql`${productionMonitors.alertedFingerprint} IS ${expected.alertedFingerprint}`,
        eq(productionMonitors.updatedAt, expected.updatedAt),
      ),
    )
    .run();
  return updated.meta.changes === 1;
}

export interface MonitoredRepo {
  repo: string;
  installationId: number;
}

/** Repositories of active installations; a repository two installations cover is listed once (lowest id). */
export async function listMonitoredRepos(db: Db): Promise<MonitoredRepo[]> {
  const rows = await db.select({ id: installations.id, repos: installations.repos }).from(installations).where(isNull(installations.removedAt)).orderBy(installations.id).all();
  const seen = new Map<string, number>();
  for (const row of rows) for (const repo of row.repos) if (!seen.has(repo)) seen.set(repo, row.id);
  return [...seen].map(([repo, installationId]) => ({ repo, installationId })).sort((a, b) => a.repo.localeCompare(b.repo));
}

export interface PromotedSha {
  repo: string;
  sha: string;
  /** The deployment's git branch, when its events told us. */
  ref: string | null;
  promotedAt: number;
}

/** What Vercel serves in production, per project (`deployment.promoted`); several projects may share a repository. */
export async function listPromotedShas(db: Db): Promise<PromotedSha[]> {
  const rows = await db
    .select({ repo: vercelProduction.repo, sha: vercelProduction.sha, ref: vercelDeployments.ref, promotedAt: vercelProduction.promotedAt })
    .from(vercelProduction)
    .leftJoin(vercelDeployments, eq(vercelDeployments.id, vercelProduction.deploymentId))
    .where(and(isNotNull(vercelProduction.repo), isNotNull(vercelProduction.sha)))
    .all();
  return rows.map((row) => ({ repo: row.repo!, sha: row.sha!, ref: row.ref ?? null, promotedAt: row.promotedAt }));
}

export interface PushedSha {
  repo: string;
  sha: string;
  ref: string | null;
  createdAt: number;
}

/**
 * The newest production check each repository's GitHub events asked for (a push to, or a check
 * suite on, the default branch). SQLite takes the bare columns of a `max()` query from the row
 * holding the maximum (https://sqlite.org/lang_select.html#bareagg), so this is one statement.
 *
 * Only a commit's first GitHub run: a push (and check_suite.requested) creates it, while "Re-run"
 * on any commit's check run, however old, adds a later GitHub run — a newer row that says nothing
 * about what is deployed. (The first GitHub run is not always run 1: a scheduled or audit run of
 * the same commit may have taken that number, see src/worker/queue/event-run.ts.) An approximation: a push that moves the branch back
 * to a commit checked before creates no row, and the newer commit stays "live" until a Vercel
 * promotion or the next push says otherwise.
 */
export async function listNewestPushedShas(db: Db): Promise<PushedSha[]> {
  const rows = await db
    .select({ repo: checks.repo, sha: checks.sha, ref: checks.ref, createdAt: max(checks.createdAt) })
    .from(checks)
    .where(
      and(
        eq(checks.source, "github"),
        eq(checks.environment, "production"),
        sql`not exists (select 1 from ${checks} as earlier where earlier.repo = ${checks.repo} and earlier.sha = ${checks.sha} and earlier.environment = ${checks.environment} and earlier.source = 'github' and earlier.run < ${checks.run})`,
      ),
    )
    .groupBy(checks.repo)
    .all();
  return rows.map((row) => ({ repo: row.repo, sha: row.sha, ref: row.ref, createdAt: row.createdAt ?? 0 }));
}

/** The sha each monitor last checked: the fallback once the check that named it has been pruned. */
export async function listMonitoredShas(db: Db): Promise<{ repo: string; sha: string }[]> {
  const rows = await db.select({ repo: productionMonitors.repo, sha: productionMonitors.sha }).from(productionMonitors).where(isNotNull(productionMonitors.sha)).all();
  return rows.map((row) => ({ repo: row.repo, sha: row.sha! }));
}
