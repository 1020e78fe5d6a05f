/**
 * One place that talks HTTP to the GitHub REST API: base URL, auth header, User-Agent, API
 * version, timeout, error mapping and a request counter (the bench reports requests per check).
 * Every endpoint file builds on `request`.
 */
import { errorFromResponse, networkError, readJsonBody } from "./api-errors.js";
import {
  API_VERSION,
  DEFAULT_API_BASE_URL,
  DEFAULT_USER_AGENT,
  defaultFetch,
  type Clock,
  type FetchLike,
  type TokenSource,
} from "./types.js";

export interface GitHubHttpOptions {
  /** `https://api.github.com` unless GitHub Enterprise or a local stand-in. */
  baseUrl?: string;
  /** Installation token (or a provider of one); sent as `Authorization: Bearer`. */
  token: TokenSource;
  fetch?: FetchLike;
  userAgent?: string;
  now?: Clock;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  accept?: string;
  /** Statuses handed back to the caller instead of thrown (e.g. 404 for an optional file). */
  passStatuses?: number[];
  /** json(): the shape the caller relies on; a body without it is a malformed (transient) answer. */
  shape?: (body: unknown) => boolean;
}

export interface GitHubHttp {
  readonly baseUrl: string;
  /** A resolved `Response` with a 2xx status or one of `passStatuses`; otherwise throws GitHubApiError. */
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  /** Like `request` for an absolute URL on the same origin (pagination `Link` headers). */
  requestUrl(method: string, url: string, options?: RequestOptions): Promise<Response>;
  json<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  readonly requestCount: number;
  now(): number;
}

export function createGitHubHttp(options: GitHubHttpOptions): GitHubHttp {
  const baseUrl = (options.baseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, "");
  const origin = new URL(baseUrl).origin;
  const doFetch = options.fetch ?? defaultFetch();
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let requestCount = 0;

  const token = async (): Promise<string> => (typeof options.token === "string" ? options.token : options.token());

  const requestUrl = async (method: string, url: string, opts: RequestOptions = {}): Promise<Response> => {
    const target = new URL(url);
    // Never send the token to another host, whatever a Link header says.
    if (target.origin !== origin) throw networkError(`${method} ${target.pathname}`, new Error(`refusing to follow a URL outside ${origin}`));
    for (const [name, value] of Object.entries(opts.query ?? {})) {
      if (value !== undefined) target.searchParams.set(name, String(value));
    }
    const what = `${method} ${target.pathname}`;
    const headers: Record<string, string> = {
      accept: opts.accept ?? "application/vnd.github+json",
      authorization: `Bearer ${await token()}`,
      "user-agent": userAgent,
      "x-github-api-version": API_VERSION,
    };
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.body);
    }
    requestCount++;
    let response: Response;
    try {
      response = await doFetch(target.toString(), {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw networkError(what, error);
    }
    if (response.ok || opts.passStatuses?.includes(response.status)) return response;
    throw await errorFromResponse(response, what, now());
  };

  const request = (method: string, path: string, opts?: RequestOptions) => requestUrl(method, baseUrl + path, opts);

  return {
    baseUrl,
    request,
    requestUrl,
    async json<T>(method: string, path: string, opts?: RequestOptions): Promise<T> {
      const response = await request(method, path, opts);
      return readJsonBody<T>(response, `${method} ${path}`, opts?.shape);
    },
    get requestCount() {
      return requestCount;
    },
    now: () => now(),
  };
}

/** `/repos/{owner}/{repo}` with each part URL-encoded. */
export function repoPath(owner: string, repo: string): string {
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}
