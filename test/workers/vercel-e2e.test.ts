/**
 * Vercel deployment checks end to end inside workerd: a signed `deployment.checkrun.start` → the
 * Worker resolves the deployment (from its meta, or the stand-in Vercel API's
 * GET /v13/deployments/{id}), PATCHes the run `running`, runs the same check the GitHub side runs
 * (drizzle folder from the stand-in GitHub, Neon branch from the stand-in Neon API, real
 * PostgreSQL 15) and PATCHes it `completed` per DESIGN.md's outcomes table.
 */
import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { completeCheck, createCheckRun, findLatestCheck, getCheck, getVercelCheckRun, listChecks, saveVercelCheckRun, upsertCheck, type CheckOutcome, type CheckSource } from "../../src/adapters/d1/store.js";
import worker, { type Job } from "../../src/worker/index.js";
import { scheduledDeliveryId } from "../../src/worker/schedule/fan-out.js";
import { db, installOn, pullRequestPayload, sendWebhook, waitFor } from "./helpers.js";
import { addBranch, checkRunFor, commit, uniqueRepo } from "./e2e-support.js";
import { addVercelCheckRun, addVercelDeployment, checkRunPayload, deploymentPayload, envelope, gitMeta, sendVercelWebhook, VERCEL_TEAM, vercelRun, vercelState } from "./vercel-support.js";

const INSTALLATION = 4242;
const projectId = `proj-vercel-${crypto.randomUUID().slice(0, 6)}`;

async function newRepo(prefix: string, neonProject = projectId): Promise<{ repo: string; sha: string }> {
  const repo = uniqueRepo(prefix);
  const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId: neonProject } }) });
  await installOn(repo, INSTALLATION); // Vercel's payloads carry no installation id
  return { repo, sha };
}

async function startRun(options: { deploymentId: string; target: "production" | null; meta?: Record<string, string>; envelopeId?: string }): Promise<string> {
  const checkRunId = `cr_${crypto.randomUUID().slice(0, 10)}`;
  await addVercelCheckRun(options.deploymentId, checkRunId);
  const response = await sendVercelWebhook(envelope("deployment.checkrun.start", checkRunPayload({ ...options, checkRunId }), options.envelopeId));
  expect(response.status).toBe(202);
  return checkRunId;
}

beforeAll(async () => {
  await addBranch({ projectId, name: "main", default: true, state: "all" });
  await addBranch({ projectId, name: "preview/vercel-x", state: "all-but-last" });
});

