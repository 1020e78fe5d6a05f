/**
 * The GitHub client a job uses: App auth is created once per Config (one per isolate), so
 * installation tokens are cached in isolate memory and never stored (DESIGN.md "Security
 * boundaries"); each job gets its own client (its own request counter).
 */
import { findInstallationForRepo, type Db } from "../../adapters/d1/store.js";
import { createGitHubAppAuth, createGitHubClient, parseRepoFullName, type GitHubAppAuth, type GitHubClient, type RepoRef } from "../../adapters/github/index.js";
import { userError } from "../../core/errors.js";
import type { Config } from "../config.js";

const auths = new WeakMap<Config, GitHubAppAuth>();

function appAuthFor(config: Config): GitHubAppAuth {
  let auth = auths.get(config);
  if (!auth) {
    auth = createGitHubAppAuth({ appId: config.github.appId, privateKey: config.github.privateKey, baseUrl: config.github.apiUrl });
    auths.set(config, auth);
  }
  return auth;
}

export function githubClientFor(config: Config, installationId: number): GitHubClient {
  return createGitHubClient({ baseUrl: config.github.apiUrl, token: appAuthFor(config).tokenProvider(installationId) });
}

export function repoRefOf(fullName: string): RepoRef {
  const ref = parseRepoFullName(fullName);
  if (!ref) throw userError(`"${fullName}" is not a repository name (owner/name).`);
  return ref;
}

/** The job's installation, else the one recorded for the repository; permanent error when none. */
export async function installationFor(db: Db, repo: string, ...known: (number | null)[]): Promise<number> {
  for (const id of known) if (id !== null) return id;
  const found = await findInstallationForRepo(db, repo);
  if (found !== null) return found;
  throw userError(`The driftcheck GitHub App is not installed on ${repo}.`, "Install the GitHub App on the repository, then re-run the check.");
}
