/**
 * Vercel webhook envelope → queue job (PROTOCOLS.md "Vercel"). Pure: no I/O. The envelope is
 * `{id, type, createdAt, region, payload}`; only the fields a job needs are validated.
 */
import * as z from "zod";
import { isBranchName, isGitHubRepoFullName, vercelId } from "../identifiers.js";
import { VERCEL_EVENTS, type VercelEvent, type VercelGit, type VercelJob } from "../queue/jobs.js";

export type VercelDecision = { kind: "job"; job: VercelJob } | { kind: "ignored"; reason: string } | { kind: "invalid"; message: string };

const id = vercelId;
const meta = z.record(z.string(), z.unknown()).nullish();

export const VercelEnvelope = z.object({
  id,
  type: z.string().min(1).max(100),
  createdAt: z.number().optional(),
  payload: z.record(z.string(), z.unknown()),
});

const DeploymentPayload = z.object({
  deployment: z.object({ id, url: z.string().nullish(), meta }),
  target: z.string().nullish(),
  project: z.object({ id }).nullish(),
  team: z.object({ id: vercelId.nullish() }).nullish(),
});

const CheckRunPayload = z.object({
  checkRun: z.object({ id, deploymentId: id.optional() }),
  deployment: z.object({ id: id.optional(), url: z.string().nullish(), meta }).nullish(),
  target: z.string().nullish(),
  project: z.object({ id }).nullish(),
  team: z.object({ id: vercelId.nullish() }).nullish(),
});

export function vercelEnvelopeToJob(body: unknown): VercelDecision {
  const envelope = VercelEnvelope.safeParse(body);
  if (!envelope.success) return invalid("envelope", envelope.error);
  const { type, payload } = envelope.data;
  if (!(VERCEL_EVENTS as readonly string[]).includes(type)) return { kind: "ignored", reason: `event ${type}` };
  const event = type as VercelEvent;
  const badGit = invalidGit(payload);
  if (badGit) return { kind: "invalid", message: `${event} payload: deployment.meta: ${badGit}` };
  const base = { type: "vercel" as const, event, deliveryId: envelope.data.id, createdAt: envelope.data.createdAt ?? Date.now() };

  if (event === "deployment.checkrun.start" || event === "deployment.checkrun.cancel") {
    const parsed = CheckRunPayload.safeParse(payload);
    if (!parsed.success) return invalid(event, parsed.error);
    const p = parsed.data;
    const deploymentId = p.checkRun.deploymentId ?? p.deployment?.id;
    if (!deploymentId) return { kind: "invalid", message: `${event} payload: checkRun.deploymentId or deployment.id is required` };
    return {
      kind: "job",
      job: {
        ...base,
        deploymentId,
        checkRunId: p.checkRun.id,
        teamId: p.team?.id ?? null,
        projectId: p.project?.id ?? null,
        target: p.target ?? null,
        url: p.deployment?.url ?? null,
        git: gitOfMeta(p.deployment?.meta),
      },
    };
  }
  const parsed = DeploymentPayload.safeParse(payload);
  if (!parsed.success) return invalid(event, parsed.error);
  const p = parsed.data;
  return {
    kind: "job",
    job: {
      ...base,
      deploymentId: p.deployment.id,
      checkRunId: null,
      teamId: p.team?.id ?? null,
      projectId: p.project?.id ?? null,
      // A promotion is to production whatever the payload says about the original build.
      target: event === "deployment.promoted" ? "production" : (p.target ?? null),
      url: p.deployment.url ?? null,
      git: gitOfMeta(p.deployment.meta),
    },
  };
}

/**
 * `deployment.meta` git fields (strings): `githubCommitSha`, `githubCommitRef`,
 * `githubCommitOrg`/`githubCommitRepo` (or `githubOrg`/`githubRepo`), `githubPrId`. Null unless
 * the repository and the sha are both there.
 */
export function gitOfMeta(value: Record<string, unknown> | null | undefined): VercelGit | null {
  if (!value) return null;
  const text = (key: string) => (typeof value[key] === "string" && value[key] !== "" ? (value[key] as string) : null);
  const sha = text("githubCommitSha");
  const org = text("githubCommitOrg") ?? text("githubOrg");
  const repo = text("githubCommitRepo") ?? text("githubRepo");
  if (!sha || !/^[0-9a-f]{40}$/i.test(sha) || !org || !repo) return null;
  const pr = Number(text("githubPrId"));
  return { repo: `${org}/${repo}`, sha: sha.toLowerCase(), ref: text("githubCommitRef"), pr: Number.isInteger(pr) && pr > 0 ? pr : null };
}

/**
 * The repository and branch a deployment names, checked before the job is queued: they become
 * D1 keys and GitHub API paths. Absent fields are fine (the deployment is then not from GitHub).
 */
function invalidGit(payload: Record<string, unknown>): string | null {
  const deployment = payload.deployment;
  const meta = typeof deployment === "object" && deployment !== null ? (deployment as { meta?: unknown }).meta : undefined;
  const git = typeof meta === "object" && meta !== null ? gitOfMeta(meta as Record<string, unknown>) : null;
  if (!git) return null;
  if (!isGitHubRepoFullName(git.repo)) return "githubCommitOrg/githubCommitRepo is not a GitHub repository name";
  if (git.ref !== null && !isBranchName(git.ref)) return "githubCommitRef is not a git branch name";
  return null;
}

function invalid(where: string, error: z.ZodError): VercelDecision {
  const issue = error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join(".") : "body";
  return { kind: "invalid", message: `Vercel ${where}: ${path}: ${issue?.message ?? "invalid"}` };
}
