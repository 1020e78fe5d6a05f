/**
 * GitHub App installations and the repositories they cover. When an installation (or one of its
 * repositories) is removed, that repository's data is deleted: checks, findings, comment ids,
 * its production monitor.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "./db.js";
import { checks, installations, prComments, productionMonitors } from "./schema.js";

export type StoredInstallation = typeof installations.$inferSelect;

export async function getInstallation(db: Db, id: number): Promise<StoredInstallation | null> {
  return (await db.select().from(installations).where(eq(installations.id, id)).get()) ?? null;
}

/** Records (or revives) an installation with exactly these repositories. */
export async function saveInstallation(db: Db, input: { id: number; account: string; repos: string[] }, now: number): Promise<void> {
  const repos = [...new Set(input.repos)].sort();
  await db
    .insert(installations)
    .values({ id: input.id, account: input.account, repos, createdAt: now, removedAt: null })
    .onConflictDoUpdate({ target: installations.id, set: { account: input.account, repos, removedAt: null } });
}

/** Adds and removes repositories of a known installation (`installation_repositories`). */
export async function updateInstallationRepos(
  db: Db,
  input: { id: number; account: string; added: string[]; removed: string[] },
  now: number,
): Promise<void> {
  const current = await getInstallation(db, input.id);
  const repos = new Set(current?.repos ?? []);
  for (const repo of input.added) repos.add(repo);
  for (const repo of input.removed) repos.delete(repo);
  await saveInstallation(db, { id: input.id, account: current?.account ?? input.account, repos: [...repos] }, now);
}

/** Marks the installation removed and returns the repositories it covered. */
export async function markInstallationRemoved(db: Db, id: number, now: number): Promise<string[]> {
  const current = await getInstallation(db, id);
  await db.update(installations).set({ removedAt: now, repos: [] }).where(eq(installations.id, id));
  return current?.repos ?? [];
}

/** D1 binds at most 100 parameters per statement: repository lists are deleted in chunks. */
const REPOS_PER_STATEMENT = 90;

/**
 * Deletes everything stored about these repositories (findings, acceptances and Vercel runs go
 * with their checks), production monitor included, in one batch (one transaction).
 */
export async function deleteRepositoryData(db: Db, repos: readonly string[]): Promise<void> {
  const unique = [...new Set(repos)];
  if (unique.length === 0) return;
  const statements = [];
  for (let start = 0; start < unique.length; start += REPOS_PER_STATEMENT) {
    const list = unique.slice(start, start + REPOS_PER_STATEMENT);
    statements.push(
      db.delete(checks).where(inArray(checks.repo, list)),
      db.delete(prComments).where(inArray(prComments.repo, list)),
      db.delete(productionMonitors).where(inArray(productionMonitors.repo, list)),
    );
  }
  await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
}

/** The active installation that covers a repository, or null. */
export async function findInstallationForRepo(db: Db, repo: string): Promise<number | null> {
  const row = await db
    .select({ id: installations.id })
    .from(installations)
    .where(and(isNull(installations.removedAt), sql`exists (select 1 from json_each(${installations.repos}) where json_each.value = ${repo})`))
    .limit(1)
    .get();
  return row?.id ?? null;
}
