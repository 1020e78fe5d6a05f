/**
 * The edge service on `wrangler dev --local` against the stand-ins — what `npm start` runs and
 * the edge benches (bench/github-requests.ts, bench/webhook-ingest.ts) measure: PGlite behind
 * the local Neon SQL endpoint (the default branch and `preview/feature-x`, both migrated minus
 * the example's last migration), the stand-in GitHub and Neon API, local D1 with its migrations
 * applied, local Queues, and the Worker's vars in an env file inside a temporary persist
 * directory (never in the repository). Everything listens on 127.0.0.1 and is stopped by `close()`;
 * every process it starts is supervised (scripts/lib/supervisor.ts), so none outlives this one,
 * however this one ends.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APP_ID, DEFAULT_PROJECT_ID, REPO_ROOT, startEdgeStack, type EdgeStack } from "../../test/support/edge-stack.js";
import type { StoredCheckRun } from "../../test/support/github-server.js";
import { GIT_BRANCH, REPO, signedPullRequestWebhook, type SignedWebhook } from "../start-state.js";
import { startSupervisor } from "./supervisor.js";

const OFFLINE_ENV = { WRANGLER_SEND_METRICS: "false", WRANGLER_HIDE_BANNER: "true", CLOUDFLARE_CF_FETCH_ENABLED: "false" };
/** Generous: CI machines are shared, and wrangler builds the bundle before it listens. */
const HEALTHY_TIMEOUT_MS = 120_000;
const LOG_TAIL = 4000;

export interface DevStack {
  stack: EdgeStack;
  workerUrl: string;
  webhookSecret: string;
  /** Bearer token of the Worker's `/api/checks`. */
  apiToken: string;
  /** The dashboard's sign-in token (DASHBOARD_TOKEN; not the API token, so a test can tell them apart). */
  dashboardToken: string;
  /** Signs a `pull_request` webhook for `sha` in REPO as GitHub does; a fresh delivery id each call. */
  webhook(sha: string, action?: string): Promise<SignedWebhook>;
  /** Sends it and waits for the completed `schema-drift` check run of `sha`. */
  checkAndWait(sha: string, action?: string, timeoutMs?: number): Promise<StoredCheckRun>;
  /** The last few thousand characters wrangler printed (for error reports). */
  logTail(): string;
  /** Resolves when `wrangler dev` exits (by itself or through `close()`). */
  exited: Promise<void>;
  close(): Promise<void>;
}

export interface DevStackOptions {
  /** Names the temporary persist directory, the secrets and the webhooks' user agent. */
  label: string;
  /** Worker entry instead of wrangler.jsonc's `main` (bench/edge/ingest-worker.ts). */
  entry?: string;
  /** `wrangler dev --log-level`; wrangler's default when absent. */
  logLevel?: "debug" | "info" | "log" | "warn" | "error" | "none";
  /** Progress lines while starting. */
  say?: (text: string) => void;
  /** A drizzle-kit folder (0.x or 1.x) instead of examples/soundcloud's (see EdgeStackOptions.drizzleDir). */
  drizzleDir?: string;
}

export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  const say = options.say ?? (() => {});
  const persistDir = mkdtempSync(join(tmpdir(), `driftcheck-${options.label}-`));
  // Started first: from here on, whatever is spawned dies with this process.
  const supervisor = startSupervisor();
  let wrangler: ChildProcess | null = null;
  let stack: EdgeStack | null = null;
  const close = async () => {
    if (wrangler && wrangler.exitCode === null) await stopChild(wrangler);
    // workerd ignores SIGTERM and esbuild may linger: the watchdog SIGKILLs whatever is left.
    await supervisor.close();
    await stack?.close();
    rmSync(persistDir, { recursive: true, force: true });
  };
  try {
    say(`loading ${options.drizzleDir ?? "examples/soundcloud"} into PGlite (last migration left out) and starting the stand-ins…`);
    stack = await startEdgeStack({ backend: "pglite", ...(options.drizzleDir ? { drizzleDir: options.drizzleDir } : {}) });
    await stack.addBranch({ projectId: DEFAULT_PROJECT_ID, name: "main", default: true, state: "all-but-last" });
    await stack.addBranch({ projectId: DEFAULT_PROJECT_ID, name: `preview/${GIT_BRANCH}`, state: "all-but-last" });
    const port = await freePort();
    const workerUrl = `http://127.0.0.1:${port}`;
    const webhookSecret = `${options.label}-webhook-${randomHex()}`;
    const apiToken = `${options.label}-api-${randomHex()}`;
    const dashboardToken = `${options.label}-dashboard-${randomHex()}`;
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
      DASHBOARD_TOKEN: dashboardToken,
      SESSION_SECRET: `${options.label}-session-${randomHex()}`,
      PUBLIC_URL: workerUrl,
    }), { mode: 0o600 });

    say("applying D1 migrations locally…");
    const migrate = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir], {
      cwd: REPO_ROOT,
      env: supervisor.env({ ...OFFLINE_ENV, CI: "true" }),
      encoding: "utf8",
    });
    if (migrate.status !== 0) throw new Error(`wrangler d1 migrations apply failed:\n${migrate.stdout}\n${migrate.stderr}`);

    say(`starting wrangler dev --local on ${workerUrl}…`);
    const inspectorPort = await freePort();
    const child = spawn(
      "npx",
      [
        "wrangler", "dev", ...(options.entry ? [options.entry] : []), "--local", "--ip", "127.0.0.1", "--port", String(port),
        "--inspector-port", String(inspectorPort), "--persist-to", persistDir, "--env-file", envFile, "--show-interactive-dev-session=false",
        ...(options.logLevel ? ["--log-level", options.logLevel] : []),
      ],
      { cwd: REPO_ROOT, env: supervisor.env(OFFLINE_ENV), stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    wrangler = child;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const log: string[] = [];
    const logTail = () => log.join("").slice(-LOG_TAIL);
    child.stdout?.on("data", (chunk: Buffer) => log.push(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => log.push(chunk.toString()));
    await waitUntilHealthy(workerUrl, child, logTail);

    const userAgent = `GitHub-Hookshot/driftcheck-${options.label}`;
    const webhook = (sha: string, action = "synchronize") => signedPullRequestWebhook({ repo: REPO, sha, action, secret: webhookSecret, userAgent });
    const liveStack = stack;
    return {
      stack: liveStack,
      workerUrl,
      webhookSecret,
      apiToken,
      dashboardToken,
      webhook,
      async checkAndWait(sha, action = "synchronize", timeoutMs = 120_000) {
        const { body, headers } = await webhook(sha, action);
        const response = await fetch(`${workerUrl}/webhooks/github`, { method: "POST", headers, body });
        if (response.status !== 202) throw new Error(`the webhook was answered ${response.status}: ${await response.text()}`);
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const run = [...liveStack.github.checkRuns.values()].find((candidate) => candidate.head_sha === sha && candidate.status === "completed");
          if (run) return run;
          if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${logTail()}`);
          if (Date.now() > deadline) throw new Error(`no completed schema-drift check run for ${sha.slice(0, 7)} within ${timeoutMs / 1000} s:\n${logTail()}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
      logTail,
      exited,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function waitUntilHealthy(url: string, child: ChildProcess, logTail: () => string): Promise<void> {
  const deadline = Date.now() + HEALTHY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${logTail()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not answer /healthz within ${HEALTHY_TIMEOUT_MS / 1000} s:\n${logTail()}`);
}

/** SIGTERM to the child's own process group (npx → wrangler), a moment to shut down cleanly; the supervisor does the rest. */
async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    child.kill("SIGTERM");
  }
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
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
