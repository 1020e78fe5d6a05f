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

export type Job = CheckJob | InstallationJob;
