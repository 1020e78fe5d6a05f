/**
 * Which commit each registered repository runs in production (pure): the cron re-checks that sha
 * against the production Neon branch. The newer of:
 *  - `vercel`: the newest `deployment.promoted` of any Vercel project of the repository (its
 *    `promotedAt`);
 *  - `push`: the newest production check GitHub's events asked for (a push to the default branch;
 *    the check's `createdAt`).
 * A promotion is the surer sign, but Vercel's production record stays until the project's next
 * promotion: a repository that stopped deploying on Vercel (or is also deployed elsewhere) and
 * kept pushing to its default branch would otherwise be monitored at its last promoted commit
 * forever. A push newer than the last promotion means production may have moved; the next
 * promotion, being newer, wins again. On a tie the promotion wins. Neither known:
 *  - `monitor`: the sha the last scheduled check used — pushes are history the cron prunes after
 *    RETENTION_DAYS, and a repository nobody pushed to since is still in production.
 * A repository with none of these is skipped, with the reason.
 */
import type { MonitoredRepo, PromotedSha, PushedSha } from "../../adapters/d1/store.js";

export interface LiveShaSources {
  promoted: readonly PromotedSha[];
  pushed: readonly PushedSha[];
  monitored: readonly { repo: string; sha: string }[];
}

export interface LiveProduction {
  repo: string;
  installationId: number;
  sha: string;
  ref: string | null;
  from: "vercel" | "push" | "monitor";
}

export interface LivePlan {
  live: LiveProduction[];
  skipped: { repo: string; reason: string }[];
}

export const NO_LIVE_SHA_REASON = "no Vercel production deployment (deployment.promoted) and no push to the default branch is known yet";

export function planLiveProduction(repos: readonly MonitoredRepo[], sources: LiveShaSources): LivePlan {
  const promoted = newestBy(sources.promoted, (row) => row.promotedAt);
  const pushed = newestBy(sources.pushed, (row) => row.createdAt);
  const monitored = new Map(sources.monitored.map((row) => [row.repo, row.sha]));
  const plan: LivePlan = { live: [], skipped: [] };
  for (const { repo, installationId } of repos) {
    const vercel = promoted.get(repo);
    const push = pushed.get(repo);
    const last = monitored.get(repo);
    if (vercel && (!push || vercel.promotedAt >= push.createdAt)) plan.live.push({ repo, installationId, sha: vercel.sha.toLowerCase(), ref: vercel.ref, from: "vercel" });
    else if (push) plan.live.push({ repo, installationId, sha: push.sha.toLowerCase(), ref: push.ref, from: "push" });
    else if (last) plan.live.push({ repo, installationId, sha: last.toLowerCase(), ref: null, from: "monitor" });
    else plan.skipped.push({ repo, reason: NO_LIVE_SHA_REASON });
  }
  return plan;
}

function newestBy<T extends { repo: string }>(rows: readonly T[], time: (row: T) => number): Map<string, T> {
  const newest = new Map<string, T>();
  for (const row of rows) {
    const known = newest.get(row.repo);
    if (!known || time(row) > time(known)) newest.set(row.repo, row);
  }
  return newest;
}
