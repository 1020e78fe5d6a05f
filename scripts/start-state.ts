/** What `npm start` leaves for `npm run trigger` while it serves (a temp file, removed on exit). */
import { tmpdir } from "node:os";
import { join } from "node:path";

export const START_STATE_FILE = join(tmpdir(), "driftcheck-start.json");

export interface StartState {
  workerUrl: string;
  webhookSecret: string;
  apiToken: string;
  repo: string;
  /** `npm start`'s own control endpoint: new commits in the stand-in GitHub, completed check runs. */
  controlUrl: string;
}

export const PR_NUMBER = 1;
export const GIT_BRANCH = "feature-x";

/** The fields of GitHub's `pull_request` payload the Worker reads, plus a few others. */
export function pullRequestEvent(repo: string, sha: string, action: string, installationId: number) {
  return {
    action,
    number: PR_NUMBER,
    pull_request: {
      number: PR_NUMBER,
      state: "open",
      title: "Read soundcloud_tracks.updated_at",
      head: { sha, ref: GIT_BRANCH, repo: { full_name: repo } },
      base: { ref: "main", repo: { full_name: repo } },
    },
    repository: { full_name: repo, default_branch: "main", owner: { login: repo.split("/")[0] } },
    installation: { id: installationId },
    sender: { login: "octocat" },
  };
}
