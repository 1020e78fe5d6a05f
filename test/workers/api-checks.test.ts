import { env } from "cloudflare:workers";
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { getExpectedSchema } from "../../src/adapters/d1/store.js";
import type { ApiCheck } from "../../src/worker/routes/api-checks.js";
import { BASE, api, db, randomSha, uniqueId, waitFor } from "./helpers.js";

describe("GET /healthz", () => {
  it("is public", async () => {
    const response = await SELF.fetch(`${BASE}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, service: "driftcheck" });
  });
});

describe("/api/* bearer token", () => {
  it("answers 401 without a token, with a wrong token and with another scheme", async () => {
    const none = await api("/api/checks", { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect((await api("/api/checks", { token: "wrong-token-0123456789" })).status).toBe(401);
    const basic = await SELF.fetch(`${BASE}/api/checks`, { headers: { authorization: `Basic ${btoa(`x:${env.API_TOKEN}`)}` } });
    expect(basic.status).toBe(401);
    const body = await none.text();
    expect(body).not.toContain(env.API_TOKEN);
  });

  it("answers JSON 404 for unknown routes", async () => {
    const response = await api("/api/nothing-here");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { message: "Not found." } });
  });
});

describe("POST/GET /api/checks through D1", () => {
  it("creates a queued check, enqueues it, and returns it by id and by repo", async () => {
    const repo = `acme/${uniqueId("api")}`;
    const sha = randomSha();
    const created = await api("/api/checks", { method: "POST", body: JSON.stringify({ repo, sha, ref: "main", environment: "production" }) });
    expect(created.status).toBe(202);
    const { id, url } = (await created.json()) as { id: string; url: string };
    expect(url).toBe(`/api/checks/${id}`);

    const one = await api(url);
    expect(one.status).toBe(200);
    const { check, findings } = (await one.json()) as { check: ApiCheck; findings: unknown[] };
    expect(check).toMatchObject({ id, source: "api", repo, sha, ref: "main", environment: "production", run: 1, detailsUrl: `https://driftcheck.test/checks/${id}` });
    expect(findings).toEqual([]);

    // A second request for the same commit is a new run, listed first.
    const second = (await (await api("/api/checks", { method: "POST", body: JSON.stringify({ repo, sha, neonBranch: "preview/x" }) })).json()) as { id: string };
    const listed = (await (await api(`/api/checks?repo=${encodeURIComponent(repo)}`)).json()) as { checks: ApiCheck[] };
    expect(listed.checks.map((item) => item.id).sort()).toEqual([id, second.id].sort());
    expect(listed.checks.every((item) => item.repo === repo)).toBe(true);

    // The queued job reaches the consumer: the stand-in runner concludes "could not check", never a pass.
    const concluded = await waitFor(async () => {
      const body = (await (await api(url)).json()) as { check: ApiCheck };
      return body.check.status === "completed" ? body.check : null;
    }, "the consumer to conclude the check");
    expect(concluded.outcome).toBe("error");
  });

  it("stores an expected schema content-addressed and names it on the check", async () => {
    const expected = { formatVersion: 1, schemas: ["public"], enums: {}, sequences: {}, tables: {}, views: {} };
    const response = await api("/api/checks", {
      method: "POST",
      body: JSON.stringify({ repo: `acme/${uniqueId("exp")}`, sha: randomSha(), neonBranch: "main", expected }),
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    const row = await env.DB.prepare("select expected_key from checks where id = ?").bind(id).first<{ expected_key: string }>();
    expect(row?.expected_key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await getExpectedSchema(db(), row!.expected_key)).toEqual(expected);
  });

  it("answers 400 naming the problem for invalid bodies and queries", async () => {
    const noTarget = await api("/api/checks", { method: "POST", body: JSON.stringify({ repo: "acme/app", sha: randomSha() }) });
    expect(noTarget.status).toBe(400);
    expect(await noTarget.text()).toContain("neonBranch");
    const badSha = await api("/api/checks", { method: "POST", body: JSON.stringify({ repo: "acme/app", sha: "abc", ref: "main" }) });
    expect(await badSha.text()).toContain("sha");
    const notJson = await api("/api/checks", { method: "POST", body: "{" });
    expect(notJson.status).toBe(400);
    const extra = await api("/api/checks", { method: "POST", body: JSON.stringify({ repo: "acme/app", sha: randomSha(), ref: "main", token: "x" }) });
    expect(extra.status).toBe(400);
    expect((await api("/api/checks?limit=0")).status).toBe(400);
    expect((await api("/api/checks?repo=not-a-repo")).status).toBe(400);
  });

  it("answers 400 for identifiers GitHub or git would refuse, as the webhooks do, storing nothing", async () => {
    for (const body of [
      { repo: "acme/..", sha: randomSha(), ref: "main" },
      { repo: `acme/${"A".repeat(10_000)}`, sha: randomSha(), ref: "main" },
      { repo: `${"a".repeat(40)}/app`, sha: randomSha(), ref: "main" },
      { repo: "acme/app", sha: randomSha(), ref: "a..b" },
      { repo: "acme/app", sha: randomSha(), ref: "x\ny" },
      { repo: "acme/app", sha: randomSha(), neonBranch: "x\u0000y" },
    ]) {
      const response = await api("/api/checks", { method: "POST", body: JSON.stringify(body) });
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      const stored = await env.DB.prepare("select count(*) as n from checks where sha = ?").bind(body.sha.toLowerCase()).first<{ n: number }>();
      expect(stored?.n).toBe(0);
    }
  });

  it("answers 404 for an unknown check id", async () => {
    const response = await api(`/api/checks/${crypto.randomUUID()}`);
    expect(response.status).toBe(404);
  });
});
