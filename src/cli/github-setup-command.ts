/**
 * `driftcheck github setup --worker-url URL [--org ORG] [--print] [--force]`: creates the GitHub
 * App through GitHub's App Manifest flow and stores what the Worker needs.
 *  1. A local page (http://127.0.0.1:PORT/) posts the App manifest (webhook URL, permissions,
 *     events) to GitHub's "new App" form; the user confirms on GitHub;
 *  2. GitHub redirects to the local callback with a one-time code;
 *  3. `POST /app-manifests/{code}/conversions` returns the App id, private key and webhook secret;
 *  4. they are stored with `wrangler secret put` (or printed as commands with --print), and the
 *     install link is printed.
 * Run again, it finds GITHUB_APP_ID among the Worker's secrets and stops unless --force.
 * https://docs.github.com/en/apps/sharing-github-apps/registering-a-github-app-from-a-manifest
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { DriftcheckError, userError } from "../core/errors.js";
import type { CliArgs } from "./args.js";
import { EXIT_COULD_NOT_RUN, EXIT_OK } from "./exit-codes.js";
import { writeLine, type CliIo } from "./io.js";
import { errorResult, printError } from "./report-output.js";
import { createScrubber } from "./secrets.js";
import { wranglerSecretStore, type SecretStore } from "./wrangler-secrets.js";

export const GITHUB_APP_SECRETS = ["GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_WEBHOOK_SECRETS"] as const;
/** What the Worker reads and writes (README "Deploy", step 2). */
export const APP_PERMISSIONS = { checks: "write", contents: "read", pull_requests: "write", metadata: "read" };
export const APP_EVENTS = ["pull_request", "push", "check_suite", "check_run"];
const CALLBACK_TIMEOUT_MS = 15 * 60 * 1000;

export interface GitHubSetupDeps {
  secrets?: SecretStore;
  /** Called with the local page's URL once it listens (tests drive the browser's part from here). */
  onListening?: (pageUrl: string) => void;
  fetch?: typeof fetch;
}

interface Conversion {
  id: number;
  slug: string;
  html_url: string;
  pem: string;
  webhook_secret: string;
}

export async function runGitHubSetupCommand(args: CliArgs, rawIo: CliIo, deps: GitHubSetupDeps = {}): Promise<number> {
  const secrets: string[] = [];
  const scrubbed = (text: string) => createScrubber(secrets)(text);
  const io: CliIo = { ...rawIo, stderr: (text) => rawIo.stderr(scrubbed(text)) };
  try {
    const workerUrl = parseWorkerUrl(args.workerUrl);
    const store = deps.secrets ?? wranglerSecretStore(rawIo.env, rawIo.cwd);
    if (!args.print && !args.force) {
      const stored = (await store.list()).filter((name) => (GITHUB_APP_SECRETS as readonly string[]).includes(name));
      if (stored.includes("GITHUB_APP_ID")) {
        writeLine(io.stdout, `GitHub App already stored in the Worker's secrets (${stored.join(", ")}): nothing to do.`);
        writeLine(io.stdout, "Pass --force to create a new App and replace them.");
        return EXIT_OK;
      }
    }
    const webUrl = trimSlash(args.githubUrl ?? "https://github.com");
    const apiUrl = trimSlash(args.apiUrl ?? rawIo.env.GITHUB_API_URL ?? "https://api.github.com");
    const code = await receiveManifestCode(workerUrl, webUrl, args.org, io, deps);
    const app = await convert(apiUrl, code, deps.fetch ?? fetch);
    secrets.push(app.pem, app.webhook_secret);
    const values: Record<(typeof GITHUB_APP_SECRETS)[number], string> = {
      GITHUB_APP_ID: String(app.id),
      GITHUB_APP_PRIVATE_KEY: app.pem,
      GITHUB_WEBHOOK_SECRETS: app.webhook_secret,
    };
    writeLine(io.stdout, `created  GitHub App ${app.slug} (id ${app.id}): ${app.html_url}`);
    if (args.print) {
      writeLine(io.stdout, "\nStore these as the Worker's secrets, in the driftcheck repository (shown once):");
      for (const [name, value] of Object.entries(values)) writeLine(io.stdout, `  printf '%s' ${shellQuote(value)} | npx wrangler secret put ${name}`);
    } else {
      for (const [name, value] of Object.entries(values)) {
        await store.put(name, value);
        writeLine(io.stdout, `stored   ${name} (wrangler secret put)`);
      }
    }
    writeLine(io.stdout, `\nInstall the App on your repositories: ${app.html_url}/installations/new`);
    return EXIT_OK;
  } catch (error) {
    printError(errorResult(error, "error"), io);
    return EXIT_COULD_NOT_RUN;
  }
}

