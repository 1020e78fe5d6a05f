import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { StoredCheck } from "../../src/adapters/d1/store.js";
import { BASE, uniqueId } from "./helpers.js";
import { decodeEntities, finding, getPage, signIn, storeCompletedCheck } from "./dashboard-helpers.js";

const FIX_SQL = 'ALTER TABLE "public"."users" ADD COLUMN "email" text NOT NULL;';
const HOSTILE = '<script>alert("x")</script>';

let cookie: string;
let repo: string;
let failing: StoredCheck;
let passing: StoredCheck;

beforeAll(async () => {
  cookie = await signIn();
  repo = `acme/${uniqueId("dash")}`;
  const start = Date.now() - 60_000;
  passing = await storeCompletedCheck({ repo, environment: "production", findings: [], createdAt: start });
  failing = await storeCompletedCheck({
    repo,
    environment: "preview",
    pr: 17,
    ref: "feature/email",
    createdAt: start + 1000,
    findings: [
      finding({
        code: "COLUMN_MISSING",
        object: "public.users.email",
        expected: "text",
        actual: null,
        message: "Column public.users.email is missing: the code reads it.",
        fixSql: FIX_SQL,
        pendingMigration: "0003_add_email",
      }),
      finding({ code: "INDEX_EXTRA", severity: "info", kind: "index", object: "public.users.users_legacy_idx", fixSql: null }),
      finding({ code: "MIGRATION_PENDING", severity: "warning", kind: "migration", object: "0003_add_email", message: "Migration 0003_add_email is not applied." }),
    ],
  });
});

