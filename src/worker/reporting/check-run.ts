/**
 * The `schema-drift` check run of one D1 check: created `in_progress` when the job starts (its id
 * stored, so a queue retry or a delayed re-check updates the same run instead of adding one),
 * then completed with the conclusion, the core's Markdown summary, annotations and a details link
 * to `/checks/:id`.
 */
import { setGitHubCheckRunId, type Db, type StoredCheck } from "../../adapters/d1/store.js";
import type { CheckRunAction, CheckRunAnnotation, GitHubClient, RepoRef } from "../../adapters/github/index.js";
import type { Config } from "../config.js";
import { CHECK_RUN_NAME, type GitHubConclusion } from "./conclusion.js";

export function detailsUrl(config: Config, checkId: string): string {
  return `${config.publicUrl}/checks/${encodeURIComponent(checkId)}`;
}

export interface CheckRunTarget {
  client: GitHubClient;
  repo: RepoRef;
  check: StoredCheck;
  config: Config;
}

/** Marks the run `in_progress` (creating it on first use); returns its id. */
export async function startCheckRun(target: CheckRunTarget, db: Db, now: () => number): Promise<number> {
  const { client, repo, check, config } = target;
  const fields = {
    status: "in_progress" as const,
    started_at: new Date(now()).toISOString(),
    details_url: detailsUrl(config, check.id),
    external_id: check.id,
    output: { title: "checking", summary: `Comparing the database branch with the drizzle schema at \`${check.sha.slice(0, 7)}\`…` },
  };
  if (check.githubCheckRunId !== null) {
    await client.updateCheckRun(repo, check.githubCheckRunId, fields);
    return check.githubCheckRunId;
  }
  const run = await client.createCheckRun(repo, { name: CHECK_RUN_NAME, head_sha: check.sha, ...fields });
  await setGitHubCheckRunId(db, check.id, run.id, now());
  return run.id;
}

export interface CheckRunReport extends GitHubConclusion {
  summary: string;
  text?: string;
  annotations?: CheckRunAnnotation[];
  /**
   * The run's buttons ("Accept drift" on drift); none when absent. A retried attempt or a re-check
   * completes the same run again, and GitHub keeps a run's buttons unless an update replaces them.
   */
  actions?: CheckRunAction[];
}

export async function completeCheckRun(target: CheckRunTarget, runId: number, report: CheckRunReport, now: () => number): Promise<void> {
  await target.client.updateCheckRun(target.repo, runId, {
    status: "completed",
    conclusion: report.conclusion,
    completed_at: new Date(now()).toISOString(),
    details_url: detailsUrl(target.config, target.check.id),
    output: {
      title: report.title,
      summary: report.summary,
      ...(report.text ? { text: report.text } : {}),
      ...(report.annotations && report.annotations.length > 0 ? { annotations: report.annotations } : {}),
    },
    actions: report.actions ?? [],
  });
}