describe("Vercel check runs", () => {
  it("a drifted preview: PATCH running, then completed `failed` naming COLUMN_MISSING, linking the dashboard page", async () => {
    const { repo, sha } = await newRepo("vercel-preview");
    const deploymentId = `dpl_${crypto.randomUUID().slice(0, 8)}`;
    const runId = await startRun({ deploymentId, target: null, meta: gitMeta(repo, sha, "vercel-x", 12) });

    const run = await vercelRun(runId);
    expect(run.updates[0]).toMatchObject({ status: "running" });
    expect(run.conclusion).toBe("failed");
    expect(run.conclusionText).toContain("COLUMN_MISSING");
    expect(run.conclusionText).toContain("soundcloud_tracks.updated_at");
    const check = await concluded((await findLatestCheck(db(), { repo, sha, environment: "preview" }))!.id);
    expect(check).toMatchObject({ outcome: "fail", status: "completed", source: "vercel", ref: "vercel-x", pr: 12 });
    expect(run.externalId).toBe(check!.id);
    expect(run.externalUrl).toBe(`https://driftcheck.test/checks/${check!.id}`);

    const patches = (await vercelState()).requests.filter((request) => request.path === `/v2/deployments/${deploymentId}/check-runs/${runId}`);
    expect(patches.map((request) => request.status)).toEqual([200, 200]);
    expect(patches.every((request) => request.method === "PATCH" && request.query.teamId === VERCEL_TEAM && request.headers.authorization === "Bearer (token)")).toBe(true);
  });

  it("a clean production deployment without git meta is resolved through GET /v13/deployments/{id} and `succeeded`", async () => {
    const { repo, sha } = await newRepo("vercel-prod");
    const deploymentId = `dpl_${crypto.randomUUID().slice(0, 8)}`;
    const [org, name] = repo.split("/");
    await addVercelDeployment({ id: deploymentId, target: "production", teamId: VERCEL_TEAM, gitSource: { type: "github", sha, ref: "main", prId: null, org: org!, repo: name! } });
    const runId = await startRun({ deploymentId, target: "production" });

    const run = await vercelRun(runId);
    expect(run.conclusion).toBe("succeeded");
    expect((await concluded((await findLatestCheck(db(), { repo, sha, environment: "production" }))!.id)).outcome).toBe("pass");
    const reads = (await vercelState()).requests.filter((request) => request.path === `/v13/deployments/${deploymentId}`);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ method: "GET", status: 200, query: { teamId: VERCEL_TEAM } });
  });

  it("a preview whose Neon branch does not exist yet is `neutral` (waiting for Neon branch)", async () => {
    const { repo, sha } = await newRepo("vercel-wait");
    const runId = await startRun({ deploymentId: `dpl_${crypto.randomUUID().slice(0, 8)}`, target: null, meta: gitMeta(repo, sha, "not-created-yet") });
    const run = await vercelRun(runId);
    expect(run.conclusion).toBe("neutral");
    expect(run.conclusionText).toContain("waiting for Neon branch");
  });

  it("an unreachable database is retried, then `failed` for production (onError fail) — never `succeeded`", async () => {
    const downProject = `proj-vdown-${crypto.randomUUID().slice(0, 6)}`;
    await addBranch({ projectId: downProject, name: "main", default: true, state: "unreachable" });
    const { repo, sha } = await newRepo("vercel-down", downProject);
    const runId = await startRun({ deploymentId: `dpl_${crypto.randomUUID().slice(0, 8)}`, target: "production", meta: gitMeta(repo, sha, "main") });

    const retried = await waitFor(async () => {
      const check = await findLatestCheck(db(), { repo, sha, environment: "production" });
      return check?.status === "queued" && check.error ? check : null;
    }, "the first attempt's transient failure", 20_000);
    expect(retried.error?.kind).toBe("connection");
    expect((await vercelRun(runId, (run) => run.status === "running")).conclusion).toBeNull();

    // Retries exhausted: the platform hands the message to the dead-letter queue's consumer.
    const job: Job = {
      type: "check", source: "vercel", repo, sha, ref: "main", pr: null, environment: "production", neonBranch: null,
      installationId: null, trigger: "event", deliveryId: retried.deliveryId, checkId: retried.id, expectedKey: null,
    };
    await worker.queue(createMessageBatch<Job>("driftcheck-checks-dlq", [{ id: "dead-vercel", timestamp: new Date(), attempts: 1, body: job }]), env);

    const run = await vercelRun(runId);
    expect(run.conclusion).toBe("failed");
    expect(run.conclusionText).toContain("could not check");
    expect(run.updates.some((update) => update.conclusion === "succeeded")).toBe(false);
  });

  it("a preview whose database is unreachable concludes `neutral` (onError neutral) once retries are exhausted", async () => {
    const downProject = `proj-vdown-${crypto.randomUUID().slice(0, 6)}`;
    await addBranch({ projectId: downProject, name: "main", default: true, state: "all" });
    await addBranch({ projectId: downProject, name: "preview/down", state: "unreachable" });
    const { repo, sha } = await newRepo("vercel-down-preview", downProject);
    const runId = await startRun({ deploymentId: `dpl_${crypto.randomUUID().slice(0, 8)}`, target: null, meta: gitMeta(repo, sha, "down") });
    const retried = await waitFor(async () => {
      const check = await findLatestCheck(db(), { repo, sha, environment: "preview" });
      return check?.status === "queued" && check.error ? check : null;
    }, "the first attempt's transient failure", 20_000);
    const job: Job = {
      type: "check", source: "vercel", repo, sha, ref: "down", pr: null, environment: "preview", neonBranch: null,
      installationId: null, trigger: "event", deliveryId: retried.deliveryId, checkId: retried.id, expectedKey: null,
    };
    await worker.queue(createMessageBatch<Job>("driftcheck-checks-dlq", [{ id: "dead-vercel-2", timestamp: new Date(), attempts: 1, body: job }]), env);
    const run = await vercelRun(runId);
    expect(run.conclusion).toBe("neutral");
    expect(run.conclusionText).toContain("could not check");
  });
});

/** A Vercel check run that started a production check of (repo, sha), then was canceled with its deployment. */
async function canceledDeploymentCheck(repo: string, sha: string) {
  const { check, runIds } = await deploymentCheckWithRuns(repo, sha, 1);
  await cancelRun(runIds[0]!);
  expect((await getCheck(db(), check.id))?.status).toBe("canceled");
  return check;
}

