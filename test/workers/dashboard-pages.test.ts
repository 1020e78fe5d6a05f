import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { StoredCheck } from "../../src/adapters/d1/store.js";
import { failCheck, saveProductionContext, setResolvedNeonBranch } from "../../src/adapters/d1/store.js";
import { BASE, db, uniqueId } from "./helpers.js";
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
    expect(text).toMatch(/Migration status<\/h2>\s*<p>One migration finding \(MIGRATION_PENDING\), listed above\.<\/p>/);
    // The fix script (fix-sql's): a fix the pending migration makes is left to it, and it says so first.
    const script = /<pre id="fix-script">([\s\S]*?)<\/pre>/.exec(text)?.[1] ?? "";
    expect(script).toContain("-- FIRST run the 1 pending migration with `drizzle-kit migrate`: 0003_add_email.");
    expect(script).toContain("--   COLUMN_MISSING public.users.email (0003_add_email)");
    expect(script).not.toContain(FIX_SQL);
    // Links and timings.
    expect(html).toContain(`href="https://github.com/${repo}/commit/${failing.sha}"`);
    expect(html).toContain(`href="https://github.com/${repo}/pull/17"`);
    expect(text).toContain("feature/email");
    expect(text).toMatch(/introspect<\/th><td>34 ms/);
    expect(text).toMatch(/githubRequests<\/th><td>3</);
  });

  it("opens with a headline naming the failure and the next step on the resolved Neon branch", async () => {
    await setResolvedNeonBranch(db(), failing.id, "preview/feature/email", Date.now());
    const text = decodeEntities(await (await getPage(`/checks/${failing.id}`, cookie)).text());
    const headline = /<div id="headline"[^>]*>([\s\S]*?)<\/div>/.exec(text)?.[1] ?? "";
    expect(headline).toContain("<strong>Fails: migration 0003_add_email has not run on Neon branch preview/feature/email.</strong>");
    expect(headline).toContain("Next: Run the pending migration 0003_add_email on Neon branch preview/feature/email (drizzle-kit migrate against it), then re-run the check.");
    // The headline comes before everything else, and the summary names the branch.
    expect(text.indexOf('id="headline"')).toBeLessThan(text.indexOf("<dl>"));
    expect(text).toMatch(/<dt>Neon branch<\/dt><dd>preview\/feature\/email<\/dd>/);
  });

  it("shows each finding once, and expected/actual in the CLI's readable form", async () => {
    const check = await storeCompletedCheck({
      repo,
      environment: "preview",
      pr: 18,
      findings: [
        finding({
          code: "COLUMN_MISSING",
          object: "public.users.age",
          expected: { type: "integer", notNull: true, default: "0", identity: null, generated: null },
          actual: null,
          pendingMigration: "0004_age",
        }),
        finding({
          code: "MIGRATION_PENDING",
          kind: "migration",
          object: "0004_age",
          expected: { tag: "0004_age", when: 1714564800000, hash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" },
          pendingMigration: "0004_age",
        }),
      ],
    });
    await saveProductionContext(db(), check.id, {
      kind: "compared",
      branchName: "main",
      database: "neondb",
      findings: [finding({ code: "COLUMN_MISSING", object: "public.users.age" })],
      omitted: 0,
      infoCount: 0,
    });
    const text = decodeEntities(await (await getPage(`/checks/${check.id}`, cookie)).text());
    const mentions = (needle: string) => text.split(needle).length - 1;
    // One card each; the migration status and production sections refer to them instead of repeating them.
    expect(mentions("<strong class=\"sev-error\">COLUMN_MISSING</strong>")).toBe(1);
    expect(mentions("<strong class=\"sev-error\">MIGRATION_PENDING</strong>")).toBe(1);
    expect(text).toContain("One finding above applies to production too.");
    // A migration is not "fixed by" itself.
    expect(mentions("Fixed by the pending migration")).toBe(1);
    expect(text).toContain("<code>integer NOT NULL DEFAULT 0</code>");
    expect(text).toContain("<code>migration 0004_age applied (journal time 2024-05-01 12:00 UTC), sha256 9f86d081884c…</code>");
    expect(text).not.toContain('{"tag"');
    expect(text).not.toContain('{"type"');
  });

  it("heads a check that could not run with the reason and its hint, and a passing one with the branch it read", async () => {
    const broken = await storeCompletedCheck({ repo, environment: "production", findings: [] });
    await failCheck(db(), broken.id, { kind: "connection", message: "The Neon HTTP endpoint failed (HTTP 503).", hint: "A temporary problem at Neon; retrying later may help." }, Date.now());
    await setResolvedNeonBranch(db(), broken.id, "main", Date.now());
    const errorText = decodeEntities(await (await getPage(`/checks/${broken.id}`, cookie)).text());
    expect(errorText).toContain("<strong>Could not check on Neon branch main: The Neon HTTP endpoint failed (HTTP 503).</strong>");
    expect(errorText).toContain("Next: A temporary problem at Neon; retrying later may help.");

    await setResolvedNeonBranch(db(), passing.id, "main", Date.now());
    const passText = decodeEntities(await (await getPage(`/checks/${passing.id}`, cookie)).text());
    expect(passText).toContain(`<strong>Passes: the database on Neon branch main has everything the code at ${passing.sha.slice(0, 7)} expects.</strong>`);
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