function parseWorkerUrl(value: string | undefined): string {
  if (value === undefined) throw userError("--worker-url is required.", "Pass the deployed Worker's URL, e.g. --worker-url https://driftcheck.example.workers.dev");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw userError("--worker-url is not a URL.", "For example: https://driftcheck.example.workers.dev");
  }
  const local = url.hostname === "127.0.0.1" || url.hostname === "localhost";
  if (url.protocol !== "https:" && !(local && url.protocol === "http:")) throw userError("--worker-url must start with https:// (GitHub delivers webhooks over HTTPS).", "Use the Worker's workers.dev or custom-domain URL.");
  return trimSlash(url.origin + url.pathname);
}

export function appManifest(workerUrl: string, redirectUrl: string): Record<string, unknown> {
  const host = new URL(workerUrl).hostname.split(".")[0] ?? "worker";
  return {
    name: `driftcheck ${host}`.slice(0, 34),
    url: workerUrl,
    description: "Schema-drift checks: does the Neon branch contain everything this commit's Drizzle schema expects?",
    hook_attributes: { url: `${workerUrl}/webhooks/github`, active: true },
    redirect_url: redirectUrl,
    public: false,
    default_permissions: APP_PERMISSIONS,
    default_events: APP_EVENTS,
  };
}

/** Serves the page that posts the manifest, and waits for GitHub's redirect to the callback. */
async function receiveManifestCode(workerUrl: string, webUrl: string, org: string | undefined, io: CliIo, deps: GitHubSetupDeps): Promise<string> {
  const state = randomBytes(16).toString("hex");
  let server: Server | undefined;
  try {
    return await new Promise<string>((resolveCode, reject) => {
      const timer = setTimeout(() => reject(userError("No answer from GitHub within 15 minutes.", "Run this again and open the printed page in a browser signed in to GitHub.")), CALLBACK_TIMEOUT_MS);
      server = createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        if (url.pathname === "/callback") {
          const code = url.searchParams.get("code");
          if (url.searchParams.get("state") !== state || !code) {
            res.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("This callback does not belong to the running `driftcheck github setup`.");
            return;
          }
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<!doctype html><title>driftcheck</title><p>GitHub App created. Return to the terminal.</p>");
          clearTimeout(timer);
          resolveCode(code);
          return;
        }
        if (url.pathname !== "/") {
          res.writeHead(404).end();
          return;
        }
        const address = server!.address();
        const port = typeof address === "object" && address ? address.port : 0;
        const manifest = appManifest(workerUrl, `http://127.0.0.1:${port}/callback`);
        const action = `${webUrl}${org ? `/organizations/${encodeURIComponent(org)}` : ""}/settings/apps/new?state=${state}`;
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(manifestPage(action, manifest));
      });
      server.on("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server!.address();
        const port = typeof address === "object" && address ? address.port : 0;
        const pageUrl = `http://127.0.0.1:${port}/`;
        writeLine(io.stdout, `Open ${pageUrl} in a browser signed in to GitHub: it sends the App manifest to GitHub, where you confirm the App.`);
        deps.onListening?.(pageUrl);
      });
    });
  } finally {
    server?.closeAllConnections();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  }
}

function manifestPage(action: string, manifest: Record<string, unknown>): string {
  const attr = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return `<!doctype html><meta charset="utf-8"><title>driftcheck: create the GitHub App</title>
<form id="manifest" method="post" action="${attr(action)}">
<input type="hidden" name="manifest" value="${attr(JSON.stringify(manifest))}">
<p>Creating the driftcheck GitHub App on GitHub… <button type="submit">Continue to GitHub</button></p>
</form><script>document.getElementById("manifest").submit();</script>`;
}

async function convert(apiUrl: string, code: string, fetchFn: typeof fetch): Promise<Conversion> {
  const response = await fetchFn(`${apiUrl}/app-manifests/${encodeURIComponent(code)}/conversions`, {
    method: "POST",
    headers: { accept: "application/vnd.github+json", "x-github-api-version": "2022-11-28", "user-agent": "driftcheck-setup" },
  });
  const body = (await response.json().catch(() => null)) as Partial<Conversion> | null;
  if (response.status !== 201 || !body || typeof body.id !== "number" || typeof body.pem !== "string" || typeof body.webhook_secret !== "string") {
    throw new DriftcheckError("user", `GitHub answered ${response.status} to the manifest conversion.`, { hint: "The code is valid for one hour and one use: run this again." });
  }
  return body as Conversion;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
