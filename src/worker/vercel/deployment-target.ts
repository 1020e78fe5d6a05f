/**
 * What a Vercel deployment checks: repository, commit, git branch, PR and environment. From the
 * webhook's `deployment.meta` when complete, else from `GET /v13/deployments/{id}` (meta again,
 * then `gitSource`). `production` → production; a preview (`null`) or `staging` → preview, whose
 * Neon branch is found from the git branch.
 */
import type { VercelClient, VercelDeployment } from "../../adapters/vercel/index.js";
import type { Environment } from "../../adapters/d1/store.js";
import { userError } from "../../core/errors.js";
import type { VercelGit, VercelJob } from "../queue/jobs.js";
import { gitOfMeta } from "./events.js";

export interface DeploymentTarget extends VercelGit {
  environment: Environment;
}

export function environmentOf(target: string | null | undefined): Environment {
  return target === "production" ? "production" : "preview";
}

export async function resolveDeploymentTarget(job: VercelJob, client: () => VercelClient, teamId: string | null): Promise<DeploymentTarget> {
  if (job.git) return { ...job.git, environment: environmentOf(job.target) };
  const deployment = await client().getDeployment(job.deploymentId, teamId);
  const git = gitOfMeta(deployment.meta) ?? gitOfSource(deployment);
  if (!git) {
    throw userError(
      `Vercel deployment ${job.deploymentId} carries no GitHub commit (no githubCommitSha/org/repo in its meta or gitSource).`,
      "driftcheck checks deployments built from a GitHub repository; connect the Vercel project to GitHub.",
    );
  }
  return { ...git, environment: environmentOf(job.target ?? deployment.target) };
}

function gitOfSource(deployment: VercelDeployment): VercelGit | null {
  const source = deployment.gitSource;
  if (!source || (source.type !== undefined && source.type !== "github")) return null;
  const owner = source.org ?? source.owner;
  if (!source.sha || !/^[0-9a-f]{40}$/i.test(source.sha) || !owner || !source.repo) return null;
  return { repo: `${owner}/${source.repo}`, sha: source.sha.toLowerCase(), ref: source.ref ?? null, pr: typeof source.prId === "number" ? source.prId : null };
}
