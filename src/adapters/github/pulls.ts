/**
 * The pull request's current head: `GET /repos/{owner}/{repo}/pulls/{pull_number}`, one request.
 * Deliveries arrive out of order (a late `synchronize` for an older commit), so whether a check's
 * commit is still the head is asked of GitHub when reporting, not inferred from deliveries seen.
 * https://docs.github.com/en/rest/pulls/pulls#get-a-pull-request
 */
import { repoPath, type GitHubHttp } from "./http.js";
import { GitHubApiError } from "./api-errors.js";
import type { RepoRef } from "./types.js";

export interface PullRequestHead {
  sha: string;
  state: string;
}

/** The head commit and state of a pull request; null when GitHub does not show it (404). */
export async function getPullRequestHead(http: GitHubHttp, ref: RepoRef, pullNumber: number): Promise<PullRequestHead | null> {
  const what = `GET ${repoPath(ref.owner, ref.repo)}/pulls/${pullNumber}`;
  const response = await http.request("GET", `${repoPath(ref.owner, ref.repo)}/pulls/${pullNumber}`, { passStatuses: [404] });
  if (response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  let pull: { head?: { sha?: unknown }; state?: unknown };
  try {
    pull = (await response.json()) as typeof pull;
  } catch {
    pull = {};
  }
  const sha = pull?.head?.sha;
  if (typeof sha !== "string" || !/^[0-9a-f]{40}$/i.test(sha)) {
    // An answer without a head is GitHub (or a proxy) misbehaving: retried, never taken as "not the head".
    throw new GitHubApiError("connection", `GitHub answered ${what} without the pull request's head commit.`, {
      status: response.status,
      transient: true,
      hint: "GitHub is having trouble; the check is retried later.",
    });
  }
  return { sha: sha.toLowerCase(), state: typeof pull.state === "string" ? pull.state : "open" };
}