describe("/checks/:id", () => {
  it("shows the summary, COLUMN_MISSING with the column, expected/actual and its fix SQL, and the fix script", async () => {
    const response = await getPage(`/checks/${failing.id}`, cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    const text = decodeEntities(html);
    expect(html).toContain("badge-fail");
    expect(text).toContain("COLUMN_MISSING");
    expect(text).toContain("public.users.email");
    expect(text).toContain(`<pre class="fix-sql">${FIX_SQL}</pre>`);
    expect(text).toContain("Expected (code)");
    expect(text).toContain("<code>text</code>");
    // Grouped by severity, errors first.
    expect(text.indexOf("Errors (1)")).toBeGreaterThan(-1);
    expect(text.indexOf("Errors (1)")).toBeLessThan(text.indexOf("Warnings (1)"));
    expect(text.indexOf("Warnings (1)")).toBeLessThan(text.indexOf("Info (1)"));
    // The pending migration that fixes it, and the migration status.
    expect(text).toContain("Fixed by the pending migration <code>0003_add_email</code>");
    expect(text).toMatch(/Migration status<\/h2>\s*<ul><li><strong class="sev-warning">MIGRATION_PENDING<\/strong>/);
    // The dependency-ordered fix script.
    const script = /<pre id="fix-script">([\s\S]*?)<\/pre>/.exec(text)?.[1] ?? "";
    expect(script).toContain("BEGIN;");
    expect(script).toContain(FIX_SQL);
    expect(script.indexOf("BEGIN;")).toBeLessThan(script.indexOf(FIX_SQL));
    expect(script).toContain("COMMIT;");
    // Links and timings.
    expect(html).toContain(`href="https://github.com/${repo}/commit/${failing.sha}"`);
    expect(html).toContain(`href="https://github.com/${repo}/pull/17"`);
    expect(text).toContain("feature/email");
    expect(text).toMatch(/introspect<\/th><td>34 ms/);
    expect(text).toMatch(/githubRequests<\/th><td>3</);
  });

  it("answers a 404 page for an unknown id", async () => {
    const response = await getPage(`/checks/${crypto.randomUUID()}`, cookie);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("No check with this id.");
  });
});

describe("/ recent checks", () => {
  it("lists the failing check with a fail badge and filters by repository, environment, outcome and source", async () => {
    const all = await (await getPage(`/?repo=${encodeURIComponent(repo)}`, cookie)).text();
    expect(all).toContain(`href="/checks/${failing.id}"><span class="badge badge-fail">fail</span>`);
    expect(all).toContain(`href="/checks/${passing.id}"><span class="badge badge-pass">pass</span>`);
    // Newest first.
    expect(all.indexOf(failing.id)).toBeLessThan(all.indexOf(passing.id));
    // The form keeps the filter values.
    expect(all).toContain(`name="repo" value="${repo}"`);

    const failed = await (await getPage(`/?repo=${encodeURIComponent(repo)}&outcome=fail`, cookie)).text();
    expect(failed).toContain(failing.id);
    expect(failed).not.toContain(passing.id);
    expect(failed).toMatch(/<option value="fail" selected="">fail<\/option>/);

    const production = await (await getPage(`/?repo=${encodeURIComponent(repo)}&environment=production`, cookie)).text();
    expect(production).toContain(passing.id);
    expect(production).not.toContain(failing.id);

    const passedPreview = await (await getPage(`/?repo=${encodeURIComponent(repo)}&environment=preview&outcome=pass`, cookie)).text();
    expect(passedPreview).not.toContain(failing.id);
    expect(passedPreview).toContain("No checks match these filters.");

    const otherRepo = await (await getPage(`/?repo=acme/${uniqueId("none")}`, cookie)).text();
    expect(otherRepo).not.toContain(failing.id);

    // The cron's re-checks can be told apart from (and filtered out of) the event-driven ones.
    const scheduled = await storeCompletedCheck({ repo, environment: "production", findings: [], source: "schedule" });
    const bySchedule = await (await getPage(`/?repo=${encodeURIComponent(repo)}&source=schedule`, cookie)).text();
    expect(bySchedule).toContain(scheduled.id);
    expect(bySchedule).not.toContain(failing.id);
    expect(bySchedule).toMatch(/<option value="schedule" selected="">scheduled<\/option>/);
    const byGitHub = await (await getPage(`/?repo=${encodeURIComponent(repo)}&source=github`, cookie)).text();
    expect(byGitHub).toContain(failing.id);
    expect(byGitHub).not.toContain(scheduled.id);

    // Unknown filter values mean "any" rather than an error.
    expect((await getPage(`/?repo=${encodeURIComponent(repo)}&outcome=bogus&environment=staging`, cookie)).status).toBe(200);
  });
});

describe("/repos/:owner/:repo", () => {
  it("shows each environment's timeline of outcomes and finding counts", async () => {
    const response = await getPage(`/repos/${repo}`, cookie);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<h1>${repo}</h1>`);
    const preview = html.slice(html.indexOf("<h2>preview</h2>"));
    const production = html.slice(html.indexOf("<h2>production</h2>"));
    expect(html.indexOf("<h2>production</h2>")).toBeGreaterThan(-1);
    expect(html.indexOf("<h2>preview</h2>")).toBeGreaterThan(-1);
    expect(preview).toContain(failing.id);
    expect(preview).toContain("badge-fail");
    expect(preview).toContain("1 error");
    expect(production.slice(0, production.indexOf("</table>"))).toContain(passing.id);
    expect(production).toContain("0 errors");
  });
});

describe("HTML escaping", () => {
  it("escapes a malicious object name, message, value, fix SQL and ref everywhere", async () => {
    const hostileRepo = `acme/${uniqueId("xss")}`;
    const check = await storeCompletedCheck({
      repo: hostileRepo,
      environment: "preview",
      ref: HOSTILE,
      findings: [
        finding({
          code: "COLUMN_MISSING",
          object: `public.users.${HOSTILE}`,
          expected: HOSTILE,
          actual: { type: HOSTILE },
          message: `Column ${HOSTILE} is missing`,
          fixSql: `ALTER TABLE "public"."users" ADD COLUMN "${HOSTILE}" text;`,
          pendingMigration: HOSTILE,
        }),
      ],
    });
    for (const path of [`/checks/${check.id}`, `/repos/${hostileRepo}`, `/?repo=${encodeURIComponent(hostileRepo)}`, `/?repo=${encodeURIComponent(HOSTILE)}`]) {
      const html = await (await getPage(path, cookie)).text();
      expect(html, path).not.toMatch(/<script/i);
    }
    const page = await (await getPage(`/checks/${check.id}`, cookie)).text();
    expect(page).toContain("public.users.&lt;script&gt;");
    expect(decodeEntities(page)).toContain(`public.users.${HOSTILE}`);
  });
});

describe("/api/* with the dashboard cookie", () => {
  it("reads a check with the cookie instead of the bearer token", async () => {
    const response = await SELF.fetch(`${BASE}/api/checks/${failing.id}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { findings: { code: string }[] };
    expect(body.findings.map((item) => item.code)).toContain("COLUMN_MISSING");
  });
});
