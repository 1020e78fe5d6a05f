/**
 * The reliability suite, secrets canary (issue 13): after the outputs most likely to carry a
 * secret have been produced — a failing PR check with its comment, a check whose GitHub and Neon
 * calls failed (errors quote URLs and headers), webhooks with forged signatures, sign-in attempts
 * with wrong tokens, the dashboard and API pages — no secret the Worker holds appears in any D1
 * table, log line, HTTP answer, report (check runs, comments) or request the stand-ins received.
 * The CLI's outputs are covered by test/pg/cli-redaction.test.ts (the same canary idea, in Node).
 */
import { createMessageBatch } from "cloudflare:test";
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { findLatestCheck } from "../../../src/adapters/d1/store.js";
import { githubEventToJob } from "../../../src/worker/github/events.js";
import worker, { type Job } from "../../../src/worker/index.js";
import { BASE, api, captureConsole, db, pullRequestPayload, pushPayload, sendWebhook, waitFor } from "../../workers/helpers.js";
import { checkRunFor, commit, control, standIns, uniqueRepo } from "../../workers/e2e-support.js";
import { dashboardSecrets, getPage, signIn, signInRequest } from "../../workers/dashboard-helpers.js";

const logLines = captureConsole();

describe("secrets canary over every output", () => {
  it("no secret the Worker holds appears anywhere it writes or answers", async () => {
    const answers: string[] = [];
    const keep = async (response: Response) => {
      answers.push(`${response.status} ${JSON.stringify([...response.headers])} ${await response.text()}`);
    };
    // A failing PR check (findings, comment, check run).
    const repo = uniqueRepo("canary");
    const { sha } = await commit(repo);
    await keep(await sendWebhook("pull_request", pullRequestPayload({ repo, sha, branch: "feature-x", number: 5 })));
    await checkRunFor(repo, sha);
    // A check whose GitHub and Neon calls fail (error messages quote what was asked).
    for (const [system, binding] of [["github", "GITHUB_API_URL"], ["neonSql", "NEON_FETCH_ENDPOINT"], ["neonApi", "NEON_API_URL"]] as const) {
      const failing = await commit(repo, { "X.md": system });
      const decision = githubEventToJob("push", pushPayload({ repo, sha: failing.sha, ref: "refs/heads/main", installation: 4242 }), crypto.randomUUID());
      if (decision.kind !== "job") throw new Error("push is a job");
      const proxy = await control<{ url: string }>("POST", "/fault-proxy", { system, fault: "garbage" });
      await worker.queue(createMessageBatch<Job>("driftcheck-checks", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts: 6, body: decision.job }]), { ...env, [binding]: proxy.url } as Env);
    }
    // Forged and foreign webhooks, wrong sign-ins, the pages and the API.
    await keep(await sendWebhook("push", pushPayload({ repo, sha, ref: "refs/heads/main" }), { secret: "foreign" }));
    await keep(await signInRequest("wrong-token-0123456789"));
    await keep(await signInRequest(dashboardSecrets.API_TOKEN));
    const cookie = await signIn();
    const check = await waitFor(() => findLatestCheck(db(), { repo, sha, environment: "preview" }), "the PR check");
    for (const path of ["/", `/checks/${check.id}`, `/repos/${repo}`, "/sign-in"]) await keep(await getPage(path, cookie));
    for (const path of ["/api/checks", `/api/checks/${check.id}`, `/api/checks?repo=${encodeURIComponent(repo)}`]) await keep(await api(path));
    await keep(await api("/api/checks", { token: "wrong" }));
    await keep(await SELF.fetch(`${BASE}/healthz`));

    const state = await standIns();
    const vercel = await control<{ requests: unknown[] }>("GET", "/vercel/state");
    const keyBody = env.GITHUB_APP_PRIVATE_KEY.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
    const canaries: Record<string, string> = {
      "Neon read-only password": env.NEON_READONLY_PASSWORD,
      "Neon API key": env.NEON_API_KEY,
      "GitHub App key": keyBody.slice(40, 100),
      "webhook secret": env.GITHUB_WEBHOOK_SECRETS.split(",")[0]!.trim(),
      "old webhook secret": env.GITHUB_WEBHOOK_SECRETS.split(",")[1]!.trim(),
      "Vercel webhook secret": env.VERCEL_WEBHOOK_SECRETS.split(",")[0]!.trim(),
      "Vercel token": env.VERCEL_TOKEN,
      "API token": dashboardSecrets.API_TOKEN,
      "dashboard token": dashboardSecrets.DASHBOARD_TOKEN,
      "session secret": dashboardSecrets.SESSION_SECRET,
      ...Object.fromEntries(state.installationTokens.map((token, index) => [`installation token ${index}`, token])),
    };
    const tables = ((await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all()).results as { name: string }[]).map((row) => row.name);
    const rows: Record<string, unknown[]> = {};
    for (const table of tables) rows[table] = (await env.DB.prepare(`SELECT * FROM "${table}"`).all()).results;
    const places: Record<string, string> = {
      ...Object.fromEntries(Object.entries(rows).map(([table, content]) => [`D1 table ${table}`, JSON.stringify(content)])),
      "log lines": logLines.join("\n"),
      "HTTP answers": answers.join("\n"),
      "check runs": JSON.stringify(state.checkRuns),
      "PR comments": JSON.stringify(state.comments),
      "GitHub requests": JSON.stringify(state.githubRequests),
      "Neon SQL requests": JSON.stringify(state.neonHttpRequests.map((request) => ({ ...request, connection: undefined }))),
      "Neon API requests": JSON.stringify(state.neonApiRequests),
      "Vercel requests": JSON.stringify(vercel.requests),
    };
    expect(logLines.length, "the Worker logged").toBeGreaterThan(0);
    expect(state.installationTokens.length, "installation tokens were issued (and are looked for)").toBeGreaterThan(0);
    expect(tables.length).toBeGreaterThan(5);
    const leaks: string[] = [];
    for (const [place, text] of Object.entries(places)) {
      for (const [name, value] of Object.entries(canaries)) if (value && text.includes(value)) leaks.push(`${name} in ${place}`);
    }
    expect(leaks).toEqual([]);
  }, 180_000);
});
