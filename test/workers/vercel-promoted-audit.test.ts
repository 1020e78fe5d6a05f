/**
 * The audit after `deployment.promoted` (issue 5, point 3) inside workerd: a signed promotion
 * remembers the sha live in production and checks that commit again against the production Neon
 * branch — a new run even when (repo, sha, production) was checked before — once per envelope id.
 * Queue retries and Vercel API outages are exercised by delivering the job to the Worker's own
 * queue handler, so no test waits out the backoff.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { completeCheck, findLatestCheck, getVercelDeployment, getVercelProduction, listChecks, upsertCheck, type StoredCheck } from "../../src/adapters/d1/store.js";
import worker, { type Job } from "../../src/worker/index.js";
import type { VercelJob } from "../../src/worker/queue/jobs.js";
import { vercelEnvelopeToJob } from "../../src/worker/vercel/events.js";
import { auditDeliveryId } from "../../src/worker/vercel/production-audit.js";
import { db, installOn, waitFor } from "./helpers.js";
import { addBranch, commit, standIns, uniqueRepo } from "./e2e-support.js";
import { addVercelDeployment, deploymentPayload, envelope, failVercelDeployment, gitMeta, sendVercelWebhook, VERCEL_TEAM, vercelState } from "./vercel-support.js";

const INSTALLATION = 4242;

/** A repository whose production Neon branch has every migration (a clean production). */
async function cleanProductionRepo(prefix: string): Promise<{ repo: string; sha: string }> {
  const projectId = `proj-audit-${crypto.randomUUID().slice(0, 6)}`;
  await addBranch({ projectId, name: "main", default: true, state: "all" });
  const repo = uniqueRepo(prefix);
  const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
  await installOn(repo, INSTALLATION); // Vercel's payloads carry no installation id
  return { repo, sha };
}

function auditOf(envelopeId: string, repo: string, sha: string): Promise<StoredCheck> {
  return waitFor(async () => {
    const check = await findLatestCheck(db(), { repo, sha, environment: "production" });
    return check?.deliveryId === auditDeliveryId(envelopeId) && check.status === "completed" ? check : null;
  }, `the audit check of ${repo}@${sha.slice(0, 7)}`, 20_000);
}

const CHECKS_QUEUE = "driftcheck-checks";
const DEAD_LETTER_QUEUE = "driftcheck-checks-dlq";

/** The job a `deployment.promoted` envelope becomes on the checks queue. */
function promotedJob(payload: Record<string, unknown>): VercelJob {
  const decision = vercelEnvelopeToJob(envelope("deployment.promoted", payload));
  if (decision.kind !== "job") throw new Error(`not a job: ${JSON.stringify(decision)}`);
  return decision.job;
}

/**
 * The CHECKS binding as the Worker sees it, recording every check job sent: `send` forwards to the
 * real queue (whose consumer runs the audit), or fails as a queue outage would.
 */
function checksQueue(mode: "forward" | "fail"): { queue: Queue; sent: Job[] } {
  const sent: Job[] = [];
  const queue = {
    send: async (body: Job, options?: QueueSendOptions) => {
      if (mode === "fail") throw new Error("Queue send failed: the queue is unavailable");
      sent.push(body);
      await env.CHECKS.send(body, options);
    },
    sendBatch: () => Promise.reject(new Error("the Vercel jobs send one message at a time")),
  };
  return { queue: queue as unknown as Queue, sent };
}

/** Delivers one message to the Worker's queue handler (as a platform delivery or retry would); returns the platform's ack/retry record. */
async function deliver(queueName: string, job: Job, checks: Queue = env.CHECKS): Promise<{ explicitAcks: string[]; retryMessages: { msgId: string }[] }> {
  const batch = createMessageBatch<Job>(queueName, [{ id: "msg-0", timestamp: new Date(), attempts: 1, body: job }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, CHECKS: checks });
  return (await getQueueResult(batch, ctx)) as { explicitAcks: string[]; retryMessages: { msgId: string }[] };
}

