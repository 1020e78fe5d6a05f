/**
 * `driftcheck vercel setup` end to end: `run()` in-process against the stand-in Vercel API
 * (test/support/vercel-server.ts), which accepts only the paths and bodies @vercel/sdk's
 * generated client sends and records every request.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DRIFTCHECK_WEBHOOK_EVENTS } from "../../src/adapters/vercel/setup.js";
import { run } from "../../src/cli/run.js";
import { VERCEL_EVENTS } from "../../src/worker/queue/jobs.js";
import { startVercelStandIn, type VercelStandIn } from "../support/vercel-server.js";

const TOKEN = "canary-vercel-setup-token-7f3a9c";
const HOOK_URL = "https://driftcheck.example.workers.dev/webhooks/vercel";
const PROJECT = { id: "prj_app", name: "my-app", teamId: "team_acme", teamSlug: "acme" };

let vercel: VercelStandIn;
beforeEach(async () => {
  vercel = await startVercelStandIn({ token: TOKEN });
  vercel.addProject(PROJECT);
});
afterEach(async () => {
  await vercel.close();
});

interface SetupRun {
  project?: string;
  team?: string;
  extra?: string[];
  env?: Record<string, string | undefined>;
}

async function setup({ project = "my-app", team = "acme", extra = [], env = { VERCEL_TOKEN: TOKEN } }: SetupRun = {}) {
  const out = { stdout: "", stderr: "" };
  const io = { stdout: (text: string) => void (out.stdout += text), stderr: (text: string) => void (out.stderr += text), env, cwd: process.cwd(), isTTY: false };
  const args = ["vercel", "setup", "--project", project, "--team", team, "--webhook-url", HOOK_URL, "--api-url", vercel.url, ...extra];
  const exitCode = await run(args, io);
  return { exitCode, ...out };
}

/** The requests since `from`, as "METHOD path?query → status". */
function requestsSince(from: number): string[] {
  return vercel.requests.slice(from).map((request) => {
    const query = new URLSearchParams(request.query).toString();
    return `${request.method} ${request.path}${query ? `?${query}` : ""} → ${request.status}`;
  });
}

const LISTS = ["GET /v9/projects/my-app?slug=acme → 200", "GET /v2/projects/prj_app/checks?slug=acme → 200", "GET /v1/webhooks?slug=acme → 200"];

