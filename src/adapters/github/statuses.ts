/**
 * Commit statuses: `POST /repos/{o}/{r}/statuses/{sha}`. They work with a plain token, so they are
 * the fallback when no GitHub App is installed (no check runs then).
 * https://docs.github.com/en/rest/commits/statuses
 */
import { repoPath, type GitHubHttp } from "./http.js";
import type { RepoRef } from "./types.js";

export type CommitState = "error" | "failure" | "pending" | "success";

export interface CommitStatusInput {
  state: CommitState;
  context: string;
  description?: string;
  target_url?: string;
}

/** GitHub shows about 140 characters of a status description. */
export const MAX_STATUS_DESCRIPTION = 140;

export async function createCommitStatus(http: GitHubHttp, ref: RepoRef, sha: string, input: CommitStatusInput): Promise<{ id: number; state: string }> {
  const description = input.description === undefined ? undefined : input.description.length > MAX_STATUS_DESCRIPTION ? `${input.description.slice(0, MAX_STATUS_DESCRIPTION - 1)}…` : input.description;
  const created = await http.json<{ id: number; state: string }>("POST", `${repoPath(ref.owner, ref.repo)}/statuses/${encodeURIComponent(sha)}`, {
    body: { state: input.state, context: input.context, ...(description === undefined ? {} : { description }), ...(input.target_url === undefined ? {} : { target_url: input.target_url }) },
  });
  return { id: created.id, state: created.state };
}
