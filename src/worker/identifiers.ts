/**
 * Identifiers from webhooks, validated at the door (before anything is stored or queued) by the
 * senders' own rules, so a name that could never exist is answered 400 instead of being kept as a
 * key, a path or a label and failing again later.
 *  - GitHub account logins: letters, digits and hyphens, not starting with a hyphen, ≤ 39
 *    characters (a few old accounts have double or trailing hyphens, so those are allowed, and
 *    Enterprise Managed Users end in `_<shortcode>`, so `_` is too); an App's bot user adds `[bot]`.
 *  - Repository names: letters, digits, `.`, `_`, `-`, ≤ 100 characters, never `.` or `..`.
 *  - X-GitHub-Delivery: a GUID.
 *  - Branch names: git's ref rules (no control characters, spaces, `~^:?*[\`, `..`, `@{`), ≤ 255.
 *  - Vercel ids (events, deployments, check runs, projects, teams): a short token.
 */
import * as z from "zod";

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,38}$/;
const BOT_LOGIN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,38}\[bot\]$/;
const REPO_NAME = /^[A-Za-z0-9._-]{1,100}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERCEL_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const EVENT_NAME = /^[a-z_]{1,64}$/;
const MAX_BRANCH = 255;

export function isGitHubLogin(text: string): boolean {
  return LOGIN.test(text);
}

/** A user, or an App's bot user (`name[bot]`), as the sender of an event. */
export function isGitHubSenderLogin(text: string): boolean {
  return LOGIN.test(text) || BOT_LOGIN.test(text);
}

export function isGitHubRepoFullName(text: string): boolean {
  const slash = text.indexOf("/");
  if (slash < 0) return false;
  const owner = text.slice(0, slash);
  const name = text.slice(slash + 1);
  return LOGIN.test(owner) && REPO_NAME.test(name) && name !== "." && name !== "..";
}

export function isGitHubDeliveryId(text: string): boolean {
  return GUID.test(text);
}

export function isGitHubEventName(text: string): boolean {
  return EVENT_NAME.test(text);
}

export function isBranchName(text: string): boolean {
  return (
    text.length > 0 &&
    text.length <= MAX_BRANCH &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u0020\u007f~^:?*[\\]/.test(text) &&
    !text.includes("..") &&
    !text.includes("@{") &&
    !text.startsWith("/") &&
    !text.endsWith("/") &&
    !text.endsWith(".") &&
    !text.endsWith(".lock")
  );
}

export function isVercelId(text: string): boolean {
  return VERCEL_ID.test(text);
}

/** The same rules as zod schemas, for the payload parsers (events.ts, vercel/events.ts). */
export const repoFullName = z.string().refine(isGitHubRepoFullName, "not a GitHub repository name (owner/name)");
export const accountLogin = z.string().refine(isGitHubLogin, "not a GitHub account login");
export const branchName = z.string().refine(isBranchName, "not a git branch name");
export const vercelId = z.string().refine(isVercelId, "not a Vercel id");
