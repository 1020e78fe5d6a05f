/**
 * A small fetch-based client for the two Vercel REST calls the Worker makes (paths as
 * `@vercel/sdk` 1.28's generated client builds them: funcs/checksV2UpdateDeploymentCheckRun.ts
 * and funcs/deploymentsGetDeployment.ts). Bearer token; `teamId` as a query parameter when the
 * deployment belongs to a team. Failures become DriftcheckError: 401/403 are the operator's to fix
 * (the token), 429 and 5xx are transient (with the server's `retry-after`), the rest internal.
 * The token is never part of a message.
 */
import { DriftcheckError } from "../../core/errors.js";
import { createVercelTransport, errorMessage, readJson, VercelApiError } from "./transport.js";
import type { VercelCheckRunUpdate, VercelDeployment } from "./types.js";

export { VERCEL_API_URL, VercelApiError } from "./transport.js";

export interface VercelClientOptions {
  token: string;
  /** Default https://api.vercel.com; a stand-in's URL in tests. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export interface VercelClient {
  updateCheckRun(deploymentId: string, checkRunId: string, body: VercelCheckRunUpdate, teamId: string | null): Promise<void>;
  getDeployment(idOrUrl: string, teamId: string | null): Promise<VercelDeployment>;
  /** Requests made so far (budgets and tests). */
  readonly requestCount: number;
}

export function createVercelClient(options: VercelClientOptions): VercelClient {
  if (!options.token) throw new DriftcheckError("user", "No Vercel API token was given.", { hint: "Set VERCEL_TOKEN (a token with access to the project's deployments)." });
  const transport = createVercelTransport({ ...options, failure, unreachableHint: "Check the network (and VERCEL_API_URL when set); retrying may help." });
  const team = (teamId: string | null): Record<string, string> => (teamId ? { teamId } : {});

  return {
    get requestCount() {
      return transport.requestCount;
    },
    async updateCheckRun(deploymentId, checkRunId, body, teamId) {
      const path = `/v2/deployments/${encodeURIComponent(deploymentId)}/check-runs/${encodeURIComponent(checkRunId)}`;
      const what = `update check run ${checkRunId}`;
      const response = await transport.send("PATCH", path, team(teamId), what, body);
      // Vercel answers with the updated run: anything else (an HTML page from a proxy, say) did not
      // reach it, so the update is retried rather than taken as done.
      const parsed = await readJson(response, what);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new VercelApiError(response.status, `The Vercel API sent an unexpected answer (${what}).`, { transient: true });
      }
    },
    async getDeployment(idOrUrl, teamId) {
      const what = `get deployment ${idOrUrl}`;
      const response = await transport.send("GET", `/v13/deployments/${encodeURIComponent(idOrUrl)}`, team(teamId), what);
      const parsed = await readJson(response, what);
      if (!parsed || typeof parsed !== "object" || typeof (parsed as { id?: unknown }).id !== "string") {
        throw new VercelApiError(response.status, `The Vercel API sent an unexpected deployment (${what}).`, { transient: false });
      }
      return parsed as VercelDeployment;
    },
  };
}

async function failure(response: Response, what: string): Promise<VercelApiError> {
  const message = await errorMessage(response);
  const suffix = message ? `: ${message}` : "";
  const status = response.status;
  if (status === 401 || status === 403) {
    return new VercelApiError(status, `The Vercel API refused the token (HTTP ${status}, ${what})${suffix}.`, {
      transient: false,
      kind: "user",
      hint: "Check VERCEL_TOKEN: it must be valid and have access to the deployment's team (VERCEL_TEAM_ID / the webhook's team).",
    });
  }
  if (status === 429 || status >= 500) {
    const retryAfterSeconds = retryAfter(response.headers.get("retry-after"));
    return new VercelApiError(status, `The Vercel API answered HTTP ${status} (${what})${suffix}.`, {
      transient: true,
      hint: status === 429 ? "Vercel's rate limit was reached; driftcheck retries later." : "Vercel's API is unavailable; driftcheck retries later.",
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
  if (status === 404) return new VercelApiError(status, `Vercel does not know this resource (HTTP 404, ${what})${suffix}.`, { transient: false, kind: "user", hint: "The deployment or check run may have been deleted, or belongs to another team." });
  return new VercelApiError(status, `The Vercel API rejected driftcheck's request (HTTP ${status}, ${what})${suffix}.`, { transient: false });
}

function retryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - Date.now()) / 1000)) : undefined;
}
