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

/**
 * Setup (`driftcheck vercel setup`): account webhooks and project checks, spelled as
 * node_modules/@vercel/sdk/src/models/{getwebhooksop,createwebhookop,createprojectcheckop,
 * listprojectchecksop}.ts spell them, and the two fields of models/getprojectresponsebody.ts
 * the command reads.
 */

/** Where a request acts: a team by id (`teamId`) or slug (`slug`), or the token's own account. */
export type VercelScope = { teamId: string } | { slug: string } | null;

/** `GET /v9/projects/{idOrName}`: the fields setup reads. */
export interface VercelProject {
  id: string;
  name: string;
}

/** An element of `GetWebhooksResponseBody` (the list never includes the secret). */
export interface VercelWebhook {
  id: string;
  url: string;
  events: string[];
  /** Absent or empty: the webhook receives the events of every project of the account. */
  projectIds?: string[];
}

/** `CreateWebhookRequestBody`. */
export interface VercelWebhookCreate {
  url: string;
  events: string[];
  projectIds?: string[];
}

/** `CreateWebhookResponseBody`: the only time Vercel shows the signing secret. */
export interface VercelCreatedWebhook extends VercelWebhook {
  secret: string;
}

/** `blocks` of a project check (`Blocks`). */
export type VercelCheckBlocks = "build-start" | "deployment-start" | "deployment-alias" | "deployment-promotion" | "none";
/** `requires` of a project check (`Requires`): what must be ready before the run starts. */
export type VercelCheckRequires = "build-ready" | "deployment-url" | "none";

/** `CreateProjectCheckRequestBody` with the account-webhook source (`Source2`). */
export interface VercelProjectCheckCreate {
  name: string;
  requires: VercelCheckRequires;
  targets: string[];
  blocks: VercelCheckBlocks;
  source: { kind: "webhook"; webhookId: string };
  timeout: number;
}

/** An element of `ListProjectChecksResponseBody.checks` (the fields setup reads). */
export interface VercelProjectCheck {
  id: string;
  name: string;
  blocks: string;
  requires: string;
  targets: string[];
  source: { kind: string; webhookId?: string; [key: string]: unknown };
}