describe("deployment.promoted → production audit", () => {
  it("checks the promoted commit again even though (repo, sha, production) was checked before, once per envelope", async () => {
    const { repo, sha } = await cleanProductionRepo("audit-rerun");
    // An earlier production check of this commit said `fail`; production is clean now.
    const earlier = await upsertCheck(db(), { source: "github", repo, sha, ref: "main", pr: null, environment: "production", neonBranch: null, installationId: INSTALLATION, deliveryId: null, expectedKey: null }, Date.now());
    await completeCheck(db(), earlier.id, { outcome: "fail", counts: { error: 1, warning: 0, info: 0 }, timings: null, error: null }, Date.now());

    const vercelProject = `prj_${crypto.randomUUID().slice(0, 8)}`;
    const deploymentId = `dpl_${crypto.randomUUID().slice(0, 8)}`;
    const promoted = envelope("deployment.promoted", deploymentPayload({ deploymentId, target: "production", projectId: vercelProject, meta: gitMeta(repo, sha, "main") }));
    expect((await sendVercelWebhook(promoted)).status).toBe(202);

    const audit = await auditOf(promoted.id, repo, sha);
    expect(audit).toMatchObject({ run: 2, source: "vercel", environment: "production", outcome: "pass", pr: null, ref: "main" });
    expect(audit.id).not.toBe(earlier.id);
    expect(await getVercelProduction(db(), vercelProject)).toMatchObject({ deploymentId, repo, sha });
    expect(await getVercelDeployment(db(), deploymentId)).toMatchObject({ state: "promoted", environment: "production", checkId: audit.id });
    // Reported like any check of a commit: a `schema-drift` run on GitHub, linked to the audit.
    const runs = await waitFor(async () => {
      const found = (await standIns(repo)).checkRuns.filter((run) => run.external_id === audit.id && run.status === "completed");
      return found.length > 0 ? found : null;
    }, "the audit's check run");
    expect(runs.map((run) => run.conclusion)).toEqual(["success"]);

    // The same envelope again: a duplicate delivery, no third run.
    const again = await sendVercelWebhook(promoted);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: "duplicate", delivery: promoted.id });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await listChecks(db(), { repo, limit: 10 })).map((check) => check.run).sort()).toEqual([1, 2]);
  });

  it("a promotion whose webhook lacks git metadata is resolved through GET /v13/deployments/{id} and audited", async () => {
    const { repo, sha } = await cleanProductionRepo("audit-get");
    const [org, name] = repo.split("/");
    const deploymentId = `dpl_${crypto.randomUUID().slice(0, 8)}`;
    await addVercelDeployment({ id: deploymentId, target: "production", teamId: VERCEL_TEAM, gitSource: { type: "github", sha, ref: "main", prId: null, org: org!, repo: name! } });
    const vercelProject = `prj_${crypto.randomUUID().slice(0, 8)}`;
    const promoted = envelope("deployment.promoted", deploymentPayload({ deploymentId, target: "production", projectId: vercelProject }));
    expect((await sendVercelWebhook(promoted)).status).toBe(202);

    const audit = await auditOf(promoted.id, repo, sha);
    expect(audit).toMatchObject({ run: 1, outcome: "pass" });
    expect(await getVercelProduction(db(), vercelProject)).toMatchObject({ deploymentId, repo, sha });
    const reads = (await vercelState()).requests.filter((request) => request.path === `/v13/deployments/${deploymentId}`);
    expect(reads).toMatchObject([{ method: "GET", status: 200, query: { teamId: VERCEL_TEAM } }]);
  });

  it("a promotion whose commit cannot be told is recorded without an audit", async () => {
    // Unknown to the Vercel API (404) and no git metadata: nothing to check.
    const deploymentId = `dpl_${crypto.randomUUID().slice(0, 8)}`;
    const vercelProject = `prj_${crypto.randomUUID().slice(0, 8)}`;
    const promoted = envelope("deployment.promoted", deploymentPayload({ deploymentId, target: "production", projectId: vercelProject }));
    expect((await sendVercelWebhook(promoted)).status).toBe(202);

    const production = await waitFor(() => getVercelProduction(db(), vercelProject), "the production record");
    expect(production).toMatchObject({ deploymentId, repo: null, sha: null });
    expect(await getVercelDeployment(db(), deploymentId)).toMatchObject({ state: "promoted", checkId: null });
    const reads = (await vercelState()).requests.filter((request) => request.path === `/v13/deployments/${deploymentId}`);
    expect(reads.map((request) => request.status)).toEqual([404]);
  });

  it("a queue retry of the promotion's job finds its audit again: one check row, enqueued once", async () => {
    const { repo, sha } = await cleanProductionRepo("audit-retry");
    const job = promotedJob(deploymentPayload({ deploymentId: `dpl_${crypto.randomUUID().slice(0, 8)}`, target: "production", projectId: `prj_${crypto.randomUUID().slice(0, 8)}`, meta: gitMeta(repo, sha, "main") }));
    // The repository is new: every check of it is an audit of this promotion.
    const auditRows = () => listChecks(db(), { repo, limit: 10 });

    // First attempt: the audit row is made, then the queue refuses the audit's job: retried.
    const outage = checksQueue("fail");
    expect((await deliver(CHECKS_QUEUE, job, outage.queue)).retryMessages).toEqual([{ msgId: "msg-0" }]);
    expect(await auditRows()).toMatchObject([{ status: "queued", attempts: 0 }]);

    // The retry: the same row, now enqueued.
    const retry = checksQueue("forward");
    expect((await deliver(CHECKS_QUEUE, job, retry.queue)).explicitAcks).toEqual(["msg-0"]);
    const rows = await auditRows();
    expect(rows).toHaveLength(1);
    const audit = rows[0];
    expect(retry.sent).toEqual([{ type: "check", source: "vercel", repo, sha, ref: "main", pr: null, environment: "production", neonBranch: null, installationId: null, trigger: "rerun", deliveryId: auditDeliveryId(job.deliveryId), checkId: audit!.id, expectedKey: null }]);
    await auditOf(job.deliveryId, repo, sha);

    // Delivered once more (queues deliver at least once): neither a second row nor a second run.
    const again = checksQueue("forward");
    expect((await deliver(CHECKS_QUEUE, job, again.queue)).explicitAcks).toEqual(["msg-0"]);
    expect(again.sent).toEqual([]);
    expect(await auditRows()).toMatchObject([{ id: audit!.id, deliveryId: auditDeliveryId(job.deliveryId), status: "completed", outcome: "pass", attempts: 1 }]);
  });

  it("a git-less promotion is recorded before Vercel's API is asked: an outage that outlasts the retries keeps which deployment is live", async () => {
    const deploymentId = `dpl_${crypto.randomUUID().slice(0, 8)}`;
    const vercelProject = `prj_${crypto.randomUUID().slice(0, 8)}`;
    await failVercelDeployment(deploymentId, 500);
    const job = promotedJob(deploymentPayload({ deploymentId, target: "production", projectId: vercelProject }));

    expect((await deliver(CHECKS_QUEUE, job)).retryMessages).toEqual([{ msgId: "msg-0" }]);
    expect(await getVercelProduction(db(), vercelProject)).toMatchObject({ deploymentId, repo: null, sha: null });
    expect(await getVercelDeployment(db(), deploymentId)).toMatchObject({ state: "promoted", environment: null, checkId: null });

    // Retries exhausted: the dead-letter queue drops the job; the record stays.
    expect((await deliver(DEAD_LETTER_QUEUE, job)).explicitAcks).toEqual(["msg-0"]);
    expect(await getVercelProduction(db(), vercelProject)).toMatchObject({ deploymentId, repo: null, sha: null });
    const reads = (await vercelState()).requests.filter((request) => request.path === `/v13/deployments/${deploymentId}`);
    expect(reads.map((request) => `${request.method} ${request.status}`)).toEqual(["GET 500"]);
  });

  it("a redelivered git-less promotion keeps the commit an earlier delivery learnt while Vercel's API is down", async () => {
    const { repo, sha } = await cleanProductionRepo("audit-redelivered");
    const [org, name] = repo.split("/");
    const deploymentId = `dpl_${crypto.randomUUID().slice(0, 8)}`;
    const vercelProject = `prj_${crypto.randomUUID().slice(0, 8)}`;
    await addVercelDeployment({ id: deploymentId, target: "production", teamId: VERCEL_TEAM, gitSource: { type: "github", sha, ref: "main", prId: null, org: org!, repo: name! } });
    const job = promotedJob(deploymentPayload({ deploymentId, target: "production", projectId: vercelProject }));
    expect((await deliver(CHECKS_QUEUE, job)).explicitAcks).toEqual(["msg-0"]);
    expect(await getVercelProduction(db(), vercelProject)).toMatchObject({ deploymentId, repo, sha });
    await auditOf(job.deliveryId, repo, sha);

    await failVercelDeployment(deploymentId, 500);
    expect((await deliver(CHECKS_QUEUE, job)).retryMessages).toEqual([{ msgId: "msg-0" }]);
    expect(await getVercelProduction(db(), vercelProject)).toMatchObject({ deploymentId, repo, sha });
  });
});