/** A production check a Vercel check run's delivery created (not started yet), with `runs` running Vercel runs linked to it. */
async function deploymentCheckWithRuns(repo: string, sha: string, runs: number) {
  const check = await createCheckRun(db(), { source: "vercel", repo, sha, ref: "main", pr: null, environment: "production", neonBranch: null, installationId: null, deliveryId: `evt_${crypto.randomUUID().replaceAll("-", "")}`, expectedKey: null }, Date.now());
  const runIds: string[] = [];
  for (let index = 0; index < runs; index++) {
    const runId = `cr_${crypto.randomUUID().slice(0, 10)}`;
    await saveVercelCheckRun(db(), { id: runId, deploymentId: `dpl_${crypto.randomUUID().slice(0, 8)}`, teamId: VERCEL_TEAM, projectId: "prj_app", checkId: check.id }, Date.now());
    runIds.push(runId);
  }
  return { check, runIds };
}

/** `deployment.checkrun.cancel` for a known run; resolves once the Worker marked the run canceled. */
async function cancelRun(runId: string): Promise<void> {
  const run = await getVercelCheckRun(db(), runId);
  const response = await sendVercelWebhook(envelope("deployment.checkrun.cancel", checkRunPayload({ deploymentId: run!.deploymentId, checkRunId: runId })));
  expect(response.status).toBe(202);
  await waitFor(async () => ((await getVercelCheckRun(db(), runId))?.status === "canceled" ? true : null), `the canceled run ${runId}`);
}

/** The check once its job stored the conclusion (after reporting it to GitHub and Vercel). */
function concluded(checkId: string) {
  return waitFor(async () => {
    const check = await getCheck(db(), checkId);
    return check?.status === "completed" ? check : null;
  }, `the conclusion of check ${checkId}`);
}

/** A concluded production run of (repo, sha) made by `source` — what the cron (`schedule`) or GitHub's events leave behind. */
async function concludedRun(repo: string, sha: string, source: CheckSource, outcome: CheckOutcome) {
  const deliveryId = source === "schedule" ? scheduledDeliveryId(Date.now(), repo) : crypto.randomUUID();
  const check = await createCheckRun(db(), { source, repo, sha, ref: "main", pr: null, environment: "production", neonBranch: null, installationId: INSTALLATION, deliveryId, expectedKey: null }, Date.now());
  const error = outcome === "error" ? { kind: "connection", message: "the database did not answer" } : null;
  await completeCheck(db(), check.id, { outcome, counts: { error: 0, warning: 0, info: 0 }, timings: null, error }, Date.now());
  return check;
}

