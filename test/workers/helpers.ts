/** Shared helpers of the workerd tests: signed webhooks, payloads, API calls, D1 polling. */
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, expect } from "vitest";
import { signGitHubPayload } from "../../src/adapters/github/signature.js";
import { findInstallationForRepo, openDb, type Db } from "../../src/adapters/d1/store.js";

export const BASE = "https://driftcheck.test";

/** The first (current) webhook secret configured for the test Worker. */
export function webhookSecret(): string {
  return env.GITHUB_WEBHOOK_SECRETS.split(",")[0]!.trim();
}

export function db(): Db {
  return openDb(env.DB);
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}

export function randomSha(): string {
  return [...crypto.getRandomValues(new Uint8Array(20))].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

export async function sendWebhook(
  event: string,
  body: string | object,
  options: { delivery?: string; secret?: string; signature?: string | null; contentType?: string } = {},
): Promise<Response> {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const signature = options.signature === undefined ? await signGitHubPayload(raw, options.secret ?? webhookSecret()) : options.signature;
  const headers: Record<string, string> = {
    "content-type": options.contentType ?? "application/json",
    "x-github-event": event,
    "x-github-delivery": options.delivery ?? crypto.randomUUID(),
    "user-agent": "GitHub-Hookshot/test",
  };
  if (signature !== null) headers["x-hub-signature-256"] = signature;
  return SELF.fetch(`${BASE}/webhooks/github`, { method: "POST", headers, body: raw });
}

export function api(path: string, init: RequestInit & { token?: string | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = init.token === undefined ? env.API_TOKEN : init.token;
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  if (init.body !== undefined) headers.set("content-type", "application/json");
  return SELF.fetch(`${BASE}${path}`, { ...init, headers });
}

/** Shapes follow GitHub's webhook payloads (only the fields driftcheck reads, plus a few others). */
// Webhook payloads are GitHub's published examples (@octokit/webhooks-examples) with the fields a
// test needs overridden.
export { pullRequestPayload, pushPayload } from "./webhook-examples.js";

/**
 * Waits are for events, never speed measurements: each test's figure is what a quiet machine
 * needs, scaled for a busy one (the suite must pass pinned to one core, issue 13). Waiting longer
 * costs time only when a test is failing anyway.
 */
export const WAIT_SCALE = 4;

export async function waitFor<T>(read: () => Promise<T | null | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs * WAIT_SCALE;
  for (;;) {
    const value = await read();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${(timeoutMs * WAIT_SCALE) / 1000} s)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The App is installed on the repository (D1 `installations`, through a signed webhook). */
export async function installOn(repo: string, installation: number): Promise<void> {
  const response = await sendWebhook("installation_repositories", {
    action: "added",
    installation: { id: installation, account: { login: repo.split("/")[0] } },
    repositories_added: [{ full_name: repo }],
    repositories_removed: [],
  });
  expect(response.status).toBe(202);
  await waitFor(async () => (await findInstallationForRepo(db(), repo)) ?? null, `the installation of ${repo}`);
}

/**
 * Every line logged while the file's tests run (the Worker runs in this isolate, so its logs pass
 * through here), for assertions about what was said — and what never was (secrets).
 */
export function captureConsole(): string[] {
  const lines: string[] = [];
  const restore: (() => void)[] = [];
  beforeAll(() => {
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      const original = console[level];
      console[level] = (...args: unknown[]) => {
        lines.push(args.map((arg) => (typeof arg === "string" ? arg : (JSON.stringify(arg) ?? String(arg)))).join(" "));
        original.apply(console, args);
      };
      restore.push(() => (console[level] = original));
    }
  });
  afterAll(() => restore.forEach((undo) => undo()));
  return lines;
}