describe("driftcheck vercel setup", () => {
  it("first run creates the webhook and the check and prints the secret once; the second creates nothing", async () => {
    const first = await setup();
    expect(first.stderr).toBe("");
    expect(first.exitCode).toBe(0);

    expect(requestsSince(0)).toEqual([...LISTS, "POST /v1/webhooks?slug=acme → 200", "POST /v2/projects/prj_app/checks?slug=acme → 200"]);
    const [createWebhook, createCheck] = vercel.requests.slice(3);
    expect(createWebhook!.headers).toEqual({ authorization: "Bearer (token)", "content-type": "application/json" });
    expect(createWebhook!.body).toEqual({ url: HOOK_URL, events: [...DRIFTCHECK_WEBHOOK_EVENTS] });
    const [webhook] = [...vercel.webhooks.values()];
    expect(webhook).toMatchObject({ id: "hook_0001", url: HOOK_URL, ownerId: "team_acme" });
    expect(createCheck!.body).toEqual({
      name: "driftcheck",
      requires: "build-ready",
      targets: ["production", "preview"],
      blocks: "deployment-alias",
      source: { kind: "webhook", webhookId: "hook_0001" },
      timeout: 300,
    });
    expect([...vercel.projectChecks.values()]).toMatchObject([{ id: "chk_0002", projectId: "prj_app", name: "driftcheck", source: { kind: "webhook", webhookId: "hook_0001" } }]);

    const secret = webhook!.secret;
    expect(first.stdout.split(secret)).toHaveLength(2); // printed exactly once
    expect(first.stdout.replace(secret, "SECRET")).toBe(
      [
        "project  my-app (prj_app), team acme",
        `webhook  created hook_0001 → ${HOOK_URL}`,
        `         events: ${DRIFTCHECK_WEBHOOK_EVENTS.join(", ")}; every project of the account`,
        "         Its signing secret, shown this once (Vercel never shows it again):",
        "",
        "             SECRET",
        "",
        "         Store it in the Worker now: npx wrangler secret put VERCEL_WEBHOOK_SECRETS",
        "         (paste the secret; to keep an older secret valid meanwhile, paste both, comma-separated, newest first)",
        `check    created "driftcheck" (chk_0002): production and preview, once built; a failed run blocks domain assignment; runs announced by webhook hook_0001`,
        "Done: created the webhook and the check.",
        "",
      ].join("\n"),
    );

    const before = vercel.requests.length;
    const second = await setup();
    expect(second.exitCode).toBe(0);
    expect(second.stderr).toBe("");
    expect(requestsSince(before)).toEqual(LISTS);
    expect(vercel.webhooks.size).toBe(1);
    expect(vercel.projectChecks.size).toBe(1);
    expect(second.stdout).not.toContain(secret);
    expect(second.stdout).toContain(`webhook  already there: hook_0001 → ${HOOK_URL}\n`);
    expect(second.stdout).toContain(`check    already there: "driftcheck" (chk_0002), runs announced by webhook hook_0001\n`);
    expect(second.stdout).toMatch(/Nothing to do: the webhook and the check were already there\.\n$/);
  });

  it("reuses a webhook that already points at the URL, and names it in the new check", async () => {
    const existing = vercel.addWebhook({ url: HOOK_URL, events: [...DRIFTCHECK_WEBHOOK_EVENTS, "deployment.ready"], teamId: "team_acme" });
    const result = await setup();
    expect(result.exitCode).toBe(0);
    expect(requestsSince(0)).toEqual([...LISTS, "POST /v2/projects/prj_app/checks?slug=acme → 200"]);
    expect(vercel.requests.at(-1)!.body).toMatchObject({ source: { kind: "webhook", webhookId: existing.id } });
    expect(vercel.webhooks.size).toBe(1);
    expect(result.stdout).not.toContain(existing.secret);
    expect(result.stdout).toContain(`webhook  already there: ${existing.id} → ${HOOK_URL}\n`);
    expect(result.stdout).toMatch(/Done: created the check\.\n$/);
  });

  it("a webhook without the check-run events is a problem: no check is created, exit 1 with the fix", async () => {
    const existing = vercel.addWebhook({ url: HOOK_URL, events: ["deployment.created", "deployment.succeeded"], teamId: "team_acme" });
    const result = await setup();
    expect(result.exitCode).toBe(1);
    expect(requestsSince(0)).toEqual(LISTS);
    expect(vercel.projectChecks.size).toBe(0);
    expect(result.stdout).toContain(
      `webhook  already there: ${existing.id} → ${HOOK_URL}\n` +
        "         problem: it is not subscribed to deployment.promoted, deployment.error, deployment.canceled, deployment.checkrun.start, deployment.checkrun.cancel\n" +
        "         fix: Vercel's API cannot change a webhook. Delete it (Vercel → Settings → Webhooks) and, if there is one, the check\n",
    );
    expect(result.stdout).toContain('check    not created: "driftcheck" would block deployments');
    expect(result.stderr).toBe("driftcheck: Vercel is not fully set up: 1 problem above.\n  hint: Follow each problem's fix, then run this command again.\n");
  });

  it("--dry-run lists and creates nothing", async () => {
    const result = await setup({ extra: ["--dry-run"] });
    expect(result.exitCode).toBe(0);
    expect(requestsSince(0)).toEqual(LISTS);
    expect(result.stdout).toContain(`webhook  would create: ${HOOK_URL} for deployment.created,`);
    expect(result.stdout).toContain('check    would create "driftcheck"');
    expect(result.stdout).toMatch(/Dry run: nothing was created\.\n$/);
  });

  it("a refused token exits 1 saying what to fix, never printing the token, and creates nothing", async () => {
    const wrong = "canary-wrong-vercel-token-51d0e2";
    const result = await setup({ env: { VERCEL_TOKEN: wrong } });
    expect(result.exitCode).toBe(1);
    expect(requestsSince(0)).toEqual(["GET /v9/projects/my-app?slug=acme → 403"]);
    expect(vercel.requests[0]!.headers.authorization).toBe("Bearer (wrong)");
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "driftcheck: The Vercel API refused the token (HTTP 403, get project my-app): Not authorized.\n" +
        "  hint: Check VERCEL_TOKEN: it must be valid (Vercel → Account Settings → Tokens) and scoped to the team that owns the project (pass that team with --team).\n",
    );
    expect(result.stdout + result.stderr).not.toContain(wrong);
  });

  it("a team the token cannot access is a refusal too", async () => {
    const result = await setup({ team: "team_other" });
    expect(result.exitCode).toBe(1);
    expect(requestsSince(0)).toEqual(["GET /v9/projects/my-app?teamId=team_other → 403"]);
    expect(result.stderr).toContain("The Vercel API refused the token (HTTP 403, get project my-app): You don't have permission to access this team.\n");
  });

  it("an unknown project exits 1 naming the project and the team, and creates nothing", async () => {
    const result = await setup({ project: "no-such-app" });
    expect(result.exitCode).toBe(1);
    expect(requestsSince(0)).toEqual(["GET /v9/projects/no-such-app?slug=acme → 404"]);
    expect(result.stdout).toBe("");
    expect(vercel.webhooks.size + vercel.projectChecks.size).toBe(0);
    expect(result.stderr).toBe(
      'driftcheck: Vercel has no project "no-such-app" in team acme.\n' +
        "  hint: Check --project (the name or id in Project → Settings → General) and --team (the slug in the team's URL, or its id team_…).\n",
    );
  });

  it("without VERCEL_TOKEN or --webhook-url nothing is sent and the message says what to set", async () => {
    const noToken = await setup({ env: {} });
    expect(noToken.exitCode).toBe(1);
    expect(noToken.stderr).toContain("driftcheck: VERCEL_TOKEN is not set.\n  hint: Create a token in Vercel");

    const out = { stdout: "", stderr: "" };
    const io = { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), env: { VERCEL_TOKEN: TOKEN }, cwd: process.cwd(), isTTY: false };
    expect(await run(["vercel", "setup", "--project", "my-app", "--api-url", vercel.url], io)).toBe(1);
    expect(out.stderr).toContain("driftcheck: --webhook-url is required.");
    expect(await run(["vercel", "setup", "--project", "my-app", "--webhook-url", "https://driftcheck.example.workers.dev", "--api-url", vercel.url], io)).toBe(1);
    expect(out.stderr).toContain("hint: Add the route: https://driftcheck.example.workers.dev/webhooks/vercel.");
    expect(vercel.requests).toEqual([]);
  });
});

describe("driftcheck vercel: arguments", () => {
  const capture = () => {
    const out = { stdout: "", stderr: "" };
    const io = { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), env: {}, cwd: process.cwd(), isTTY: false };
    return { io, out };
  };

  it("needs the setup subcommand", async () => {
    const { io, out } = capture();
    expect(await run(["vercel"], io)).toBe(1);
    expect(out.stderr).toContain("driftcheck: `driftcheck vercel` takes one subcommand: setup.");
  });

  it("refuses flags of other commands, and its flags elsewhere", async () => {
    const { io, out } = capture();
    expect(await run(["vercel", "setup", "--project", "p", "--fail-on", "warning"], io)).toBe(1);
    expect(out.stderr).toContain("driftcheck: --fail-on does not apply to `driftcheck vercel setup`.");
    expect(await run(["check", "--project", "p"], io)).toBe(1);
    expect(out.stderr).toContain("driftcheck: --project does not apply to `driftcheck check` (only to vercel).");
  });

  it("subscribes the webhook to exactly the events the Worker acts on", () => {
    expect([...DRIFTCHECK_WEBHOOK_EVENTS].sort()).toEqual([...VERCEL_EVENTS].sort());
  });
});
