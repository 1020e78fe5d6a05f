/** Helpers of the Vercel workerd tests: signed envelopes and the stand-in Vercel API's records. */
import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { signVercelPayload } from "../../src/adapters/vercel/index.js";
import type { RecordedRequest } from "../support/stand-in-records.js";
import type { StandInVercelCheckRun, StandInVercelDeployment } from "../support/vercel-records.js";
import { control } from "./e2e-support.js";
import { BASE, waitFor } from "./helpers.js";

export const VERCEL_TEAM = "team_driftcheck";

export function vercelSecret(): string {
  return env.VERCEL_WEBHOOK_SECRETS.split(",")[0]!.trim();
}

export async function sendVercelWebhook(body: string | object, options: { secret?: string; signature?: string | null } = {}): Promise<Response> {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const signature = options.signature === undefined ? await signVercelPayload(raw, options.secret ?? vercelSecret()) : options.signature;
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Vercel-Webhook/test" };
  if (signature !== null) headers["x-vercel-signature"] = signature;
  return SELF.fetch(`${BASE}/webhooks/vercel`, { method: "POST", headers, body: raw });
}

export function gitMeta(repo: string, sha: string, ref: string, pr?: number): Record<string, string> {
  const [org, name] = repo.split("/");
  return {
    githubCommitSha: sha,
    githubCommitRef: ref,
    githubCommitOrg: org!,
    githubCommitRepo: name!,
    githubCommitAuthorLogin: "octocat",
    ...(pr === undefined ? {} : { githubPrId: String(pr) }),
  };
}

/** An envelope as Vercel sends it: `{id, type, createdAt, region, payload}`. */
export function envelope(type: string, payload: Record<string, unknown>, id = `evt_${crypto.randomUUID().replaceAll("-", "")}`) {
  return { id, type, createdAt: Date.now(), region: "iad1", payload };
}

export function deploymentPayload(options: { deploymentId: string; target?: string | null; meta?: Record<string, string>; projectId?: string }) {
  return {
    deployment: { id: options.deploymentId, url: `app-${options.deploymentId}.vercel.app`, name: "app", ...(options.meta ? { meta: options.meta } : {}) },
    target: options.target ?? null,
    project: { id: options.projectId ?? "prj_app" },
    team: { id: VERCEL_TEAM },
    links: { deployment: "https://vercel.com/acme/app/x", project: "https://vercel.com/acme/app" },
  };
}

export function checkRunPayload(options: { deploymentId: string; checkRunId: string; target?: string | null; meta?: Record<string, string> }) {
  return {
    ...deploymentPayload(options),
    checkRun: { id: options.checkRunId, checkId: "chk_driftcheck", deploymentId: options.deploymentId, timeout: 600 },
  };
}


export function addVercelDeployment(deployment: StandInVercelDeployment): Promise<void> {
  return control("POST", "/vercel/deployment", deployment);
}

export function addVercelCheckRun(deploymentId: string, id: string): Promise<void> {
  return control("POST", "/vercel/check-run", { deploymentId, id });
}

/** The stand-in's GET /v13/deployments/{id} answers `status` for this deployment from now on. */
export function failVercelDeployment(id: string, status: number): Promise<void> {
  return control("POST", "/vercel/fail-deployment", { id, status });
}

export function vercelState(): Promise<{ checkRuns: StandInVercelCheckRun[]; requests: RecordedRequest[] }> {
  return control("GET", "/vercel/state");
}

export function vercelRun(id: string, done: (run: StandInVercelCheckRun) => boolean = (run) => run.status === "completed", timeoutMs = 20_000): Promise<StandInVercelCheckRun> {
  return waitFor(async () => {
    const run = (await vercelState()).checkRuns.find((candidate) => candidate.id === id);
    return run && done(run) ? run : null;
  }, `Vercel check run ${id}`, timeoutMs);
}
