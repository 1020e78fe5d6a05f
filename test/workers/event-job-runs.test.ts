/**
 * A GitHub event job works on its own run of (repo, sha, environment), never on a newer run that
 * answers no event — the cron's re-check of the live commit, a promotion's audit — even when a
 * queue retry or the dead-letter queue comes back after such a run was created. Otherwise the
 * push's run stays queued and its GitHub check run `in_progress` for good, and a dead-lettered
 * push concludes the cron's run with its error (a false monitor alert).
 *
 * The job's attempts are delivered here as the platform would (a retry is a redelivery of the
 * same message body); the first one fails transiently on the stand-in GitHub after opening the
 * check run, as a GitHub outage would.
 */
import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { cancelUnwatchedCheck, createCheckRun, findCheckByDelivery, getCheck, type NewCheck, type StoredCheck } from "../../src/adapters/d1/store.js";
import worker, { type Job } from "../../src/worker/index.js";
import { eventRunFor } from "../../src/worker/queue/event-run.js";
import { auditDeliveryId } from "../../src/worker/vercel/production-audit.js";
import { scheduledDeliveryId } from "../../src/worker/schedule/fan-out.js";
import { db, randomSha } from "./helpers.js";
import { addBranch, checkRunFor, commit, failGitHubRequests, uniqueRepo, type SeenCheckRun } from "./e2e-support.js";

const INSTALLATION = 4242;

