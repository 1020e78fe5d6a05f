/** Shared types of the GitHub adapter. */

/** `fetch` as injected (tests, the Worker). Never call a stored `fetch` unbound: workerd throws "Illegal invocation". */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Milliseconds since the epoch; injected so tests can move time. */
export type Clock = () => number;

/** An installation token, or a function that returns a fresh one (see app-auth.ts). */
export type TokenSource = string | (() => Promise<string>);

export interface RepoRef {
  owner: string;
  repo: string;
}

export const DEFAULT_API_BASE_URL = "https://api.github.com";
/** GitHub rejects requests without a User-Agent. */
export const DEFAULT_USER_AGENT = "driftcheck";
export const API_VERSION = "2022-11-28";

export function defaultFetch(): FetchLike {
  return (input, init) => fetch(input, init);
}

/** `acme/app` → `{ owner: "acme", repo: "app" }`. */
export function parseRepoFullName(fullName: string): RepoRef | null {
  const match = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/.exec(fullName);
  return match ? { owner: match[1]!, repo: match[2]! } : null;
}

/**
 * WebCrypto key type without naming a global that only some type libraries declare
 * (`@types/node` has no global `CryptoKey`; workers-types does).
 */
export type WebCryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
