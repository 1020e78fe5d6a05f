/** Shared helpers of the dashboard's workerd tests: sign-in, page requests, stored checks. */
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { completeCheck, createCheckRun, saveFindings, type StoredCheck } from "../../src/adapters/d1/store.js";
import type { Environment } from "../../src/adapters/d1/schema.js";
import type { Finding } from "../../src/core/findings.js";
import { BASE, db, randomSha } from "./helpers.js";

/** The test-only dashboard secrets (vitest.config.ts); not in the generated Env type. */
export const dashboardSecrets = env as unknown as { DASHBOARD_TOKEN: string; SESSION_SECRET: string; API_TOKEN: string };

export function signInRequest(token: string, options: { origin?: string | null; referer?: string; next?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  const origin = options.origin === undefined ? BASE : options.origin;
  if (origin !== null) headers.origin = origin;
  if (options.referer !== undefined) headers.referer = options.referer;
  const body = new URLSearchParams({ token, next: options.next ?? "/" });
  return SELF.fetch(`${BASE}/sign-in`, { method: "POST", headers, body: body.toString(), redirect: "manual" });
}

/** Signs in with the dashboard token and returns the `name=value` pair to send back as Cookie. */
export async function signIn(): Promise<string> {
  const response = await signInRequest(dashboardSecrets.DASHBOARD_TOKEN);
  if (response.status !== 303) throw new Error(`sign-in answered ${response.status}`);
  const setCookie = response.headers.get("set-cookie") ?? "";
  const pair = setCookie.split(";")[0]!;
  if (!pair.startsWith("driftcheck_session=")) throw new Error(`unexpected Set-Cookie: ${setCookie}`);
  return pair;
}

export function getPage(path: string, cookie?: string): Promise<Response> {
  return SELF.fetch(`${BASE}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
}

/** The text a browser would show for HTML: entities decoded (tags kept), to look for SQL and names. */
export function decodeEntities(html: string): string {
  return html
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&");
}

export function finding(overrides: Partial<Finding> & Pick<Finding, "code" | "object">): Finding {
  return {
    severity: "error",
    kind: "column",
    expected: null,
    actual: null,
    message: `${overrides.code} ${overrides.object}`,
    fixSql: null,
    pendingMigration: null,
    ...overrides,
  };
}

/** A completed check with these findings, stored through the store functions the Worker uses. */
export async function storeCompletedCheck(options: {
  repo: string;
  environment: Environment;
  findings: Finding[];
  ref?: string;
  pr?: number | null;
  createdAt?: number;
  source?: StoredCheck["source"];
}): Promise<StoredCheck> {
  const now = options.createdAt ?? Date.now();
  const check = await createCheckRun(
    db(),
    {
      source: options.source ?? "github",
      repo: options.repo,
      sha: randomSha(),
      environment: options.environment,
      ref: options.ref ?? "main",
      pr: options.pr ?? null,
      neonBranch: null,
      installationId: null,
      deliveryId: null,
      expectedKey: null,
    },
    now,
  );
  await saveFindings(db(), check.id, options.findings);
  const count = (severity: Finding["severity"]) => options.findings.filter((item) => item.severity === severity).length;
  await completeCheck(
    db(),
    check.id,
    {
      outcome: count("error") > 0 ? "fail" : "pass",
      counts: { error: count("error"), warning: count("warning"), info: count("info") },
      timings: { readMs: 12, introspectMs: 34, compareMs: 5, totalMs: 51, githubRequests: 3 },
      error: null,
    },
    now + 1,
  );
  return { ...check, status: "completed" };
}
