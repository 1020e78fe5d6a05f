/**
 * The edge service on `wrangler dev --local` against the stand-ins, started the way
 * scripts/start.ts does (PGlite behind the local Neon SQL endpoint, the stand-in GitHub and Neon
 * API, local D1 with its migrations, local Queues, vars in an env file inside a temporary persist
 * directory). Everything listens on 127.0.0.1 and is stopped by `close()`.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signGitHubPayload } from "../../src/adapters/github/signature.js";
import { APP_ID, DEFAULT_PROJECT_ID, INSTALLATION_ID, REPO_ROOT, startEdgeStack, type EdgeStack } from "../../test/support/edge-stack.js";
import type { StoredCheckRun } from "../../test/support/github-server.js";
import { GIT_BRANCH, pullRequestEvent } from "../../scripts/start-state.js";

export const REPO = "acme/soundcloud";
const OFFLINE_ENV = { WRANGLER_SEND_METRICS: "false", WRANGLER_HIDE_BANNER: "true", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

export interface DevStack {
  stack: EdgeStack;
  workerUrl: string;
  webhookSecret: string;
  /** Signs a `pull_request` webhook for `sha` as GitHub does; a fresh delivery id each call. */
  webhook(sha: string, action?: string): Promise<{ body: string; headers: Record<string, string> }>;
  /** Sends it and waits for the completed `schema-drift` check run of `sha`. */
  checkAndWait(sha: string, action?: string, timeoutMs?: number): Promise<StoredCheckRun>;
  close(): Promise<void>;
}

export interface DevStackOptions {
  /** Worker entry instead of wrangler.toml's `main` (bench/edge/ingest-worker.ts). */
  entry?: string;
}

export async function startDevStack(options: DevStackOptions = {}): Promise<DevStack> {
  const persistDir = mkdtempSync(join(tmpdir(), "driftcheck-bench-edge-"));
  let wrangler: ChildProcess | null = null;
  const stack = await startEdgeStack({ backend: "pglite" });
  const close = async () => {
    if (wrangler && wrangler.exitCode === null) await stopChild(wrangler);
    await stack.close();
    rmSync(persistDir, { recursive: true, force: true });
  };
  try {
    await stack.addBranch({ projectId: DEFAULT_PROJECT_ID, name: "main", default: true, state: "all-but-last" });
    await stack.addBranch({ projectId: DEFAULT_PROJECT_ID, name: `preview/${GIT_BRANCH}`, state: "all-but-last" });
    const port = await freePort();
    const workerUrl = `http://127.0.0.1:${port}`;
    const webhookSecret = `bench-webhook-${randomHex()}`;
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
      API_TOKEN: `bench-api-${randomHex()}`,
      PUBLIC_URL: workerUrl,
    }), { mode: 0o600 });

    const migrate = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...OFFLINE_ENV, CI: "true" },
      encoding: "utf8",
    });
    if (migrate.status !== 0) throw new Error(`wrangler d1 migrations apply failed:\n${migrate.stdout}\n${migrate.stderr}`);

    const inspectorPort = await freePort();
    wrangler = spawn(
      "npx",
      ["wrangler", "dev", ...(options.entry ? [options.entry] : []), "--local", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort), "--persist-to", persistDir, "--env-file", envFile, "--show-interactive-dev-session=false", "--log-level", "warn"],
      { cwd: REPO_ROOT, env: { ...process.env, ...OFFLINE_ENV }, stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    const log: string[] = [];
    wrangler.stdout?.on("data", (chunk: Buffer) => log.push(chunk.toString()));
    wrangler.stderr?.on("data", (chunk: Buffer) => log.push(chunk.toString()));
    await waitUntilHealthy(workerUrl, wrangler, log);

    const webhook = async (sha: string, action = "synchronize") => {
      const body = JSON.stringify(pullRequestEvent(REPO, sha, action, INSTALLATION_ID));
      return {
        body,
        headers: {
          "content-type": "application/json",
          "x-github-event": "pull_request",
          "x-github-delivery": crypto.randomUUID(),
          "x-hub-signature-256": await signGitHubPayload(body, webhookSecret),
          "user-agent": "GitHub-Hookshot/driftcheck-bench",
        },
      };
    };
    return {
      stack,
      workerUrl,
      webhookSecret,
      webhook,
      async checkAndWait(sha, action = "synchronize", timeoutMs = 120_000) {
        const { body, headers } = await webhook(sha, action);
        const response = await fetch(`${workerUrl}/webhooks/github`, { method: "POST", headers, body });
        if (response.status !== 202) throw new Error(`the webhook was answered ${response.status}: ${await response.text()}`);
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const run = [...stack.github.checkRuns.values()].find((candidate) => candidate.head_sha === sha && candidate.status === "completed");
          if (run) return run;
          if (wrangler!.exitCode !== null) throw new Error(`wrangler dev exited:\n${log.join("").slice(-4000)}`);
          if (Date.now() > deadline) throw new Error(`no completed check run for ${sha.slice(0, 7)} within ${timeoutMs / 1000} s:\n${log.join("").slice(-4000)}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function waitUntilHealthy(url: string, child: ChildProcess, log: string[]): Promise<void> {
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
