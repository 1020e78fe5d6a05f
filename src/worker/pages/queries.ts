/**
 * The dashboard's reads over the checks table: the store's `listChecks` filters by repository
 * only; the pages also filter by environment, outcome ("pending" = not completed yet) and source
 * (the cron's re-checks would otherwise fill the list: one per repository every 30 minutes).
 */
import { and, desc, eq, ne, type SQL } from "drizzle-orm";
import type { Db, StoredCheck } from "../../adapters/d1/store.js";
import { checks } from "../../adapters/d1/schema.js";
import { CHECK_OUTCOMES, CHECK_SOURCES, ENVIRONMENTS, type CheckOutcome, type CheckSource, type Environment } from "../../adapters/d1/schema.js";

export const OUTCOME_FILTERS = [...CHECK_OUTCOMES, "pending"] as const;
export type OutcomeFilter = (typeof OUTCOME_FILTERS)[number];

export interface CheckFilters {
  repo: string | null;
  environment: Environment | null;
  outcome: OutcomeFilter | null;
  source: CheckSource | null;
}

/** Unknown or empty values mean "any", so a hand-edited URL still shows a page. */
export function parseFilters(query: { repo?: string | undefined; environment?: string | undefined; outcome?: string | undefined; source?: string | undefined }): CheckFilters {
  const repo = query.repo?.trim() ?? "";
  return {
    repo: repo === "" ? null : repo.slice(0, 200),
    environment: (ENVIRONMENTS as readonly string[]).includes(query.environment ?? "") ? (query.environment as Environment) : null,
    outcome: (OUTCOME_FILTERS as readonly string[]).includes(query.outcome ?? "") ? (query.outcome as OutcomeFilter) : null,
    source: (CHECK_SOURCES as readonly string[]).includes(query.source ?? "") ? (query.source as CheckSource) : null,
  };
}

export async function listRecentChecks(db: Db, filters: CheckFilters, limit: number): Promise<StoredCheck[]> {
  const conditions: SQL[] = [];
  if (filters.repo !== null) conditions.push(eq(checks.repo, filters.repo));
  if (filters.environment !== null) conditions.push(eq(checks.environment, filters.environment));
  if (filters.source !== null) conditions.push(eq(checks.source, filters.source));
  if (filters.outcome === "pending") conditions.push(ne(checks.status, "completed"));
  else if (filters.outcome !== null) conditions.push(and(eq(checks.status, "completed"), eq(checks.outcome, filters.outcome as CheckOutcome))!);
  const base = db.select().from(checks);
  const filtered = conditions.length === 0 ? base : base.where(and(...conditions));
  return filtered.orderBy(desc(checks.createdAt), desc(checks.run)).limit(limit).all();
}

/** A repository's checks, newest first, split by environment (each list keeps that order). */
export async function repoHistory(db: Db, repo: string, limit: number): Promise<Map<Environment, StoredCheck[]>> {
  const rows = await db.select().from(checks).where(eq(checks.repo, repo)).orderBy(desc(checks.createdAt), desc(checks.run)).limit(limit).all();
  const byEnvironment = new Map<Environment, StoredCheck[]>();
  for (const environment of ENVIRONMENTS) {
    const list = rows.filter((row) => row.environment === environment);
    if (list.length > 0) byEnvironment.set(environment, list);
  }
  return byEnvironment;
}
