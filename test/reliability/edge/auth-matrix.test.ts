/**
 * The reliability suite, the auth matrix (issue 13): every page and API route × every kind of
 * credential a caller can send — none, forged, expired, signed with a foreign secret, the wrong
 * token for the route, a cookie where a token is expected and back — must be refused (pages: 303 to
 * sign-in; API: 401), and only the right one opens it. Cookie-authenticated writes need our own
 * origin (CSRF), and sign-in's `next` may only lead to a path on this origin.
 * Cases marked "item 1/2" assert the fixed sign-in `next` handling of another branch.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createSessionValue } from "../../../src/worker/auth/session.js";
import { BASE } from "../../workers/helpers.js";
import { dashboardSecrets, signIn, signInRequest } from "../../workers/dashboard-helpers.js";

const PAGES = ["/", "/?repo=acme%2Fapp&outcome=fail", "/checks/00000000-0000-4000-8000-000000000000", "/repos/acme/app"];
const API: { method: "GET" | "POST"; path: string; body?: string }[] = [
  { method: "GET", path: "/api/checks" },
  { method: "GET", path: "/api/checks?repo=acme/app" },
  { method: "GET", path: "/api/checks/00000000-0000-4000-8000-000000000000" },
  { method: "POST", path: "/api/checks", body: JSON.stringify({ repo: "acme/app", sha: "a".repeat(40), environment: "production" }) },
];

type Credential = { name: string; headers: () => Promise<Record<string, string>> };

const cookie = (value: string) => ({ cookie: `driftcheck_session=${value}` });
const HOUR = 3_600_000;

/** Every way to be refused. */
const WRONG: Credential[] = [
  { name: "nothing", headers: async () => ({}) },
  { name: "forged cookie", headers: async () => cookie(`${Date.now() + HOUR}.AAAA.BBBB`) },
  { name: "garbage cookie", headers: async () => cookie("x".repeat(4_000)) },
  { name: "expired cookie", headers: async () => cookie((await createSessionValue(dashboardSecrets.SESSION_SECRET, Date.now() - 2 * 86_400_000)).toString()) },
  { name: "foreign-secret cookie", headers: async () => cookie(await createSessionValue("a-session-secret-from-another-deployment", Date.now())) },
  { name: "cookie with its expiry pushed out", headers: async () => cookie((await createSessionValue(dashboardSecrets.SESSION_SECRET, Date.now())).replace(/^\d+/, String(Date.now() + 1000 * 86_400_000))) },
  { name: "forged bearer token", headers: async () => ({ authorization: "Bearer not-the-token-0123456789" }) },
  { name: "API token with a suffix", headers: async () => ({ authorization: `Bearer ${dashboardSecrets.API_TOKEN}x` }) },
  { name: "API token prefix", headers: async () => ({ authorization: `Bearer ${dashboardSecrets.API_TOKEN.slice(0, -1)}` }) },
  { name: "empty bearer", headers: async () => ({ authorization: "Bearer " }) },
  { name: "basic auth with the token", headers: async () => ({ authorization: `Basic ${btoa(`x:${dashboardSecrets.API_TOKEN}`)}` }) },
  { name: "the session cookie value as a bearer token", headers: async () => ({ authorization: `Bearer ${(await signIn()).split("=")[1]}` }) },
];

async function request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Response> {
  return SELF.fetch(`${BASE}${path}`, { method, headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body } : {}), redirect: "manual" });
}

describe("pages refuse every wrong credential", () => {
  for (const credential of [...WRONG, { name: "the API token (pages take the dashboard session)", headers: async () => ({ authorization: `Bearer ${dashboardSecrets.API_TOKEN}` }) }]) {
    it(`${credential.name}: 303 to sign-in on every page`, async () => {
      for (const path of PAGES) {
        const response = await request("GET", path, await credential.headers());
        expect(response.status, path).toBe(303);
        expect(response.headers.get("location"), path).toMatch(/^\/sign-in(\?next=|$)/);
        expect(response.headers.get("set-cookie"), path).toBeNull();
      }
    });
  }

  it("the right session opens every page", async () => {
    const session = { cookie: await signIn() };
    for (const path of PAGES) expect([200, 404], path).toContain((await request("GET", path, session)).status);
  });
});

