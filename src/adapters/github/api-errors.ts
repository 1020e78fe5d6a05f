/**
 * GitHub HTTP failures → DriftcheckError, decided by status and headers (never by who called):
 *  - 401/403 → `user`: the App installation or its permissions need fixing;
 *  - 404 → `user`: the repository, commit or path is missing or not visible to the App;
 *  - 429, 5xx and rate-limited 403s → `connection`, transient, with the wait GitHub asks for.
 * https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api
 * https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
 * Messages carry the method and path and GitHub's own message, scrubbed of anything token-shaped.
 */
import { DriftcheckError, redact, type ErrorKind } from "../../core/errors.js";

export class GitHubApiError extends DriftcheckError {
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** Seconds GitHub asked us to wait (retry-after / x-ratelimit-reset), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    kind: ErrorKind,
    message: string,
    options: { status: number; retryAfterSeconds?: number; hint?: string; transient?: boolean; detail?: string; cause?: unknown },
  ) {
    super(kind, message, options);
    this.name = "GitHubApiError";
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const PERMISSIONS_HINT =
  "Check the GitHub App installation/permissions: the App must be installed on the repository with checks: write, contents: read, pull requests: write and metadata: read.";
const NOT_FOUND_HINT =
  "Check the GitHub App installation/permissions: the repository, commit or path does not exist or is not visible to the App.";
/** GitHub's advice when a secondary limit gives no retry-after: wait at least a minute. */
const SECONDARY_LIMIT_DEFAULT_SECONDS = 60;

/** Remove tokens, JWTs and credentials from text that may end up in logs or reports. */
export function scrubTokens(text: string): string {
  return redact(text)
    .replace(/\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]+/g, "$1***")
    .replace(/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, "***jwt***")
    .replace(/\b(bearer|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, "$1 ***");
}

export async function errorFromResponse(response: Response, what: string, nowMs: number): Promise<GitHubApiError> {
  const status = response.status;
  const githubMessage = scrubTokens(await readMessage(response));
  const message = `GitHub answered ${status} to ${what}${githubMessage ? `: ${githubMessage}` : ""}.`;
  const retryAfterSeconds = retryAfterOf(response.headers, nowMs);
  const rateLimited =
    status === 429 ||
    (status === 403 &&
      (response.headers.get("retry-after") !== null ||
        response.headers.get("x-ratelimit-remaining") === "0" ||
        // GitHub documents secondary limits by this message when it sends no header.
        /secondary rate limit|abuse detection/i.test(githubMessage)));

  if (rateLimited || status >= 500) {
    const wait = retryAfterSeconds ?? (status === 403 || status === 429 ? SECONDARY_LIMIT_DEFAULT_SECONDS : undefined);
    return new GitHubApiError("connection", message, {
      status,
      transient: true,
      hint: rateLimited ? "GitHub rate-limited driftcheck; the check is retried later." : "GitHub is having trouble; the check is retried later.",
      ...(wait === undefined ? {} : { retryAfterSeconds: wait }),
    });
  }
  if (status === 401 || status === 403) return new GitHubApiError("user", message, { status, hint: PERMISSIONS_HINT });
  if (status === 404) return new GitHubApiError("user", message, { status, hint: NOT_FOUND_HINT });
  if (status === 422 || status === 409) return new GitHubApiError("user", message, { status, hint: "GitHub refused the request as invalid for this repository state." });
  return new GitHubApiError("internal", message, { status });
}

/**
 * A 2xx whose body is not what the endpoint sends (an HTML page from a proxy or an outage page,
 * a cut-off body, JSON of another shape): an outside failure, transient like a 5xx — never a
 * driftcheck bug.
 */
export function malformedAnswer(what: string, response: Response, reason: string): GitHubApiError {
  const type = response.headers.get("content-type")?.split(";")[0]?.trim();
  return new GitHubApiError("connection", `GitHub answered ${response.status} to ${what} with ${reason}${type ? ` (${type})` : ""}.`, {
    status: response.status,
    transient: true,
    hint: "GitHub (or a proxy in front of it) sent a malformed answer; the check is retried later.",
  });
}

/** The JSON body of a successful answer, checked against the shape the caller relies on. */
export async function readJsonBody<T>(response: Response, what: string, shape: (body: unknown) => boolean = isObjectOrArray): Promise<T> {
  if (/^text\/html\b/i.test(response.headers.get("content-type") ?? "")) {
    await response.body?.cancel();
    throw malformedAnswer(what, response, "an HTML page instead of JSON");
  }
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch (error) {
    if (error instanceof SyntaxError) throw malformedAnswer(what, response, "a body that is not JSON");
    throw networkError(what, error);
  }
  if (!shape(body)) throw malformedAnswer(what, response, "JSON of an unexpected shape");
  return body as T;
}

function isObjectOrArray(body: unknown): boolean {
  return typeof body === "object" && body !== null;
}

/** Shape checks for `readJsonBody`: only the fields the caller reads. */
export const hasNumericId = (body: unknown): boolean => typeof (body as { id?: unknown } | null)?.id === "number";

export function networkError(what: string, error: unknown): GitHubApiError {
  const timedOut = (error as { name?: string } | null)?.name === "TimeoutError" || (error as { name?: string } | null)?.name === "AbortError";
  const reason = timedOut ? "timed out" : scrubTokens(error instanceof Error ? error.message : String(error));
  return new GitHubApiError("connection", `GitHub could not be reached for ${what} (${reason}).`, {
    status: 0,
    transient: true,
    hint: "The check is retried later.",
    cause: error,
  });
}

async function readMessage(response: Response): Promise<string> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return "";
  }
  try {
    const body = JSON.parse(text) as { message?: unknown; errors?: unknown };
    const parts = [typeof body.message === "string" ? body.message : ""];
    if (Array.isArray(body.errors)) {
      for (const item of body.errors.slice(0, 3)) parts.push(typeof item === "string" ? item : JSON.stringify(item));
    }
    return parts.filter(Boolean).join("; ").slice(0, 500);
  } catch {
    return text.slice(0, 200);
  }
}

function retryAfterOf(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - nowMs) / 1000));
  }
  if (headers.get("x-ratelimit-remaining") === "0") {
    const reset = Number(headers.get("x-ratelimit-reset"));
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, Math.ceil(reset - nowMs / 1000));
  }
  return undefined;
}
