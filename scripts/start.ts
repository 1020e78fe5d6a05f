/**
 * `npm start`: the edge service's main job, locally, on embedded defaults (issue 4, point 7).
 *
 *  1. The local Neon SQL-over-HTTP endpoint over PGlite, loaded with examples/soundcloud
 *     migrated by drizzle-orm's migrator minus its last migration; the stand-in Neon API (project
 *     with the default branch and `preview/feature-x`) and the stand-in GitHub (the example app as
 *     repository `acme/soundcloud`, the App installed on it).
 *  2. `wrangler dev --local` with local D1 (migrations applied first) and local Queues, its vars
 *     pointing at the stand-ins through an env file in a temporary persist directory (never in
 *     the repository).
 *  3. A signed `pull_request` webhook, sent by this script; the outcome is printed: the check run
 *     the stand-in GitHub received and the `/api/checks` URL with its token.
 *  4. Keeps serving; `npm run trigger` sends another webhook. `npm start -- --once` exits after
 *     the first result: 0 when the check failed with COLUMN_MISSING soundcloud_tracks.updated_at.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signGitHubPayload } from "../src/adapters/github/signature.js";
import { APP_ID, DEFAULT_PROJECT_ID, INSTALLATION_ID, REPO_ROOT, startEdgeStack, type EdgeStack } from "../test/support/edge-stack.js";
import type { StoredCheckRun } from "../test/support/github-server.js";
import { GIT_BRANCH, pullRequestEvent, START_STATE_FILE, type StartState } from "./start-state.js";

const REPO = "acme/soundcloud";
const EXPECTED = "COLUMN_MISSING soundcloud_tracks.updated_at";
const RESULT_TIMEOUT_MS = 120_000;
const OFFLINE_ENV = { WRANGLER_SEND_METRICS: "false", WRANGLER_HIDE_BANNER: "true", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

async function main(): Promise<number> {
  const once = process.argv.includes("--once");
  const say = (text: string) => process.stdout.write(`${text}\n`);
  const persistDir = mkdtempSync(join(tmpdir(), "driftcheck-start-"));
  let wrangler: ChildProcess | null = null;
  let stack: EdgeStack | null = null;
  let control: ReturnType<typeof createHttpServer> | null = null;
  const cleanup = async () => {
    if (wrangler && wrangler.exitCode === null) await stopChild(wrangler);
    control?.close();
    await stack?.close();
    rmSync(persistDir, { recursive: true, force: true });
    rmSync(START_STATE_FILE, { force: true });
  };

  try {
    say("driftcheck start: loading examples/soundcloud into PGlite (last migration left out) and starting the stand-ins…");
    stack = await startEdgeStack({ backend: "pglite" });
    await stack.addBranch({ projectId: DEFAULT_PROJECT_ID, name: "main", default: true, state: "all-but-last" });
    await stack.addBranch({ projectId: DEFAULT_PROJECT_ID, name: `preview/${GIT_BRANCH}`, state: "all-but-last" });
    const first = stack.addCommit(REPO, { branch: GIT_BRANCH });

    const port = await freePort();
    const workerUrl = `http://127.0.0.1:${port}`;
    const webhookSecret = `local-webhook-${randomHex()}`;
    const apiToken = `local-api-${randomHex()}`;
    const envFile = join(persistDir, "driftcheck.env");
    writeFileSync(envFile, envFileText({
      GITHUB_WEBHOOK_SECRETS: webhookSecret,
      GITHUB_APP_ID: String(APP_ID),
      GITHUB_APP_PRIVATE_KEY: stack.appPrivateKey.trim().replace(/\n/g, "\\n"),
      GITHUB_API_URL: stack.github.url,
      NEON_API_URL: stack.neonApi.baseUrl,
      NEON_API_KEY: stack.secrets.neonApiKey,
      NEON_READONLY_PASSWORD: stack.secrets.readOnlyPassword,
      NEON_PROJECT_ID: DEFAULT_PROJECT_ID,
      NEON_FETCH_ENDPOINT: stack.neonHttp.endpoint,
      API_TOKEN: apiToken,
      PUBLIC_URL: workerUrl,
    }), { mode: 0o600 });

    say("driftcheck start: applying D1 migrations locally…");
    const migrate = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...OFFLINE_ENV, CI: "true" },
      encoding: "utf8",
    });
    if (migrate.status !== 0) throw new Error(`wrangler d1 migrations apply failed:\n${migrate.stdout}\n${migrate.stderr}`);

    say(`driftcheck start: starting wrangler dev --local on ${workerUrl}…`);
    const inspectorPort = await freePort();
    wrangler = spawn(
      "npx",
      ["wrangler", "dev", "--local", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort), "--persist-to", persistDir, "--env-file", envFile, "--show-interactive-dev-session=false"],
      { cwd: REPO_ROOT, env: { ...process.env, ...OFFLINE_ENV }, stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    const wranglerLog: string[] = [];
    const keep = (chunk: Buffer) => wranglerLog.push(chunk.toString());
    wrangler.stdout?.on("data", keep);
    wrangler.stderr?.on("data", keep);
    await waitUntilHealthy(workerUrl, wrangler, wranglerLog);

    const firstRun = await sendAndWait(stack, { workerUrl, webhookSecret, sha: first.sha, action: "opened" });
    printOutcome(say, firstRun, { workerUrl, apiToken });
    const behaved = firstRun.conclusion === "failure" && (firstRun.output.title ?? "").includes(EXPECTED);
    if (!behaved) {
      process.stderr.write(`driftcheck start: UNEXPECTED — the check run did not fail with ${EXPECTED}.\n--- wrangler output ---\n${wranglerLog.join("").slice(-4000)}\n`);
    }
    if (once) return behaved ? 0 : 1;

    control = await startControl(stack);
    const state: StartState = { workerUrl, webhookSecret, apiToken, repo: REPO, controlUrl: `http://127.0.0.1:${(control.address() as { port: number }).port}` };
    writeFileSync(START_STATE_FILE, JSON.stringify(state), { mode: 0o600 });
    say(`\nServing. \`npm run trigger\` sends another webhook (a new commit on ${GIT_BRANCH}); Ctrl-C stops everything.`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
      wrangler!.once("exit", () => resolve());
    });
    return 0;
  } finally {
    await cleanup();
  }
}

interface SendOptions {
  workerUrl: string;
  webhookSecret: string;
  sha: string;
  action: "opened" | "synchronize";
}

/** Signs and sends a `pull_request` webhook as GitHub would, then waits for the completed check run. */
async function sendAndWait(stack: EdgeStack, options: SendOptions): Promise<StoredCheckRun> {
  const body = JSON.stringify(pullRequestEvent(REPO, options.sha, options.action, INSTALLATION_ID));
  const response = await fetch(`${options.workerUrl}/webhooks/github`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "pull_request",
      "x-github-delivery": crypto.randomUUID(),
      "x-hub-signature-256": await signGitHubPayload(body, options.webhookSecret),
      "user-agent": "GitHub-Hookshot/driftcheck-start",
    },
    body,
  });
  if (response.status !== 202) throw new Error(`the webhook was answered ${response.status}: ${await response.text()}`);
  const deadline = Date.now() + RESULT_TIMEOUT_MS;
  for (;;) {
    const run = [...stack.github.checkRuns.values()].find((candidate) => candidate.head_sha === options.sha && candidate.status === "completed");
    if (run) return run;
    if (Date.now() > deadline) throw new Error(`no completed schema-drift check run for ${options.sha.slice(0, 7)} within ${RESULT_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function printOutcome(say: (text: string) => void, run: StoredCheckRun, where: { workerUrl: string; apiToken: string }): void {
  const verb = run.conclusion === "success" ? "passed" : run.conclusion === "failure" ? "failed" : (run.conclusion ?? "ended");
  say(`\nschema-drift ${verb}: ${run.output.title ?? ""}`);
  say("\nThe check run the stand-in GitHub received:");
  say(JSON.stringify({ id: run.id, name: run.name, head_sha: run.head_sha, status: run.status, conclusion: run.conclusion, details_url: run.details_url, title: run.output.title, annotations: run.annotations }, null, 2));
  say("\nSummary:\n" + (run.output.summary ?? "").split("\n").map((line) => `  ${line}`).join("\n"));
  say(`Stored results: curl -H "Authorization: Bearer ${where.apiToken}" "${where.workerUrl}/api/checks?repo=${encodeURIComponent(REPO)}"`);
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

async function waitUntilHealthy(url: string, child: ChildProcess, log: string[]): Promise<void> {
  // Generous: CI machines are shared, and wrangler builds the bundle before it listens.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${log.join("").slice(-4000)}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not answer /healthz within 120 s:\n${log.join("").slice(-4000)}`);
}

/** SIGTERM to the child's own process group (npx → wrangler → workerd), then wait for it. */
async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    child.kill("SIGTERM");
  }
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
}

function envFileText(values: Record<string, string>): string {
  return Object.entries(values).map(([key, value]) => `${key}="${value.replace(/"/g, '\\"')}"`).join("\n") + "\n";
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function randomHex(): string {
  return [...crypto.getRandomValues(new Uint8Array(12))].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

process.exitCode = await main().catch((error: unknown) => {
  process.stderr.write(`driftcheck start: ${error instanceof Error ? error.message : String(error)}\n`);
  return 1;
});
