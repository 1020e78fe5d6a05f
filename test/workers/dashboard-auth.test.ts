import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createSessionValue } from "../../src/worker/auth/session.js";
import { BASE } from "./helpers.js";
import { dashboardSecrets, getPage, signIn, signInRequest } from "./dashboard-helpers.js";

describe("dashboard pages without a session", () => {
  it("redirect (303) to the sign-in page, remembering where to go back", async () => {
    const home = await getPage("/");
    expect(home.status).toBe(303);
    expect(home.headers.get("location")).toBe("/sign-in");
    const check = await getPage("/checks/some-id?x=1");
    expect(check.status).toBe(303);
    expect(check.headers.get("location")).toBe(`/sign-in?next=${encodeURIComponent("/checks/some-id?x=1")}`);
    expect((await getPage("/repos/acme/app")).status).toBe(303);
  });

  it("serve the sign-in page publicly, with no scripts allowed", async () => {
    const response = await getPage("/sign-in?next=/repos/acme/app");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<form method="post" action="/sign-in">');
    expect(html).toContain('name="next" value="/repos/acme/app"');
    expect(html).not.toContain("<script");
  });
});

describe("POST /sign-in", () => {
  it("refuses a wrong token, and the API token when the dashboard has its own", async () => {
    for (const token of ["wrong-token-0123456789", dashboardSecrets.API_TOKEN, ""]) {
      const response = await signInRequest(token);
      expect(response.status).toBe(401);
      expect(response.headers.get("set-cookie")).toBeNull();
      const html = await response.text();
      expect(html).toContain("That is not the dashboard token.");
      expect(html).not.toContain(dashboardSecrets.DASHBOARD_TOKEN);
    }
  });

  it("sets a signed HttpOnly, Secure, SameSite cookie with an expiry and opens the pages", async () => {
    const response = await signInRequest(dashboardSecrets.DASHBOARD_TOKEN, { next: "/repos/acme/app" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/repos/acme/app");
    const setCookie = response.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^driftcheck_session=\d+\.[\w-]+\.[\w-]+;/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("Secure");
    expect(setCookie).toMatch(/SameSite=(Lax|Strict)/);
    expect(setCookie).toMatch(/Max-Age=\d+/);
    expect(setCookie).toContain("Path=/");
    expect(setCookie).not.toContain(dashboardSecrets.DASHBOARD_TOKEN);

    const cookie = setCookie.split(";")[0]!;
    const home = await getPage("/", cookie);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain("Recent checks");
  });

  it("never redirects off-site after sign-in", async () => {
    for (const next of ["//evil.example/x", "https://evil.example/", "/\\evil.example"]) {
      const response = await signInRequest(dashboardSecrets.DASHBOARD_TOKEN, { next });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/");
    }
  });

  // Browsers drop tabs and newlines inside a URL and read `\` as `/`: each of these would leave the site.
  const OFF_SITE = ["/\t/evil.example/phish", "/\n/evil.example/", "/\r\n/evil.example/", " //evil.example/", "/\\/evil.example/", "http:evil.example", "javascript:alert(1)", "\\evil.example"];
  const BROKEN = ["/checks/\r\nSet-Cookie: x=1", "/checks/a\u0000b", "/\n", "/x\ry"];

  it("parses next against the Worker's origin: tab, newline and backslash tricks fall back to /", async () => {
    for (const next of OFF_SITE) {
      const response = await signInRequest(dashboardSecrets.DASHBOARD_TOKEN, { next });
      expect(response.status, JSON.stringify(next)).toBe(303);
      expect(response.headers.get("location"), JSON.stringify(next)).toBe("/");
    }
  });

  it("answers CR, LF or NUL in next with a redirect to /, never a 500", async () => {
    for (const next of BROKEN) {
      const response = await signInRequest(dashboardSecrets.DASHBOARD_TOKEN, { next });
      expect(response.status, JSON.stringify(next)).toBe(303);
      expect(response.headers.get("location"), JSON.stringify(next)).toBe("/");
    }
  });

  it("keeps a same-origin path, query and fragment, percent-encoded", async () => {
    const response = await signInRequest(dashboardSecrets.DASHBOARD_TOKEN, { next: "/repos/acme/app?outcome=fail#f 1" });
    expect(response.headers.get("location")).toBe("/repos/acme/app?outcome=fail#f%201");
  });

  it("does not echo an off-site or broken next into the form, and a signed-in GET also falls back", async () => {
    const cookie = await signIn();
    for (const next of [...OFF_SITE, ...BROKEN]) {
      const query = `/sign-in?next=${encodeURIComponent(next)}`;
      const form = await getPage(query);
      expect(form.status, JSON.stringify(next)).toBe(200);
      expect(await form.text()).toContain('name="next" value="/"');
      const signedIn = await getPage(query, cookie);
      expect(signedIn.status, JSON.stringify(next)).toBe(303);
      expect(signedIn.headers.get("location"), JSON.stringify(next)).toBe("/");
    }
  });
});

describe("session cookie integrity", () => {
  it("refuses a tampered, a foreign-signed and an expired cookie", async () => {
    const cookie = await signIn();
    const value = cookie.slice("driftcheck_session=".length);
    const [expires, nonce, signature] = value.split(".") as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === "A" ? "B" : "A"}${signature.at(-1)}`;
    const later = String(Number(expires) + 86_400);
    const forged = await createSessionValue("another-secret-that-is-long-enough-0123", Date.now());
    const expired = await createSessionValue(dashboardSecrets.SESSION_SECRET, Date.now() - 2 * 86_400_000);
    for (const bad of [`${expires}.${nonce}.${flipped}`, `${later}.${nonce}.${signature}`, forged, expired, "garbage", ""]) {
      const response = await getPage("/", `driftcheck_session=${bad}`);
      expect(response.status, bad).toBe(303);
      expect(response.headers.get("location")).toBe("/sign-in");
    }
    // The untouched cookie still works.
    expect((await getPage("/", cookie)).status).toBe(200);
  });
});

describe("CSRF", () => {
  it("refuses cross-origin and origin-less sign-in posts, accepts a same-origin Referer", async () => {
    const evil = await signInRequest(dashboardSecrets.DASHBOARD_TOKEN, { origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    expect(evil.headers.get("set-cookie")).toBeNull();
    const opaque = await signInRequest(dashboardSecrets.DASHBOARD_TOKEN, { origin: "null" });
    expect(opaque.status).toBe(403);
    const none = await signInRequest(dashboardSecrets.DASHBOARD_TOKEN, { origin: null });
    expect(none.status).toBe(403);
    const evilReferer = await signInRequest(dashboardSecrets.DASHBOARD_TOKEN, { origin: null, referer: "https://evil.example/page" });
    expect(evilReferer.status).toBe(403);
    const sameReferer = await signInRequest(dashboardSecrets.DASHBOARD_TOKEN, { origin: null, referer: `${BASE}/sign-in` });
    expect(sameReferer.status).toBe(303);
  });

  it("refuses a cross-origin sign-out and a cookie-authenticated cross-origin API post", async () => {
    const cookie = await signIn();
    const signOut = await SELF.fetch(`${BASE}/sign-out`, { method: "POST", headers: { cookie, origin: "https://evil.example" }, redirect: "manual" });
    expect(signOut.status).toBe(403);
    expect(signOut.headers.get("set-cookie")).toBeNull();

    const body = JSON.stringify({ repo: "acme/app", sha: "a".repeat(40), ref: "main" });
    const crossApi = await SELF.fetch(`${BASE}/api/checks`, {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "content-type": "application/json" },
      body,
    });
    expect(crossApi.status).toBe(403);
    // The cookie does open the read-only API.
    expect((await SELF.fetch(`${BASE}/api/checks`, { headers: { cookie } })).status).toBe(200);
  });

  it("signs out from the dashboard's own origin by expiring the cookie", async () => {
    const cookie = await signIn();
    const response = await SELF.fetch(`${BASE}/sign-out`, { method: "POST", headers: { cookie, origin: BASE }, redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in");
    expect(response.headers.get("set-cookie")).toMatch(/^driftcheck_session=;.*Max-Age=0/);
  });
});
