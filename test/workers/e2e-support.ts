/** Helpers of the end-to-end tests: the globalSetup's control server and what the stand-ins saw. */
import { env } from "cloudflare:workers";
import type { RecordedApiRequest, RecordedNeonRequest, RecordedRequest, StoredCheckRun, StoredComment } from "../support/stand-in-records.js";
import { waitFor } from "./helpers.js";

/** A check run as the stand-in GitHub stored it; annotations as the Worker sends them. */
export type SeenCheckRun = Omit<StoredCheckRun, "annotations"> & {
  annotations: { path: string; annotation_level: string; title?: string; message: string }[];
};

export interface StandInState {
  checkRuns: SeenCheckRun[];
  comments: StoredComment[];
  githubRequests: RecordedRequest[];
  neonApiRequests: RecordedApiRequest[];
  neonHttpRequests: RecordedNeonRequest[];
  installationTokens: string[];
}

/** A call to the globalSetup's control server (test/support/edge-e2e-setup.ts). */
export async function control<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${env.EDGE_CONTROL_URL}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  if (!response.ok) throw new Error(`control ${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A commit of examples/soundcloud (plus `extraFiles`) in `repo`; the App is installed on it. */
export function commit(repo: string, extraFiles: Record<string, string> = {}): Promise<{ sha: string; treeSha: string }> {
  return control("POST", "/commit", { repo, extraFiles });
}

export function addBranch(spec: { projectId: string; name: string; default?: boolean; state: "all-but-last" | "all" | "unreachable" }): Promise<{ id: string; host: string }> {
  return control("POST", "/branch", spec);
}

export function migrateBranch(projectId: string, name: string): Promise<void> {
  return control("POST", "/migrate", { projectId, name });
}

/** Holds the SQL-over-HTTP requests to a branch's endpoint `host` for `ms` (0: serve them at once again). */
export function delayNeonSql(host: string, ms: number): Promise<void> {
  return control("POST", "/neon/delay", { host, ms });
}

/** The stand-in GitHub answers the next `times` requests whose path matches `path` (a RegExp source) with `status`. */
export function failGitHubRequests(path: string, status: number, times = 1, answer: { text?: string; headers?: Record<string, string> } = {}): Promise<void> {
  return control("POST", "/github/fail-next", { path, status, times, ...answer });
}

export function standIns(repo?: string): Promise<StandInState> {
  return control("GET", `/state${repo ? `?repo=${encodeURIComponent(repo)}` : ""}`);
}

/** The `schema-drift` run for a commit once it satisfies `done`. */
export function checkRunFor(repo: string, sha: string, done: (run: SeenCheckRun) => boolean = (run) => run.status === "completed", timeoutMs = 20_000): Promise<SeenCheckRun> {
  return waitFor(async () => {
    const runs = (await standIns(repo)).checkRuns.filter((run) => run.head_sha === sha && run.name === "schema-drift");
    return runs.find(done) ?? null;
  }, `the schema-drift check run of ${repo}@${sha.slice(0, 7)}`, timeoutMs);
}

export function uniqueRepo(prefix: string): string {
  return `acme/${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

// Signed webhook payloads for the end-to-end tests: GitHub's published examples
// (@octokit/webhooks-examples) with the test's repository, commit, branch and installation.
export { checkRunPayload, checkSuitePayload, installationPayload, pullRequestPayload, pushPayload, webhookExample } from "./webhook-examples.js";
