/** What `npm start` leaves for `npm run trigger` while it serves (a temp file, removed on exit). */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signGitHubPayload } from "../src/adapters/github/signature.js";
import { INSTALLATION_ID } from "../test/support/edge-stack.js";

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
/** The stand-in GitHub's repository holding examples/soundcloud. */
export const REPO = "acme/soundcloud";

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

export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

/** A `pull_request` delivery signed as GitHub signs it (`X-Hub-Signature-256`), a fresh delivery id each call. */
export async function signedPullRequestWebhook(options: { repo: string; sha: string; action: string; secret: string; userAgent?: string; installationId?: number }): Promise<SignedWebhook> {
  const body = JSON.stringify(pullRequestEvent(options.repo, options.sha, options.action, options.installationId ?? INSTALLATION_ID));
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": crypto.randomUUID(),
      "x-hub-signature-256": await signGitHubPayload(body, options.secret),
      ...(options.userAgent ? { "user-agent": options.userAgent } : {}),
    },
  };
}