async function deliver(queue: "driftcheck-checks" | "driftcheck-checks-dlq", job: Job, attempts: number): Promise<void> {
  await worker.queue(createMessageBatch<Job>(queue, [{ id: `${queue}-${attempts}-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body: job }]), env);
}

/** A push of a clean commit whose first attempt failed transiently with its GitHub check run open. */
async function pushThatFailedOnce(prefix: string): Promise<{ job: Job & { type: "check" }; own: StoredCheck; open: SeenCheckRun }> {
  const repo = uniqueRepo(prefix);
  const projectId = `proj-${prefix}-${crypto.randomUUID().slice(0, 6)}`;
  await addBranch({ projectId, name: "main", default: true, state: "all" });
  const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
  const job = pushJob(repo, sha);

  await failGitHubRequests(`^/repos/${repo}/git/trees/`, 502);
  await deliver("driftcheck-checks", job, 1);
  const own = await findCheckByDelivery(db(), job.deliveryId);
  expect(own).toMatchObject({ run: 1, source: "github", status: "queued", attempts: 1 });
  expect(own!.error?.message).toContain("502");
  const open = await checkRunFor(repo, sha, (run) => run.status === "in_progress");
  expect(own!.githubCheckRunId).toBe(open.id);
  return { job, own: own!, open };
}

/** A newer run of the push's key that answers no event: the cron's re-check, or a promotion's audit. */
function newerRun(job: Job & { type: "check" }, kind: "schedule" | "audit"): Promise<StoredCheck> {
  const deliveryId = kind === "schedule" ? scheduledDeliveryId(Date.now(), job.repo) : auditDeliveryId(`evt_${crypto.randomUUID().replaceAll("-", "")}`);
  return createCheckRun(
    db(),
    { source: kind === "schedule" ? "schedule" : "vercel", repo: job.repo, sha: job.sha, ref: "main", pr: null, environment: "production", neonBranch: null, installationId: INSTALLATION, deliveryId, expectedKey: null },
    Date.now(),
  );
}

describe("a retried push job after a newer run of its commit", () => {
  for (const kind of ["schedule", "audit"] as const) {
    it(`concludes its own run and GitHub check run, leaving the ${kind === "schedule" ? "cron's re-check" : "promotion's audit"} alone`, async () => {
      const { job, own, open } = await pushThatFailedOnce(`push-retry-${kind}`);
      const newer = await newerRun(job, kind);
      expect(newer.run).toBe(2);

      await deliver("driftcheck-checks", job, 2);

      const run = await checkRunFor(job.repo, job.sha);
      expect(run).toMatchObject({ id: open.id, conclusion: "success" });
      expect(await getCheck(db(), own.id)).toMatchObject({ status: "completed", outcome: "pass", attempts: 2 });
      expect(await getCheck(db(), newer.id)).toEqual(newer);
    });
  }
});

describe("a dead-lettered push job after a newer run of its commit", () => {
  it("concludes its own run \"could not check\", not the cron's re-check (no false monitor alert)", async () => {
    const { job, own, open } = await pushThatFailedOnce("push-dead");
    const scheduled = await newerRun(job, "schedule");

    await deliver("driftcheck-checks-dlq", job, 1);

    const run = await checkRunFor(job.repo, job.sha);
    expect(run).toMatchObject({ id: open.id, conclusion: "failure" });
    expect(run.output.title).toBe("could not check");
    expect(await getCheck(db(), own.id)).toMatchObject({ status: "completed", outcome: "error" });
    expect(await getCheck(db(), scheduled.id)).toEqual(scheduled);
  });
});

describe("a push after the cron re-checked its commit", () => {
  it("gets a run of its own (run 2), which its retry finds again", async () => {
    const repo = uniqueRepo("push-after-cron");
    const projectId = `proj-after-cron-${crypto.randomUUID().slice(0, 6)}`;
    await addBranch({ projectId, name: "main", default: true, state: "all" });
    const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
    const job = pushJob(repo, sha);
    const scheduled = await newerRun(job, "schedule");

    await failGitHubRequests(`^/repos/${repo}/git/trees/`, 502);
    await deliver("driftcheck-checks", job, 1);
    const own = await findCheckByDelivery(db(), job.deliveryId);
    expect(own).toMatchObject({ run: 2, source: "github", status: "queued", attempts: 1 });
    await deliver("driftcheck-checks", job, 2);

    expect((await checkRunFor(repo, sha)).conclusion).toBe("success");
    expect(await getCheck(db(), own!.id)).toMatchObject({ status: "completed", outcome: "pass", attempts: 2 });
    expect(await getCheck(db(), scheduled.id)).toEqual(scheduled);
  });
});

describe("eventRunFor", () => {
  const event = (repo: string, sha: string, deliveryId: string): NewCheck => ({
    source: "github", repo, sha, ref: "main", pr: null, environment: "production", neonBranch: null, installationId: INSTALLATION, deliveryId, expectedKey: null,
  });

  it("lets the events of a commit that arrive together (push, check_suite.requested) share run 1", async () => {
    const [repo, sha] = [uniqueRepo("events-together"), randomSha()];
    const runs = await Promise.all([crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()].map((delivery) => eventRunFor(db(), event(repo, sha, delivery), Date.now())));
    expect(new Set(runs.map((run) => run.id)).size).toBe(1);
    expect(runs[0]!.run).toBe(1);
  });

  it("gives a later event of a commit whose newest event run was canceled a run of its own; the canceled run's delivery still finds it", async () => {
    const [repo, sha] = [uniqueRepo("events-canceled"), randomSha()];
    const first = await eventRunFor(db(), { ...event(repo, sha, `evt_${crypto.randomUUID()}`), source: "vercel" }, Date.now());
    expect(await cancelUnwatchedCheck(db(), first.id, Date.now())).toBe(true);

    const later = await eventRunFor(db(), event(repo, sha, crypto.randomUUID()), Date.now());
    expect(later).toMatchObject({ run: 2, source: "github", status: "queued" });
    expect((await eventRunFor(db(), { ...event(repo, sha, first.deliveryId!), source: "vercel" }, Date.now())).id).toBe(first.id);
  });
});

/** The check job a push of `sha` to main enqueues (a delivery of its own). */
function pushJob(repo: string, sha: string): Job & { type: "check"; deliveryId: string } {
  return {
    type: "check", source: "github", repo, sha, ref: "main", pr: null, environment: "production", neonBranch: null,
    installationId: INSTALLATION, trigger: "event", deliveryId: crypto.randomUUID(), checkId: null, expectedKey: null,
  };
}
