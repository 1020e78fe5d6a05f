/**
 * GitHub webhook event → queue job (issue 4, PROTOCOLS.md "GitHub"). Pure: no I/O, so the whole
 * mapping is testable from payloads alone. Only the fields a job needs are validated; everything
 * else in the payload is ignored.
 *  - pull_request opened/synchronize/reopened/ready_for_review → the PR head against its preview branch
 *  - push to the default branch → production
 *  - check_suite requested → the same idempotent check as the push/PR; rerequested → a new run
 *  - check_run rerequested → a new run; requested_action "Accept drift" → an acceptance (requested-action.ts)
 *  - installation / installation_repositories → record, or delete a repository's data on removal
 */
import * as z from "zod";
import { accountLogin, branchName, repoFullName } from "../identifiers.js";
import type { CheckJob, Job } from "../queue/jobs.js";
import { requestedActionToJob } from "./requested-action.js";

export type EventDecision = { kind: "job"; job: Job } | { kind: "ignored"; reason: string } | { kind: "invalid"; message: string };

const PR_ACTIONS = new Set(["opened", "synchronize", "reopened", "ready_for_review"]);
const ZERO_SHA = /^0{40}$/;

const repository = z.object({ full_name: repoFullName, default_branch: branchName });
const installation = z.object({ id: z.number().int() });
const sha = z.string().regex(/^[0-9a-f]{40}$/i, "a 40-character commit sha");
const prRefs = z.array(z.object({ number: z.number().int() })).default([]);

const PullRequestEvent = z.object({
  action: z.string(),
  number: z.number().int(),
  pull_request: z.object({ head: z.object({ sha, ref: branchName }) }),
  repository,
  installation: installation.optional(),
});

const PushEvent = z.object({
  ref: z.string(),
  after: z.string(),
  deleted: z.boolean().optional(),
  repository,
  installation: installation.optional(),
});

const CheckSuiteEvent = z.object({
  action: z.string(),
  check_suite: z.object({ head_sha: sha, head_branch: branchName.nullable(), pull_requests: prRefs }),
  repository,
  installation: installation.optional(),
});

const CheckRunEvent = z.object({
  action: z.string(),
  check_run: z.object({
    head_sha: sha,
    pull_requests: prRefs,
    check_suite: z.object({ head_branch: branchName.nullable() }).optional(),
  }),
  repository,
  installation: installation.optional(),
});

const account = z.object({ login: accountLogin });
const repoList = z.array(z.object({ full_name: repoFullName })).nullish();

const InstallationEvent = z.object({
  action: z.string(),
  installation: z.object({ id: z.number().int(), account }),
  repositories: repoList,
});

const InstallationRepositoriesEvent = z.object({
  action: z.string(),
  installation: z.object({ id: z.number().int(), account }),
  repositories_added: repoList,
  repositories_removed: repoList,
});

export function githubEventToJob(event: string, payload: unknown, deliveryId: string): EventDecision {
  switch (event) {
    case "pull_request":
      return parse(PullRequestEvent, payload, event, (p) => {
        if (!PR_ACTIONS.has(p.action)) return ignored(`pull_request.${p.action}`);
        return job(checkJob(p, { sha: p.pull_request.head.sha, ref: p.pull_request.head.ref, pr: p.number, environment: "preview" }, "event", deliveryId));
      });
    case "push":
      return parse(PushEvent, payload, event, (p) => {
        if (p.deleted === true || ZERO_SHA.test(p.after)) return ignored("push deleting a branch");
        if (p.ref !== `refs/heads/${p.repository.default_branch}`) return ignored(`push to ${p.ref}, not the default branch`);
        if (!sha.safeParse(p.after).success) return { kind: "invalid", message: "push payload: `after` is not a commit sha" };
        return job(checkJob(p, { sha: p.after, ref: p.repository.default_branch, pr: null, environment: "production" }, "event", deliveryId));
      });
    case "check_suite":
      return parse(CheckSuiteEvent, payload, event, (p) => {
        if (p.action !== "requested" && p.action !== "rerequested") return ignored(`check_suite.${p.action}`);
        const suite = p.check_suite;
        const target = targetOfBranch(p.repository.default_branch, suite.head_branch, suite.pull_requests);
        return job(checkJob(p, { sha: suite.head_sha, ...target }, p.action === "rerequested" ? "rerun" : "event", deliveryId));
      });
    case "check_run":
      if (isRequestedAction(payload)) return requestedActionToJob(payload, deliveryId);
      return parse(CheckRunEvent, payload, event, (p) => {
        if (p.action !== "rerequested") return ignored(`check_run.${p.action}`);
        const run = p.check_run;
        const target = targetOfBranch(p.repository.default_branch, run.check_suite?.head_branch ?? null, run.pull_requests);
        return job(checkJob(p, { sha: run.head_sha, ...target }, "rerun", deliveryId));
      });
    case "installation":
      return parse(InstallationEvent, payload, event, (p) => {
        const base = { type: "installation" as const, installationId: p.installation.id, account: p.installation.account.login, added: [], removed: [] };
        const repos = (p.repositories ?? []).map((repo) => repo.full_name);
        if (p.action === "created" || p.action === "unsuspend" || p.action === "new_permissions_accepted") {
          return job({ ...base, action: "saved", repos });
        }
        if (p.action === "deleted") return job({ ...base, action: "removed", repos });
        return ignored(`installation.${p.action}`);
      });
    case "installation_repositories":
      return parse(InstallationRepositoriesEvent, payload, event, (p) =>
        job({
          type: "installation",
          action: "repositories",
          installationId: p.installation.id,
          account: p.installation.account.login,
          repos: [],
          added: (p.repositories_added ?? []).map((repo) => repo.full_name),
          removed: (p.repositories_removed ?? []).map((repo) => repo.full_name),
        }),
      );
    default:
      return ignored(`event ${event}`);
  }
}

function isRequestedAction(payload: unknown): boolean {
  return typeof payload === "object" && payload !== null && (payload as { action?: unknown }).action === "requested_action";
}

/** A commit on the default branch is production; anything else is a preview (of its PR, if any). */
function targetOfBranch(
  defaultBranch: string,
  branch: string | null,
  pullRequests: { number: number }[],
): Pick<CheckJob, "ref" | "pr" | "environment"> {
  const production = branch === defaultBranch && pullRequests.length === 0;
  return { ref: branch, pr: pullRequests[0]?.number ?? null, environment: production ? "production" : "preview" };
}

function checkJob(
  payload: { repository: { full_name: string }; installation?: { id: number } | undefined },
  target: Pick<CheckJob, "sha" | "ref" | "pr" | "environment">,
  trigger: CheckJob["trigger"],
  deliveryId: string,
): CheckJob {
  return {
    type: "check",
    source: "github",
    repo: payload.repository.full_name,
    ...target,
    neonBranch: null,
    installationId: payload.installation?.id ?? null,
    trigger,
    deliveryId,
    checkId: null,
    expectedKey: null,
  };
}

function parse<T>(schema: z.ZodType<T>, payload: unknown, event: string, decide: (parsed: T) => EventDecision): EventDecision {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : "payload";
    return { kind: "invalid", message: `${event} payload: ${where}: ${issue?.message ?? "invalid"}` };
  }
  return decide(parsed.data);
}

function job(value: Job): EventDecision {
  return { kind: "job", job: value };
}

function ignored(reason: string): EventDecision {
  return { kind: "ignored", reason };
}
