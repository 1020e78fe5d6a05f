/**
 * `driftcheck github setup`: the App Manifest flow end to end against the stand-in GitHub (the
 * test plays the browser: it loads the local page, submits its form to GitHub's "new App" route
 * and follows the redirect to the local callback), the conversion, and the secrets stored through
 * a stand-in wrangler (`secret list`, `secret put` with the value on stdin). Run again, it stops;
 * --force makes a new App; --print stores nothing and prints the commands.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGitHubSetupCommand } from "../../src/cli/github-setup-command.js";
import { parseCliArgs } from "../../src/cli/args.js";
import { GitHubStandIn } from "../support/github-server.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const WORKER = "https://driftcheck-acme.example.workers.dev";
let github: GitHubStandIn;
const dir = mkdtempSync(join(tmpdir(), "driftcheck-github-setup-"));
const statePath = join(dir, "wrangler-state.json");

beforeAll(async () => {
  github = new GitHubStandIn();
  await github.start();
  writeFileSync(statePath, JSON.stringify({ d1: [], queues: [], calls: [], secrets: {} }));
});
afterAll(async () => {
  await github?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const wranglerState = () => JSON.parse(readFileSync(statePath, "utf8")) as { calls: string[]; secrets: Record<string, string> };

/** The browser's part: open the page, submit its form to GitHub, follow the redirect to the callback. */
async function browse(pageUrl: string): Promise<void> {
  const html = await (await fetch(pageUrl)).text();
  const unescape = (text: string) => text.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&amp;/g, "&");
  const action = unescape(/action="([^"]+)"/.exec(html)![1]!);
  const manifest = unescape(/name="manifest" value="([^"]+)"/.exec(html)![1]!);
  const submitted = await fetch(action, { method: "POST", body: new URLSearchParams({ manifest }), redirect: "manual" });
  expect(submitted.status).toBe(302);
  const callback = await fetch(submitted.headers.get("location")!);
  expect(callback.status).toBe(200);
}

async function setup(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: "", stderr: "" };
  const io = {
    stdout: (text: string) => void (out.stdout += text),
    stderr: (text: string) => void (out.stderr += text),
    env: { ...process.env, WRANGLER_STATE: statePath, DRIFTCHECK_WRANGLER: `${process.execPath} ${join(ROOT, "test", "support", "wrangler-stand-in.mjs")}` },
    cwd: dir,
    isTTY: false,
  };
  const args = parseCliArgs(["github", "setup", "--worker-url", WORKER, "--github-url", github.url, "--api-url", github.url, ...argv]);
  const code = await runGitHubSetupCommand(args, io, { onListening: (page) => void browse(page).catch((error: unknown) => (out.stderr += `browser: ${String(error)}`)) });
  return { code, ...out };
}

describe("driftcheck github setup", () => {
  it("creates the App from the manifest, stores its id, key and webhook secret, prints the install link", async () => {
    const { code, stdout, stderr } = await setup([]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const [app] = github.manifestFlow.apps;
    expect(github.manifestFlow.apps).toHaveLength(1);
    expect(app!.converted).toBe(true);
    expect(app!.manifest).toMatchObject({
      url: WORKER,
      hook_attributes: { url: `${WORKER}/webhooks/github`, active: true },
      public: false,
      default_permissions: { checks: "write", contents: "read", pull_requests: "write", metadata: "read" },
      default_events: ["pull_request", "push", "check_suite", "check_run"],
    });
    expect(wranglerState().secrets).toEqual({ GITHUB_APP_ID: String(app!.id), GITHUB_APP_PRIVATE_KEY: app!.pem, GITHUB_WEBHOOK_SECRETS: app!.webhookSecret });
    expect(stdout).toContain(`Install the App on your repositories: ${github.url}/apps/${app!.slug}/installations/new`);
    // The key and secret went to wrangler on stdin, never into the output.
    expect(stdout).not.toContain(app!.webhookSecret);
    expect(stdout).not.toContain("PRIVATE KEY");
    // The code converts once.
    expect(github.requestsTo("POST", /^\/app-manifests\/[^/]+\/conversions$/).map((r) => r.status)).toEqual([201]);
  }, 60_000);

  it("run again, finds the stored App and stops", async () => {
    const calls = wranglerState().calls.length;
    const { code, stdout } = await setup([]);
    expect(code).toBe(0);
    expect(stdout).toContain("GitHub App already stored in the Worker's secrets (GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_WEBHOOK_SECRETS)");
    expect(github.manifestFlow.apps).toHaveLength(1);
    expect(wranglerState().calls.slice(calls)).toEqual(["secret list --format json"]);
  }, 60_000);

  it("--force creates a new App and replaces the secrets", async () => {
    const { code } = await setup(["--force"]);
    expect(code).toBe(0);
    expect(github.manifestFlow.apps).toHaveLength(2);
    expect(wranglerState().secrets.GITHUB_APP_ID).toBe(String(github.manifestFlow.apps[1]!.id));
  }, 60_000);

  it("--print stores nothing and prints the wrangler commands; --org posts to the organisation's form", async () => {
    const before = wranglerState();
    const { code, stdout } = await setup(["--print", "--org", "acme"]);
    expect(code).toBe(0);
    const app = github.manifestFlow.apps[2]!;
    expect(app.owner).toBe("acme");
    expect(wranglerState().secrets).toEqual(before.secrets);
    expect(wranglerState().calls).toEqual(before.calls);
    expect(stdout).toContain(`printf '%s' '${app.id}' | npx wrangler secret put GITHUB_APP_ID`);
    expect(stdout).toContain(`printf '%s' '${app.webhookSecret}' | npx wrangler secret put GITHUB_WEBHOOK_SECRETS`);
  }, 60_000);

  it("refuses a Worker URL GitHub cannot deliver to", async () => {
    const out = { stdout: "", stderr: "" };
    const io = { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), env: {}, cwd: dir, isTTY: false };
    expect(await runGitHubSetupCommand(parseCliArgs(["github", "setup", "--worker-url", "http://driftcheck.example.com"]), io)).toBe(1);
    expect(out.stderr).toContain("--worker-url must start with https://");
  });
});
