/**
 * Which Neon branch a job checks, and how to connect to it (issue 4, PROTOCOLS.md "Neon
 * management API"): production → the project's default branch or the configured name;
 * previews → `preview/<git-branch>` or the configured pattern (`{branch}` = the git branch).
 * A preview branch that does not exist yet is not an error: the Vercel–Neon integration creates
 * it when the preview deploys, so the caller waits for it.
 *
 * The connection string is built from the branch's endpoint host and the read-only role's
 * password secret (or asked from the API with `connection_uri` for an owner role). It contains a
 * password: it is returned to the caller only, never logged or stored.
 */
import { buildConnectionString, createNeonApiClient, type NeonApiClient } from "../../adapters/neon-api/index.js";
import { userError } from "../../core/errors.js";
import type { Config } from "../config.js";
import type { CheckJob } from "../queue/jobs.js";
import type { RepoConfig } from "./repo-config.js";

export const DEFAULT_PREVIEW_PATTERN = "preview/{branch}";

export type NeonTarget =
  | { kind: "found"; projectId: string; branchName: string; branchId: string; database: string; connectionString: string }
  | { kind: "missing"; projectId: string; branchName: string };

/** `signal`: the caller's deadline, which also cancels the API's retries. */
export function neonApiFor(config: Config, signal?: AbortSignal): NeonApiClient {
  return createNeonApiClient({ apiKey: config.neon.apiKey, baseUrl: config.neon.apiUrl, ...(signal ? { signal } : {}) });
}

/** The branch name to look for, or null for "the project's default branch". */
export function branchNameFor(job: Pick<CheckJob, "environment" | "ref" | "neonBranch">, repoConfig: RepoConfig): string | null {
  if (job.neonBranch !== null) return job.neonBranch;
  if (job.environment === "production") return repoConfig.neon?.branches?.production ?? null;
  if (job.ref === null) {
    throw userError("A preview check needs the git branch to find its Neon branch, and this one has none.", "Re-run the check from the pull request.");
  }
  return (repoConfig.neon?.branches?.preview ?? DEFAULT_PREVIEW_PATTERN).replaceAll("{branch}", job.ref);
}

export async function resolveNeonTarget(
  api: NeonApiClient,
  config: Config,
  repoConfig: RepoConfig,
  job: Pick<CheckJob, "environment" | "ref" | "neonBranch">,
): Promise<NeonTarget> {
  const projectId = repoConfig.neon?.projectId ?? config.neon.projectId;
  if (!projectId) {
    throw userError("No Neon project is configured for this repository.", 'Set "neon": { "projectId": "..." } in driftcheck.json, or NEON_PROJECT_ID for the Worker.');
  }
  const wanted = branchNameFor(job, repoConfig);
  const branch = wanted === null ? await api.getDefaultBranch(projectId) : await api.findBranchByName(projectId, wanted);
  if (!branch) {
    if (job.environment === "preview" && job.neonBranch === null) return { kind: "missing", projectId, branchName: wanted! };
    throw userError(`The Neon branch "${wanted}" does not exist in project "${projectId}".`, "Check the branch name in driftcheck.json (neon.branches) or the request.");
  }
  const database = repoConfig.neon?.database ?? config.neon.database;
  const role = repoConfig.neon?.role ?? config.neon.role;
  const connectionString =
    config.neon.connection === "connection_uri"
      ? await api.getConnectionUri(projectId, { branchId: branch.id, databaseName: database, roleName: role })
      : buildConnectionString({ host: await api.getBranchHost(projectId, branch.id), database, role, password: config.neon.readOnlyPassword });
  return { kind: "found", projectId, branchName: branch.name, branchId: branch.id, database, connectionString };
}