describe("the API refuses every wrong credential", () => {
  for (const credential of [...WRONG, { name: "the dashboard token as a bearer token", headers: async () => ({ authorization: `Bearer ${dashboardSecrets.DASHBOARD_TOKEN}` }) }]) {
    it(`${credential.name}: 401 on every route, with no data`, async () => {
      for (const route of API) {
        const response = await request(route.method, route.path, await credential.headers(), route.body);
        const text = await response.text();
        expect(response.status, `${route.method} ${route.path}`).toBe(401);
        expect(text).not.toContain("acme/app\",\"sha");
      }
    });
  }

  it("the bearer token and the session open every route", async () => {
    const credentials: Record<string, string>[] = [{ authorization: `Bearer ${dashboardSecrets.API_TOKEN}` }, { cookie: await signIn(), origin: BASE }];
    for (const headers of credentials) {
      for (const route of API) {
        const response = await request(route.method, route.path, headers, route.body);
        expect(response.status, `${route.method} ${route.path} with ${Object.keys(headers).join("+")}`).not.toBe(401);
        expect(response.status).toBeLessThan(500);
      }
    }
  });
});

describe("CSRF: a cookie-authenticated write needs our own origin", () => {
  for (const origin of [null, "https://evil.example", "null", "https://driftcheck.test.evil.example", "http://driftcheck.test"]) {
    it(`POST /api/checks with the session from ${origin === null ? "no Origin header" : `origin ${origin}`}: 403`, async () => {
      const headers: Record<string, string> = { cookie: await signIn() };
      if (origin !== null) headers.origin = origin;
      const response = await request("POST", "/api/checks", headers, API[3]!.body);
      expect(response.status).toBe(403);
    });
  }

  for (const origin of ["https://evil.example", "null"]) {
    it(`POST /sign-in and /sign-out from origin ${origin}: 403, no cookie set`, async () => {
      const signInResponse = await signInRequest(dashboardSecrets.DASHBOARD_TOKEN, { origin });
      expect(signInResponse.status).toBe(403);
      expect(signInResponse.headers.get("set-cookie")).toBeNull();
      const signOut = await SELF.fetch(`${BASE}/sign-out`, { method: "POST", headers: { origin, cookie: await signIn(), "content-type": "application/x-www-form-urlencoded" }, body: "", redirect: "manual" });
      expect(signOut.status).toBe(403);
      expect(signOut.headers.get("set-cookie")).toBeNull();
    });
  }
});

describe("sign-in's `next` leads only to a path on this origin", () => {
  const OFFSITE = [
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example/phish",
    "\\\\evil.example",
    "/\t/evil.example/phish", // item 1: browsers drop the tab
    "/%09/evil.example/phish",
    "/\n/evil.example", // item 2: CR, LF, NUL
    "/\r\n/evil.example",
    "/\u0000/evil.example",
    "javascript:alert(1)",
    "http:evil.example",
    " /evil",
  ];
  for (const next of OFFSITE) {
    // Tab, CR, LF and NUL are issue 13 items 1 and 2, fixed on the sign-in branch.
    const item = /[\t\n\r\u0000]/.test(next) ? " (items 1–2)" : "";
    it(`${JSON.stringify(next)}${item}: after sign-in the Location stays on this origin, never a 5xx`, async () => {
      const response = await signInRequest(dashboardSecrets.DASHBOARD_TOKEN, { next });
      expect(response.status).toBeLessThan(500);
      if (response.status === 303) {
        const location = response.headers.get("location") ?? "";
        expect(new URL(location, BASE).origin, `Location ${JSON.stringify(location)}`).toBe(BASE);
        // What a browser does with it: tabs and newlines dropped (WHATWG URL), then resolved.
        expect(new URL(location.replace(/[\t\n\r]/g, ""), BASE).origin, `Location ${JSON.stringify(location)} as a browser reads it`).toBe(BASE);
      }
      const page = await SELF.fetch(`${BASE}/sign-in?next=${encodeURIComponent(next)}`, { redirect: "manual" });
      expect(page.status).toBeLessThan(500);
    });
  }

  it("a same-origin path with its query is kept", async () => {
    const response = await signInRequest(dashboardSecrets.DASHBOARD_TOKEN, { next: "/repos/acme/app?x=1" });
    expect(response.headers.get("location")).toBe("/repos/acme/app?x=1");
  });
});
