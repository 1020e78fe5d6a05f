/**
 * `npm start`: the edge service's main job, locally, on embedded defaults (issue 4, point 7).
 *
 *  1. The local Neon SQL-over-HTTP endpoint over PGlite, loaded with examples/soundcloud
 *     migrated by drizzle-orm's migrator minus its last migration; the stand-in Neon API (project
 *     with the default branch and `preview/feature-x`) and the stand-in GitHub (the example app as
 *     repository `acme/soundcloud`, the App installed on it).
 *  2. `wrangler dev --local` with local D1 (migrations applied first) and local Queues, its vars
 *     pointing at the stand-ins through an env file in a temporary persist directory (never in
 *     the repository). Steps 1–2 are scripts/lib/dev-stack.ts, shared with the edge benches.
 *  3. A signed `pull_request` webhook, sent by this script; the outcome is printed: the check run
 *     the stand-in GitHub received and the `/api/checks` URL with its token.
 *  4. Keeps serving; `npm run trigger` sends another webhook. `npm start -- --once` exits after
 *     the first result: 0 when the check failed with COLUMN_MISSING soundcloud_tracks.updated_at.
 *
 * `--drizzle DIR` runs the same stack on any drizzle-kit folder instead (issue 12), 0.x
 * (meta/_journal.json) or 1.x (one `<timestamp>_<name>/` per migration; its branches are migrated
 * by drizzle-orm 1.x from tools/drizzle-kit-1): the commit holds it as `drizzle/`, the branches have
 * all but its last migration applied; `--once` then exits 0 when the check concluded (pass or
 * fail, not "could not check") and prints how many GitHub requests the check made.
 */
import { rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { inspectMigrationsFolder, MIGRATIONS_FOLDER_NEEDED, type EdgeStack } from "../test/support/edge-stack.js";
import type { StoredCheckRun } from "../test/support/github-server.js";
import { startDevStack, type DevStack } from "./lib/dev-stack.js";
import { GIT_BRANCH, REPO, START_STATE_FILE, type StartState } from "./start-state.js";

const EXPECTED = "COLUMN_MISSING soundcloud_tracks.updated_at";
const RESULT_TIMEOUT_MS = 120_000;

async function main(): Promise<number> {
  const once = process.argv.includes("--once");
  const drizzleAt = process.argv.indexOf("--drizzle");
  const drizzleDir = drizzleAt === -1 ? undefined : process.argv[drizzleAt + 1];
  if (drizzleAt !== -1) {
    // Checked before anything starts, with driftcheck's own layout detection.
    if (!drizzleDir || drizzleDir.startsWith("--")) throw new Error(`--drizzle needs ${MIGRATIONS_FOLDER_NEEDED}; no folder was given.`);
    const inspected = await inspectMigrationsFolder(drizzleDir);
    if (inspected.layout === null) throw new Error(`--drizzle needs ${MIGRATIONS_FOLDER_NEEDED}; ${inspected.problem}.`);
  }
  const say = (text: string) => process.stdout.write(`${text}\n`);
  let dev: DevStack | null = null;
  let control: ReturnType<typeof createHttpServer> | null = null;
  const cleanup = async () => {
    control?.close();
    await dev?.close();
    rmSync(START_STATE_FILE, { force: true });
  };

  try {
    dev = await startDevStack({ label: "start", say: (text) => say(`driftcheck start: ${text}`), ...(drizzleDir ? { drizzleDir: resolve(drizzleDir) } : {}) });
    const { stack, workerUrl, webhookSecret, apiToken } = dev;
    const first = stack.addCommit(REPO, { branch: GIT_BRANCH });

    const requestsBefore = stack.github.requests.length;
    const firstRun = await dev.checkAndWait(first.sha, "opened", RESULT_TIMEOUT_MS);
    printOutcome(say, firstRun, { workerUrl, apiToken, dashboardToken: dev.dashboardToken });
    const seen = stack.github.requests.slice(requestsBefore).filter((request) => !request.path.endsWith("/access_tokens"));
    const reads = seen.filter((request) => request.path.includes("/git/") || request.path.includes("/contents/") || request.path === "/graphql");
    say(`\nGitHub requests of this check: ${reads.length} reading the commit (tree, blobs, GraphQL batches), ${seen.length} in all with reporting.`);
    const behaved = drizzleDir
      ? firstRun.status === "completed" && (firstRun.output.title ?? "") !== "could not check"
      : firstRun.conclusion === "failure" && (firstRun.output.title ?? "").includes(EXPECTED);
    if (!behaved) {
      process.stderr.write(`driftcheck start: UNEXPECTED — the check run did not ${drizzleDir ? "conclude" : `fail with ${EXPECTED}`}.\n--- wrangler output ---\n${dev.logTail()}\n`);
    }
    if (once) return behaved ? 0 : 1;

    control = await startControl(stack);
    const state: StartState = { workerUrl, webhookSecret, apiToken, repo: REPO, controlUrl: `http://127.0.0.1:${(control.address() as { port: number }).port}` };
    writeFileSync(START_STATE_FILE, JSON.stringify(state), { mode: 0o600 });
    say(`\nServing. \`npm run trigger\` sends another webhook (a new commit on ${GIT_BRANCH}); Ctrl-C stops everything.`);
    const exited = dev.exited;
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
      void exited.then(resolve);
    });
    return 0;
  } finally {
    await cleanup();
  }
}

function printOutcome(say: (text: string) => void, run: StoredCheckRun, where: { workerUrl: string; apiToken: string; dashboardToken: string }): void {
  const verb = run.conclusion === "success" ? "passed" : run.conclusion === "failure" ? "failed" : (run.conclusion ?? "ended");
  say(`\nschema-drift ${verb}: ${run.output.title ?? ""}`);
  say("\nThe check run the stand-in GitHub received:");
  say(JSON.stringify({ id: run.id, name: run.name, head_sha: run.head_sha, status: run.status, conclusion: run.conclusion, details_url: run.details_url, title: run.output.title, annotations: run.annotations }, null, 2));
  say("\nSummary:\n" + (run.output.summary ?? "").split("\n").map((line) => `  ${line}`).join("\n"));
  say(`Stored results: curl -H "Authorization: Bearer ${where.apiToken}" "${where.workerUrl}/api/checks?repo=${encodeURIComponent(REPO)}"`);
  say(`Dashboard: ${where.workerUrl}/ — sign in at ${where.workerUrl}/sign-in with the token ${where.dashboardToken} (this run's own, made up at start)`);
}

/** `npm run trigger` asks this for a new commit (the stand-in lives in this process). */
async function startControl(stack: EdgeStack): Promise<ReturnType<typeof createHttpServer>> {
  let counter = 0;
  const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === "POST" && req.url === "/commit") {
      const commit = stack.addCommit(REPO, { branch: GIT_BRANCH, extraFiles: { "TRIGGER.md": `trigger ${++counter} at ${new Date().toISOString()}\n` } });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(commit));
      return;
    }
    if (req.method === "GET" && req.url?.startsWith("/check-run/")) {
      const sha = req.url.slice("/check-run/".length);
      const run = [...stack.github.checkRuns.values()].find((candidate) => candidate.head_sha === sha && candidate.status === "completed") ?? null;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(run));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

process.exitCode = await main().catch((error: unknown) => {
  process.stderr.write(`driftcheck start: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
});