describe("a Vercel check run of a commit checked before (a redeploy or rollback of the live sha)", () => {
  for (const [who, source] of [["a scheduled re-check", "schedule"], ["GitHub's check", "github"]] as const) {
    it(`is checked again, not failed, when the newest run is ${who} that ended \`error\``, async () => {
      const { repo, sha } = await newRepo(`vercel-after-${source}-error`);
      const earlier = await concludedRun(repo, sha, source, "error");
      const envelopeId = `evt_${crypto.randomUUID().replaceAll("-", "")}`;
      const runId = await startRun({ deploymentId: `dpl_${crypto.randomUUID().slice(0, 8)}`, target: "production", meta: gitMeta(repo, sha, "main"), envelopeId });

      const run = await vercelRun(runId);
      expect(run.conclusion).toBe("succeeded");
      expect(run.externalId).not.toBe(earlier.id);
      expect(await concluded(run.externalId!)).toMatchObject({ source: "vercel", deliveryId: envelopeId, run: 2, outcome: "pass", attempts: 1 });
    });
  }

  it("is checked again when the newest run is a scheduled re-check that passed: the cron's runs are not the deployment's check", async () => {
    const { repo, sha } = await newRepo("vercel-after-schedule-pass");
    const scheduled = await concludedRun(repo, sha, "schedule", "pass");
    const runId = await startRun({ deploymentId: `dpl_${crypto.randomUUID().slice(0, 8)}`, target: "production", meta: gitMeta(repo, sha, "main") });

    const run = await vercelRun(runId);
    expect(run.conclusion).toBe("succeeded");
    expect(run.externalId).not.toBe(scheduled.id);
    expect(await concluded(run.externalId!)).toMatchObject({ source: "vercel", run: 2, outcome: "pass", attempts: 1 });
  });

  it("is checked again when the newest run is a promotion's audit", async () => {
    const { repo, sha } = await newRepo("vercel-after-audit");
    const promoted = envelope("deployment.promoted", deploymentPayload({ deploymentId: `dpl_${crypto.randomUUID().slice(0, 8)}`, target: "production", projectId: `prj_${crypto.randomUUID().slice(0, 8)}`, meta: gitMeta(repo, sha, "main") }));
    expect((await sendVercelWebhook(promoted)).status).toBe(202);
    const audit = await waitFor(async () => {
      const check = await findLatestCheck(db(), { repo, sha, environment: "production" });
      return check?.status === "completed" ? check : null;
    }, "the promotion's audit", 20_000);

    const runId = await startRun({ deploymentId: `dpl_${crypto.randomUUID().slice(0, 8)}`, target: "production", meta: gitMeta(repo, sha, "main") });
    const run = await vercelRun(runId);
    expect(run.conclusion).toBe("succeeded");
    expect(run.externalId).not.toBe(audit.id);
    expect(await concluded(run.externalId!)).toMatchObject({ source: "vercel", run: 2, outcome: "pass", attempts: 1 });
  });

  it("takes the outcome of GitHub's concluded check at once, without a run of its own", async () => {
    const { repo, sha } = await newRepo("vercel-after-github-pass");
    const github = await concludedRun(repo, sha, "github", "pass");
    const runId = await startRun({ deploymentId: `dpl_${crypto.randomUUID().slice(0, 8)}`, target: "production", meta: gitMeta(repo, sha, "main") });

    const run = await vercelRun(runId);
    expect(run).toMatchObject({ conclusion: "succeeded", externalId: github.id });
    expect((await listChecks(db(), { repo, limit: 10 })).map((check) => check.id)).toEqual([github.id]);
    expect((await getCheck(db(), github.id))?.attempts).toBe(0);
  });

  it("shares GitHub's check of the commit though the cron re-checked it since: events of a commit share their run", async () => {
    const { repo, sha } = await newRepo("vercel-after-github-then-cron");
    const github = await concludedRun(repo, sha, "github", "pass");
    const scheduled = await concludedRun(repo, sha, "schedule", "fail");
    const runId = await startRun({ deploymentId: `dpl_${crypto.randomUUID().slice(0, 8)}`, target: "production", meta: gitMeta(repo, sha, "main") });

    const run = await vercelRun(runId);
    expect(run).toMatchObject({ conclusion: "succeeded", externalId: github.id });
    expect((await listChecks(db(), { repo, limit: 10 })).map((check) => check.id).sort()).toEqual([github.id, scheduled.id].sort());
  });

  it("is checked again after the commit's earlier deployment was canceled (a \"Redeploy\"), not concluded `canceled`", async () => {
    const { repo, sha } = await newRepo("vercel-redeploy-after-cancel");
    const first = await canceledDeploymentCheck(repo, sha);
    const envelopeId = `evt_${crypto.randomUUID().replaceAll("-", "")}`;
    const runId = await startRun({ deploymentId: `dpl_${crypto.randomUUID().slice(0, 8)}`, target: "production", meta: gitMeta(repo, sha, "main"), envelopeId });

    const run = await vercelRun(runId);
    expect(run.conclusion).toBe("succeeded");
    expect(run.externalId).not.toBe(first.id);
    expect(await concluded(run.externalId!)).toMatchObject({ source: "vercel", deliveryId: envelopeId, run: 2, outcome: "pass", attempts: 1 });
    expect((await getCheck(db(), first.id))?.status).toBe("canceled");
  });

  it("a retry keeps the check an earlier attempt linked, though a scheduled re-check is newer now", async () => {
    const { repo, sha } = await newRepo("vercel-retry-linked");
    // The earlier attempt linked the run to GitHub's check (still running elsewhere), then failed before PATCHing Vercel.
    const github = await upsertCheck(db(), { source: "github", repo, sha, ref: "main", pr: null, environment: "production", neonBranch: null, installationId: INSTALLATION, deliveryId: crypto.randomUUID(), expectedKey: null }, Date.now());
    const deploymentId = `dpl_${crypto.randomUUID().slice(0, 8)}`;
    const checkRunId = `cr_${crypto.randomUUID().slice(0, 10)}`;
    await addVercelCheckRun(deploymentId, checkRunId);
    await saveVercelCheckRun(db(), { id: checkRunId, deploymentId, teamId: VERCEL_TEAM, projectId: "prj_app", checkId: github.id }, Date.now());
    const scheduled = await concludedRun(repo, sha, "schedule", "pass");

    const retry = envelope("deployment.checkrun.start", checkRunPayload({ deploymentId, checkRunId, target: "production", meta: gitMeta(repo, sha, "main") }));
    expect((await sendVercelWebhook(retry)).status).toBe(202);
    const run = await vercelRun(checkRunId, (candidate) => candidate.status === "running");
    expect(run.externalId).toBe(github.id);
    expect((await listChecks(db(), { repo, limit: 10 })).map((check) => check.id).sort()).toEqual([github.id, scheduled.id].sort());
  });
});

