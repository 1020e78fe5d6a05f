/**
 * The parts of Vercel's REST API driftcheck uses, spelled as `@vercel/sdk`'s generated client
 * spells them (node_modules/@vercel/sdk/src/models/updatedeploymentcheckrunop.ts and
 * getdeploymentresponsebody1.ts / getdeploymentservicesfunctions.ts for the deployment).
 */

/** `UpdateDeploymentCheckRunStatus`. */
export type VercelCheckRunStatus = "queued" | "running" | "completed";
/** `Conclusion`. */
export type VercelCheckRunConclusion = "canceled" | "skipped" | "timeout" | "failed" | "neutral" | "succeeded";

/** `UpdateDeploymentCheckRunRequestBody` (every field optional). */
export interface VercelCheckRunUpdate {
  status?: VercelCheckRunStatus;
  conclusion?: VercelCheckRunConclusion;
  conclusionText?: string;
  externalId?: string;
  externalUrl?: string;
  completedAt?: number;
  output?: Record<string, never>;
}

/** Git metadata of a deployment: `meta` holds strings only. */
export type VercelDeploymentMeta = Record<string, string>;

/** The GitHub variant of the deployment's `gitSource` (other providers have other fields). */
export interface VercelGitSource {
  type?: string;
  sha?: string;
  ref?: string | null;
  prId?: number | null;
  org?: string;
  repo?: string;
  owner?: string;
}

/** The fields of `GET /v13/deployments/{idOrUrl}` driftcheck reads. */
export interface VercelDeployment {
  id: string;
  url?: string;
  target?: string | null;
  meta?: VercelDeploymentMeta;
  gitSource?: VercelGitSource;
}
