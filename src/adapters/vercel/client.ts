/**
 * A small fetch-based client for the two Vercel REST calls the Worker makes (paths as
 * `@vercel/sdk` 1.28's generated client builds them: funcs/checksV2UpdateDeploymentCheckRun.ts
 * and funcs/deploymentsGetDeployment.ts). Bearer token; `teamId` as a query parameter when the
 * deployment belongs to a team. Failures become DriftcheckError: 401/403 are the operator's to fix
 * (the token), 429 and 5xx are transient (with the server's `retry-after`), the rest internal.
 * The token is never part of a message.
 */
import { DriftcheckError, redact } from "../../core/errors.js";
import type { VercelCheckRunUpdate, VercelDeployment } from "./types.js";

export const VERCEL_API_URL = "https://api.vercel.com";

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

/** A transient failure, carrying the server's wish for the consumer's backoff. */
export class VercelApiError extends DriftcheckError {
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, message: string, options: { transient: boolean; hint?: string; retryAfterSeconds?: number; kind?: "user" | "connection" | "internal" }) {
    super(options.kind ?? (options.transient ? "connection" : "internal"), message, { transient: options.transient, ...(options.hint ? { hint: options.hint } : {}) });
    this.name = "VercelApiError";
    this.status = status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function createVercelClient(options: VercelClientOptions): VercelClient {
  if (!options.token) throw new DriftcheckError("user", "No Vercel API token was given.", { hint: "Set VERCEL_TOKEN (a token with access to the project's deployments)." });
  const baseUrl = (options.baseUrl ?? VERCEL_API_URL).replace(/\/+$/, "");
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  let requestCount = 0;

  async function request(method: "GET" | "PATCH", path: string, teamId: string | null, what: string, body?: unknown): Promise<Response> {
    const url = new URL(`${baseUrl}${path}`);
    if (teamId) url.searchParams.set("teamId", teamId);
    requestCount += 1;
    let response: Response;
    try {
      response = await doFetch(url.toString(), {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new VercelApiError(0, `The Vercel API could not be reached (${what}): ${redact(error instanceof Error ? error.message : String(error))}.`, {
        transient: true,
        hint: "Check the network (and VERCEL_API_URL when set); retrying may help.",
      });
    }
    if (!response.ok) throw await failure(response, what);
    return response;
  }

  return {
    get requestCount() {
      return requestCount;
    },
    async updateCheckRun(deploymentId, checkRunId, body, teamId) {
      const path = `/v2/deployments/${encodeURIComponent(deploymentId)}/check-runs/${encodeURIComponent(checkRunId)}`;
      const response = await request("PATCH", path, teamId, `update check run ${checkRunId}`, body);
      await response.body?.cancel();
    },
    async getDeployment(idOrUrl, teamId) {
      const response = await request("GET", `/v13/deployments/${encodeURIComponent(idOrUrl)}`, teamId, `get deployment ${idOrUrl}`);
      let parsed: unknown;
      try {
        parsed = await response.json();
      } catch {
        throw new VercelApiError(response.status, `The Vercel API sent a response that is not JSON (get deployment ${idOrUrl}).`, { transient: true });
      }
      if (!parsed || typeof parsed !== "object" || typeof (parsed as { id?: unknown }).id !== "string") {
        throw new VercelApiError(response.status, `The Vercel API sent an unexpected deployment (get deployment ${idOrUrl}).`, { transient: false });
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

/** Vercel's `{error: {code, message}}` body, redacted and short; "" when absent. */
export async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof body.error?.message === "string") return redact(body.error.message).slice(0, 300);
  } catch {
    // not JSON
  }
  return redact(text).slice(0, 300);
}