describe("deployment.checkrun.cancel", () => {
  it("cancels the check its deployment made once no other running Vercel run waits for it", async () => {
    const { repo, sha } = await newRepo("vercel-cancel-shared");
    const { check, runIds } = await deploymentCheckWithRuns(repo, sha, 2);

    await cancelRun(runIds[0]!);
    expect((await getCheck(db(), check.id))?.status).toBe("queued");
    expect((await getVercelCheckRun(db(), runIds[1]!))?.status).toBe("running");

    await cancelRun(runIds[1]!);
    expect((await getCheck(db(), check.id))?.status).toBe("canceled");
  });

  it("leaves a check GitHub's events made alone though its job has not started yet: only the run is canceled", async () => {
    const { repo, sha } = await newRepo("vercel-cancel-queued-github");
    const github = await upsertCheck(db(), { source: "github", repo, sha, ref: "main", pr: null, environment: "production", neonBranch: null, installationId: INSTALLATION, deliveryId: crypto.randomUUID(), expectedKey: null }, Date.now());
    const runId = `cr_${crypto.randomUUID().slice(0, 10)}`;
    await saveVercelCheckRun(db(), { id: runId, deploymentId: `dpl_${crypto.randomUUID().slice(0, 8)}`, teamId: VERCEL_TEAM, projectId: "prj_app", checkId: github.id }, Date.now());

    await cancelRun(runId);
    expect(await getCheck(db(), github.id)).toEqual(github);
  });

  it("leaves GitHub's PR check to GitHub's job: its \"waiting for Neon branch\" re-check still concludes the GitHub run", async () => {
    const { repo, sha } = await newRepo("vercel-cancel-github");
    const branch = `late-${crypto.randomUUID().slice(0, 6)}`;
    expect((await sendWebhook("pull_request", pullRequestPayload({ repo, sha, branch, number: 5, installation: INSTALLATION }))).status).toBe(202);
    const waiting = await checkRunFor(repo, sha, (run) => run.conclusion === "neutral");
    expect(waiting.output.title).toBe("waiting for Neon branch");
    const github = await findLatestCheck(db(), { repo, sha, environment: "preview" });
    expect(github).toMatchObject({ source: "github", outcome: null });

    // The preview deployment's check run shares GitHub's check; then the deployment is canceled.
    const runId = await startRun({ deploymentId: `dpl_${crypto.randomUUID().slice(0, 8)}`, target: null, meta: gitMeta(repo, sha, branch, 5) });
    expect((await vercelRun(runId, (run) => Boolean(run.externalId))).externalId).toBe(github!.id);
    await cancelRun(runId);
    expect((await getCheck(db(), github!.id))?.status).not.toBe("canceled");

    await addBranch({ projectId, name: `preview/${branch}`, state: "all-but-last" });
    const run = await checkRunFor(repo, sha, (seen) => seen.conclusion === "failure");
    expect(run.id).toBe(waiting.id);
    expect(run.output.title).toContain("COLUMN_MISSING");
    expect(await concluded(github!.id)).toMatchObject({ outcome: "fail" });
  });

  it("leaves a check with a GitHub check run going: a redeploy's run shares the waiting check, and cancelling it does not strand the GitHub run", async () => {
    const { repo, sha } = await newRepo("vercel-cancel-redeploy");
    const branch = `late-${crypto.randomUUID().slice(0, 6)}`;
    const firstRun = await startRun({ deploymentId: `dpl_${crypto.randomUUID().slice(0, 8)}`, target: null, meta: gitMeta(repo, sha, branch) });
    expect((await vercelRun(firstRun)).conclusion).toBe("neutral");
    const waiting = await checkRunFor(repo, sha, (run) => run.conclusion === "neutral");
    const check = await findLatestCheck(db(), { repo, sha, environment: "preview" });
    expect(check).toMatchObject({ source: "vercel", outcome: null, githubCheckRunId: waiting.id });

    const redeploy = await startRun({ deploymentId: `dpl_${crypto.randomUUID().slice(0, 8)}`, target: null, meta: gitMeta(repo, sha, branch) });
    expect((await vercelRun(redeploy, (run) => Boolean(run.externalId))).externalId).toBe(check!.id);
    await cancelRun(redeploy);
    expect((await getCheck(db(), check!.id))?.status).not.toBe("canceled");

    await addBranch({ projectId, name: `preview/${branch}`, state: "all-but-last" });
    const run = await checkRunFor(repo, sha, (seen) => seen.conclusion === "failure");
    expect(run.id).toBe(waiting.id);
    expect(await concluded(check!.id)).toMatchObject({ outcome: "fail" });
  });
});
