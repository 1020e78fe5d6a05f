/**
 * A `deployment.checkrun.start` job that gives up must not leave its Vercel check run open
 * (Vercel holds the deployment until the run concludes). Inside workerd, with the Worker's own
 * queue handler: the stand-in Vercel API fails GET /v13/deployments/{id} for a deployment, the
 * job is retried (checks queue), then handed to the dead-letter queue, whose consumer PATCHes the
 * run `completed` per DESIGN.md's outcomes table ("could not check": neutral for a preview,
 * failed for production). Batches are delivered directly, so no test waits out the backoff.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { completeCheck, getCheck, getVercelCheckRun, saveVercelCheckRun, upsertCheck, type StoredCheck } from "../../src/adapters/d1/store.js";
import worker, { type Job } from "../../src/worker/index.js";
import type { VercelJob } from "../../src/worker/queue/jobs.js";
import { vercelEnvelopeToJob } from "../../src/worker/vercel/events.js";
import { db, randomSha } from "./helpers.js";
import { addVercelCheckRun, checkRunPayload, envelope, failVercelDeployment, VERCEL_TEAM, vercelState } from "./vercel-support.js";

const CHECKS_QUEUE = "driftcheck-checks";
const DEAD_LETTER_QUEUE = "driftcheck-checks-dlq";

interface QueueResult {
  explicitAcks: string[];
  retryMessages: { msgId: string }[];
}

/** A check run Vercel created for a new deployment, and the job its `deployment.checkrun.start` becomes. */
async function startJob(target: "production" | null): Promise<VercelJob> {
  const deploymentId = `dpl_${crypto.randomUUID().slice(0, 8)}`;
  const checkRunId = `cr_${crypto.randomUUID().slice(0, 10)}`;
  await addVercelCheckRun(deploymentId, checkRunId);
  // No git metadata in the payload: the Worker must ask GET /v13/deployments/{id}.
  const decision = vercelEnvelopeToJob(envelope("deployment.checkrun.start", checkRunPayload({ deploymentId, checkRunId, target })));
  if (decision.kind !== "job") throw new Error(`not a job: ${JSON.stringify(decision)}`);
  return decision.job;
}

async function deliver(queue: string, job: Job): Promise<QueueResult> {
  const batch = createMessageBatch<Job>(queue, [{ id: "msg-0", timestamp: new Date(), attempts: 1, body: job }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return (await getQueueResult(batch, ctx)) as QueueResult;
}

async function standInRun(id: string) {
  const run = (await vercelState()).checkRuns.find((candidate) => candidate.id === id);
  if (!run) throw new Error(`the stand-in has no check run ${id}`);
  return run;
}

async function linkedCheck(job: VercelJob, overrides: { deliveryId: string | null; outcome?: "pass" }): Promise<StoredCheck> {
  const check = await upsertCheck(
    db(),
    { source: "vercel", repo: `acme/dlq-${crypto.randomUUID().slice(0, 8)}`, sha: randomSha(), ref: "feature", pr: null, environment: "preview", neonBranch: null, installationId: null, deliveryId: overrides.deliveryId, expectedKey: null },
    Date.now(),
  );
  if (overrides.outcome) await completeCheck(db(), check.id, { outcome: overrides.outcome, counts: { error: 0, warning: 0, info: 0 }, timings: null, error: null }, Date.now());
  await saveVercelCheckRun(db(), { id: job.checkRunId!, deploymentId: job.deploymentId, teamId: VERCEL_TEAM, projectId: "prj_app", checkId: check.id }, Date.now());
  return check;
}

describe("a dead-lettered deployment.checkrun.start job", () => {
  for (const [target, conclusion] of [[null, "neutral"], ["production", "failed"]] as const) {
    it(`concludes a ${target ?? "preview"} run \`${conclusion}\` "could not check" once Vercel's API kept failing`, async () => {
      const job = await startJob(target);
      await failVercelDeployment(job.deploymentId, 500);

      // Vercel's API answers 500: retried with backoff, the run untouched.
      const first = await deliver(CHECKS_QUEUE, job);
      expect(first.retryMessages).toEqual([{ msgId: "msg-0" }]);
      expect(first.explicitAcks).toEqual([]);
      expect((await standInRun(job.checkRunId!)).updates).toEqual([]);

      // Retries exhausted: the platform hands the message to the dead-letter queue.
      const dead = await deliver(DEAD_LETTER_QUEUE, job);
      expect(dead.explicitAcks).toEqual(["msg-0"]);
      const run = await standInRun(job.checkRunId!);
      expect(run.status).toBe("completed");
      expect(run.conclusion).toBe(conclusion);
      expect(run.conclusionText).toMatch(/^driftcheck: could not check: gave up starting the check of Vercel deployment dpl_\w+ after repeated failures$/);
      expect(run.updates).toHaveLength(1);
      // No check was ever made: nothing to link to.
      expect(run.externalId).toBeNull();
      const requests = (await vercelState()).requests.filter((request) => request.path.includes(job.deploymentId));
      expect(requests.map((request) => `${request.method} ${request.status}`)).toEqual(["GET 500", "PATCH 200"]);
      expect(requests[1]!.query).toEqual({ teamId: VERCEL_TEAM });
    });
  }

  it("concludes the check this delivery created but never queued, and the run through it", async () => {
    const job = await startJob(null);
    const check = await linkedCheck(job, { deliveryId: job.deliveryId });
    expect((await deliver(DEAD_LETTER_QUEUE, job)).explicitAcks).toEqual(["msg-0"]);

    expect(await getCheck(db(), check.id)).toMatchObject({ status: "completed", outcome: "error" });
    const run = await standInRun(job.checkRunId!);
    expect(run).toMatchObject({ status: "completed", conclusion: "neutral", externalId: check.id });
    expect(run.conclusionText).toContain("could not check: gave up");
    expect((await getVercelCheckRun(db(), job.checkRunId!))?.status).toBe("completed");
  });

  it("gives a run whose check already concluded that check's outcome, not \"could not check\"", async () => {
    const job = await startJob("production");
    const check = await linkedCheck(job, { deliveryId: job.deliveryId, outcome: "pass" });
    await deliver(DEAD_LETTER_QUEUE, job);
    expect(await standInRun(job.checkRunId!)).toMatchObject({ status: "completed", conclusion: "succeeded", externalId: check.id });
  });

  it("leaves a run whose check another delivery's job runs to that job (it concludes every linked run)", async () => {
    const job = await startJob(null);
    const check = await linkedCheck(job, { deliveryId: crypto.randomUUID() });
    expect((await deliver(DEAD_LETTER_QUEUE, job)).explicitAcks).toEqual(["msg-0"]);
    expect((await standInRun(job.checkRunId!)).updates).toEqual([]);
    expect(await getCheck(db(), check.id)).toMatchObject({ status: "queued" });
  });
});

describe("a deployment.checkrun.start job that cannot succeed", () => {
  it("concludes the run `failed` (production) at once when the deployment is unknown to Vercel, without retries", async () => {
    const job = await startJob("production");
    const result = await deliver(CHECKS_QUEUE, job);
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect(result.retryMessages).toEqual([]);
    const run = await standInRun(job.checkRunId!);
    expect(run).toMatchObject({ status: "completed", conclusion: "failed", externalId: null });
    expect(run.conclusionText).toContain("driftcheck: could not check: Vercel does not know this resource (HTTP 404");
  });
});
