/**
 * The HTTP layer both Vercel clients share (the Worker's check-run client, client.ts, and the
 * CLI's `vercel setup` client, setup-client.ts): bearer token, JSON bodies, the team as a query
 * parameter, and every failure as a VercelApiError. What a failure *says* differs per client (a
 * Worker retries, an operator re-runs a command), so each passes its own `failure` and hint.
 * The token is never part of a message.
 */
import { DriftcheckError, redact } from "../../core/errors.js";

export const VERCEL_API_URL = "https://api.vercel.com";

/** A failed Vercel call; transient ones carry the server's `retry-after` for the consumer's backoff. */
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

export interface VercelTransportOptions {
  token: string;
  /** Default https://api.vercel.com; a stand-in's URL in tests. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Said when the API cannot be reached at all. */
  unreachableHint: string;
  /** Turns a non-2xx response into the error this client reports. */
  failure: (response: Response, what: string) => Promise<VercelApiError>;
  /** How long one request may take before it counts as unreachable (default REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** A Vercel call that has not answered in this long is given up (a hung connection would hold the job forever). */
export const REQUEST_TIMEOUT_MS = 15_000;

export interface VercelTransport {
  readonly baseUrl: string;
  /** Requests made so far (budgets and tests). */
  readonly requestCount: number;
  /** A 2xx response, or a thrown VercelApiError. `what` names the call in messages. */
  send(method: "GET" | "POST" | "PATCH", path: string, query: Record<string, string>, what: string, body?: unknown): Promise<Response>;
}

export function createVercelTransport(options: VercelTransportOptions): VercelTransport {
  const baseUrl = (options.baseUrl ?? VERCEL_API_URL).replace(/\/+$/, "");
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  let requestCount = 0;
  return {
    baseUrl,
    get requestCount() {
      return requestCount;
    },
    async send(method, path, query, what, body) {
      const url = new URL(`${baseUrl}${path}`);
      for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
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
          signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        throw new VercelApiError(0, `The Vercel API could not be reached (${what}): ${redact(error instanceof Error ? error.message : String(error))}.`, {
          transient: true,
          hint: options.unreachableHint,
        });
      }
      if (!response.ok) throw await options.failure(response, what);
      return response;
    },
  };
}

/** The response's JSON body; a body that is not JSON is a transient failure. */
export async function readJson(response: Response, what: string): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw new VercelApiError(response.status, `The Vercel API sent a response that is not JSON (${what}).`, { transient: true });
  }
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
