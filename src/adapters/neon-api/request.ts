/**
 * One GET against the Neon management API with bounded retries: 423 (locked: an operation is
 * running on the project), 503 and 429 are retried, honouring `retry-after` (seconds or an
 * HTTP date) up to a cap, otherwise with exponential backoff; network failures and timeouts
 * too — until the caller's `signal` aborts, which cancels the request and the retries.
 * Failures become DriftcheckError: 401/403 say to check NEON_API_KEY, 404 is decided by the
 * caller (which resource was missing), the rest are transient connection errors or our bug.
 * The API key never appears in a message.
 */
import { DriftcheckError } from "../../core/errors.js";
import { scrubberFor } from "../../core/sql/database-error.js";

export interface NeonApiTransportOptions {
  apiKey: string;
  /** Default `https://console.neon.tech/api/v2`. */
  baseUrl?: string;
  fetchFunction?: typeof fetch;
  /** Attempts per request, the first included (default 4). */
  maxAttempts?: number;
  /** First backoff delay when the server gives no `retry-after` (default 500 ms; doubles). */
  retryBaseMs?: number;
  /** Cap on any single wait, `retry-after` included (default 10 s). */
  maxRetryDelayMs?: number;
  /** Per attempt (default 10 s). */
  requestTimeoutMs?: number;
  /** Injected for tests; default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * The caller's deadline: once aborted, the request in flight is cancelled and no attempt or
   * retry wait follows (the per-attempt timeout and retries alone could take a minute).
   */
  signal?: AbortSignal;
}

export const DEFAULT_NEON_API_BASE_URL = "https://console.neon.tech/api/v2";
const RETRY_STATUSES = new Set([423, 429, 503]);

export type NotFound = (message: string) => DriftcheckError;

export function createNeonApiTransport(options: NeonApiTransportOptions) {
  if (!options.apiKey) throw new DriftcheckError("user", "No Neon API key was given.", { hint: "Set NEON_API_KEY." });
  const baseUrl = (options.baseUrl ?? DEFAULT_NEON_API_BASE_URL).replace(/\/+$/, "");
  const fetchFunction: typeof fetch = options.fetchFunction ?? ((input, init) => globalThis.fetch(input, init));
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const retryBaseMs = options.retryBaseMs ?? 500;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const scrub = scrubberFor([options.apiKey]);
  const callerSignal = options.signal;

  /** GET `path` (already encoded) with `query`; `notFound` builds the error for a 404. */
  async function get<T>(path: string, query: Record<string, string | undefined>, notFound: NotFound): Promise<T> {
    const url = new URL(baseUrl + path);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
    const what = `GET ${path}`;
    let lastFailure: DriftcheckError | null = null;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      stopIfAborted(what);
      let response: Response;
      try {
        response = await fetchFunction(url, {
          method: "GET",
          headers: { Authorization: `Bearer ${options.apiKey}`, Accept: "application/json" },
          signal: callerSignal ? AbortSignal.any([callerSignal, AbortSignal.timeout(requestTimeoutMs)]) : AbortSignal.timeout(requestTimeoutMs),
        });
      } catch (error) {
        stopIfAborted(what);
        const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
        lastFailure = new DriftcheckError(
          "connection",
          timedOut ? `The Neon API did not answer within ${requestTimeoutMs} ms (${what}).` : `Could not reach the Neon API (${what}).`,
          { transient: true, hint: "Check the network (and the API base URL when set); retrying may help." },
        );
        if (attempt < maxAttempts) await wait(backoff(attempt));
        continue;
      }
      if (response.ok) return parseJson<T>(response, what);
      const message = await errorMessage(response, scrub);
      if (RETRY_STATUSES.has(response.status)) {
        lastFailure = new DriftcheckError("connection", `The Neon API answered HTTP ${response.status} (${what})${message ? `: ${message}` : ""}.`, {
          transient: true,
          hint: response.status === 429 ? "Neon's API rate limit was reached; retry later." : "The project is busy or the API is unavailable; retry later.",
        });
        if (attempt < maxAttempts) await wait(retryDelay(response.headers.get("retry-after"), attempt));
        continue;
      }
      throw failure(response.status, message, what, notFound);
    }
    throw lastFailure ?? new DriftcheckError("internal", `No attempt was made (${what}).`);
  }

  /** The caller's deadline passed: no further attempt (transient: the caller decides what it means). */
  function stopIfAborted(what: string): void {
    if (!callerSignal?.aborted) return;
    throw new DriftcheckError("connection", `The Neon API request was stopped: the caller's time ran out (${what}).`, { transient: true });
  }

  /** A retry wait that ends early when the caller's deadline passes (the next attempt then stops). */
  function wait(ms: number): Promise<void> {
    if (!callerSignal) return sleep(ms);
    return new Promise<void>((resolve) => {
      const done = () => {
        callerSignal.removeEventListener("abort", done);
        resolve();
      };
      callerSignal.addEventListener("abort", done, { once: true });
      sleep(ms).then(done, done);
    });
  }

  function backoff(attempt: number): number {
    return Math.min(maxRetryDelayMs, retryBaseMs * 2 ** (attempt - 1));
  }

  function retryDelay(retryAfter: string | null, attempt: number): number {
    if (retryAfter !== null && retryAfter.trim() !== "") {
      const seconds = Number(retryAfter);
      const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
      if (Number.isFinite(ms)) return Math.min(maxRetryDelayMs, Math.max(0, ms));
    }
    return backoff(attempt);
  }

  return { get };
}

function failure(status: number, message: string, what: string, notFound: NotFound): DriftcheckError {
  if (status === 401 || status === 403) {
    return new DriftcheckError("user", `The Neon API refused the API key (HTTP ${status}, ${what}).`, {
      hint: "Check NEON_API_KEY: it must be a valid key with access to this project.",
    });
  }
  if (status === 404) return notFound(message);
  if (status >= 500) {
    return new DriftcheckError("connection", `The Neon API failed (HTTP ${status}, ${what})${message ? `: ${message}` : ""}.`, { transient: true });
  }
  return new DriftcheckError("internal", `The Neon API rejected driftcheck's request (HTTP ${status}, ${what})${message ? `: ${message}` : ""}.`);
}

async function parseJson<T>(response: Response, what: string): Promise<T> {
  try {
    return (await response.json()) as T;
  } catch {
    throw new DriftcheckError("connection", `The Neon API sent a response that is not JSON (${what}).`, { transient: true });
  }
}

/** The API's `{code, message}` error body, scrubbed; "" when absent. */
async function errorMessage(response: Response, scrub: (text: string) => string): Promise<string> {
  const text = await response.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === "string") return scrub(body.message).slice(0, 300);
  } catch {
    // not JSON: fall through
  }
  return scrub(text).slice(0, 300);
}
