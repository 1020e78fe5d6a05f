/**
 * GitHub App authentication for the Worker: an RS256 App JWT (app-jwt.ts) exchanged for
 * installation tokens via `POST /app/installations/{id}/access_tokens`.
 *
 * Tokens live one hour; we keep each in this isolate's memory until 5 minutes before it expires
 * and never persist it (DESIGN.md security boundaries: tokens are not stored). Concurrent callers
 * share one in-flight request.
 */
import { DriftcheckError } from "../../core/errors.js";
import { createAppJwt, importAppPrivateKey } from "./app-jwt.js";
import { createGitHubHttp } from "./http.js";
import type { Clock, FetchLike, WebCryptoKey } from "./types.js";

/** Refresh this long before GitHub's `expires_at`, so a token never dies mid-check. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;

export interface GitHubAppAuthOptions {
  /** App id (numeric) or client id: the JWT's `iss`. */
  appId: string | number;
  /** PEM (PKCS#1 or PKCS#8, `\n` escapes allowed). */
  privateKey: string;
  baseUrl?: string;
  fetch?: FetchLike;
  now?: Clock;
  userAgent?: string;
}

export interface InstallationToken {
  token: string;
  expiresAtMs: number;
}

export interface GitHubAppAuth {
  /** A fresh App JWT (for `/app/...` routes). */
  appJwt(): Promise<string>;
  /** A cached or newly issued installation token. */
  installationToken(installationId: number | string): Promise<string>;
  /** `installationToken` bound to one installation: pass it as a client's `token`. */
  tokenProvider(installationId: number | string): () => Promise<string>;
  /** Drop a cached token (e.g. after GitHub answered 401 with it). */
  forget(installationId: number | string): void;
  /** Token requests sent to GitHub so far. */
  readonly tokenRequests: number;
}

export function createGitHubAppAuth(options: GitHubAppAuthOptions): GitHubAppAuth {
  if (options.appId === "" || options.appId === 0) {
    throw new DriftcheckError("user", "The GitHub App id is missing.", { hint: "Set the App id (or client id) of the GitHub App." });
  }
  const now = options.now ?? Date.now;
  // Imported once per isolate; a bad key fails the first use with a user error.
  let key: Promise<WebCryptoKey> | undefined;
  const signingKey = () => (key ??= importAppPrivateKey(options.privateKey));
  const appJwt = async () => createAppJwt(await signingKey(), options.appId, now());

  const http = createGitHubHttp({
    token: appJwt,
    now,
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
  });

  const cache = new Map<string, InstallationToken>();
  const inFlight = new Map<string, Promise<InstallationToken>>();
  let tokenRequests = 0;

  const issue = async (id: string): Promise<InstallationToken> => {
    tokenRequests++;
    const body = await http.json<{ token?: unknown; expires_at?: unknown }>(
      "POST",
      `/app/installations/${encodeURIComponent(id)}/access_tokens`,
    );
    const expiresAtMs = typeof body.expires_at === "string" ? Date.parse(body.expires_at) : Number.NaN;
    if (typeof body.token !== "string" || Number.isNaN(expiresAtMs)) {
      throw new DriftcheckError("connection", "GitHub's installation token response has no token or expires_at.", {
        transient: true,
        hint: "GitHub sent a malformed answer; the check is retried later.",
      });
    }
    return { token: body.token, expiresAtMs };
  };

  const installationToken = async (installationId: number | string): Promise<string> => {
    const id = String(installationId);
    const cached = cache.get(id);
    if (cached && now() < cached.expiresAtMs - TOKEN_REFRESH_MARGIN_MS) return cached.token;
    let pending = inFlight.get(id);
    if (!pending) {
      pending = issue(id).finally(() => inFlight.delete(id));
      inFlight.set(id, pending);
    }
    const fresh = await pending;
    cache.set(id, fresh);
    return fresh.token;
  };

  return {
    appJwt,
    installationToken,
    tokenProvider: (installationId) => () => installationToken(installationId),
    forget: (installationId) => void cache.delete(String(installationId)),
    get tokenRequests() {
      return tokenRequests;
    },
  };
}
