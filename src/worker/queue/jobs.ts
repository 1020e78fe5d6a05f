/**
 * Messages on the CHECKS queue. Kept small and free of secrets (queue messages are stored by
 * Cloudflare): a check job names what to check; tokens are minted by the consumer.
 */
import type { CheckSource, Environment } from "../../adapters/d1/schema.js";

export interface CheckJob {
  type: "check";
  source: CheckSource;
  /** `owner/name`. */
  repo: string;
  sha: string;
  /** Git branch (without `refs/heads/`), when known. */
  ref: string | null;
  pr: number | null;
  environment: Environment;
  /** An explicit Neon branch name; otherwise resolved from the environment and `driftcheck.json`. */
  neonBranch: string | null;
  installationId: number | null;
  /** `event`: idempotent on (repo, sha, environment). `rerun`: a new run (re-run requests). */
  trigger: "event" | "rerun";
  /** The webhook delivery that asked for it: finds a re-run's row again on queue retries. */
  deliveryId: string | null;
  /** Set when the check row was created before enqueueing (API, delayed re-checks). */
  checkId: string | null;
  /** Key of an expected schema stored in D1 (API input), used instead of the drizzle folder. */
  expectedKey: string | null;
}

export interface InstallationJob {
  type: "installation";
  /** `saved`: created/unsuspended (repos = the full list); `removed`: deleted; `repositories`: added/removed. */
  action: "saved" | "removed" | "repositories";
  installationId: number;
  account: string;
  repos: string[];
  added: string[];
  removed: string[];
}

/** Vercel events the Worker acts on (PROTOCOLS.md "Vercel"). */
export const VERCEL_EVENTS = [
  "deployment.checkrun.start",
  "deployment.checkrun.cancel",
  "deployment.created",
  "deployment.succeeded",
  "deployment.promoted",
  "deployment.error",
  "deployment.canceled",
] as const;
export type VercelEvent = (typeof VERCEL_EVENTS)[number];

/** Git metadata of a deployment, when its `meta` carried all of it. */
export interface VercelGit {
  repo: string;
  sha: string;
  ref: string | null;
  pr: number | null;
}

/** One Vercel webhook delivery, reduced to what its handler needs (src/worker/vercel/). */
export interface VercelJob {
  type: "vercel";
  event: VercelEvent;
  /** The envelope `id`. */
  deliveryId: string;
  /** Envelope `createdAt` (ms): orders promotions that arrive out of order. */
  createdAt: number;
  deploymentId: string;
  /** `payload.checkRun.id` for check-run events. */
  checkRunId: string | null;
  teamId: string | null;
  projectId: string | null;
  /** `payload.target`: "production", "staging" or null (a preview). */
  target: string | null;
  url: string | null;
  /** From `deployment.meta`; null when incomplete (then read from GET /v13/deployments/{id}). */
  git: VercelGit | null;
}

/**
 * A click on the `schema-drift` run's "Accept drift" button (`check_run.requested_action`,
 * src/worker/acceptance/accept-job.ts): accept the findings of the check behind that run.
 */
export interface AcceptDriftJob {
  type: "accept-drift";
  repo: string;
  /** `check_run.id`: the run that offered the button. */
  checkRunId: number;
  /** `check_run.external_id`: the D1 check id driftcheck gave the run, when present. */
  checkId: string | null;
  installationId: number | null;
  /** `sender.login`: who accepted. */
  login: string;
  deliveryId: string;
}

export type Job = CheckJob | InstallationJob | VercelJob | AcceptDriftJob;
