import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { findLatestCheck, getCheck, getInstallation, completeCheck, upsertCheck } from "../../src/adapters/d1/store.js";
import { DriftcheckError } from "../../src/core/errors.js";
import type { CheckJobRunner, ConsumerDeps } from "../../src/worker/queue/consumer.js";
import { createQueueHandler } from "../../src/worker/queue/handler.js";
import type { CheckJob, Job } from "../../src/worker/queue/jobs.js";
import { db, randomSha, uniqueId } from "./helpers.js";

/** What `getQueueResult` reports (FetcherQueueResult). */
interface QueueResult {
  outcome: string;
  ackAll: boolean;
  retryBatch: { retry: boolean; delaySeconds?: number };
  explicitAcks: string[];
  retryMessages: { msgId: string; delaySeconds?: number }[];
}

const CHECKS_QUEUE = "driftcheck-checks";
const DEAD_LETTER_QUEUE = "driftcheck-checks-dlq";

function checkJob(overrides: Partial<CheckJob> = {}): CheckJob {
  return {
    type: "check",
    source: "github",
    repo: `acme/${uniqueId("queue")}`,
    sha: randomSha(),
    ref: "feature",
    pr: 7,
    environment: "preview",
    neonBranch: null,
    installationId: 1,
    trigger: "event",
    deliveryId: crypto.randomUUID(),
    checkId: null,
    expectedKey: null,
    ...overrides,
  };
}

/**
 * Delivers a batch to the Worker's queue handler and returns the platform's ack/retry record.
 * `getQueueResult` (pool 0.15.1) does not report `delaySeconds`, so each retry's options are
 * also recorded on the way through to the real `retry()`.
 */
async function deliver(
  queue: string,
  jobs: Job[],
  runCheckJob: CheckJobRunner,
  attempts = 1,
  budgetMs?: number,
  extra: Omit<ConsumerDeps, "runCheckJob" | "budgetMs"> = {},
): Promise<QueueResult & { delays: Record<string, number | undefined> }> {
  const batch = createMessageBatch<Job>(
    queue,
    jobs.map((body, index) => ({ id: `msg-${index}`, timestamp: new Date(), attempts, body })),
  );
  const delays: Record<string, number | undefined> = {};
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    Object.defineProperty(message, "retry", {
      value: (options?: QueueRetryOptions) => {
        delays[message.id] = options?.delaySeconds;
        retry(options);
      },
    });
  }
  const ctx = createExecutionContext();
  await createQueueHandler({ ...extra, runCheckJob, ...(budgetMs === undefined ? {} : { budgetMs }) })(batch, env);
  return { ...((await getQueueResult(batch, ctx)) as QueueResult), delays };
}

const passes: CheckJobRunner = async (_job, { db: store, check, now }) => {
  await completeCheck(store, check.id, { outcome: "pass", counts: { error: 0, warning: 0, info: 0 }, timings: { totalMs: 1 }, error: null }, now());
};

describe("checks queue consumer", () => {
  it("acks a job that ran, after marking the check in_progress", async () => {
    const job = checkJob();
    const seen: string[] = [];
    const result = await deliver(CHECKS_QUEUE, [job], async (ran, context) => {
      seen.push(`${ran.repo} ${context.check.status} attempt ${context.attempt}`);
      const row = await getCheck(context.db, context.check.id);
      expect(row?.status).toBe("in_progress");
      await passes(ran, context);
    });
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect(result.retryMessages).toEqual([]);
    expect(seen).toEqual([`${job.repo} queued attempt 1`]);
    expect(await findLatestCheck(db(), job)).toMatchObject({ status: "completed", outcome: "pass", attempts: 1 });
  });

  it("retries a transient failure with exponential backoff, keeping the same check row", async () => {
    const job = checkJob();
    const flaky: CheckJobRunner = async () => {
      throw new DriftcheckError("connection", "Neon answered 503", { transient: true });
    };
    const first = await deliver(CHECKS_QUEUE, [job], flaky, 1);
    expect(first.explicitAcks).toEqual([]);
    expect(first.retryMessages).toEqual([{ msgId: "msg-0" }]);
    expect(first.delays).toEqual({ "msg-0": 10 });
    const third = await deliver(CHECKS_QUEUE, [job], flaky, 3);
    expect(third.retryMessages).toEqual([{ msgId: "msg-0" }]);
    expect(third.delays).toEqual({ "msg-0": 40 });
    const check = await findLatestCheck(db(), job);
    expect(check).toMatchObject({ status: "queued", run: 1, attempts: 2, error: { kind: "connection", message: "Neon answered 503" } });
  });

  it("honours a retry-after longer than the backoff", async () => {
    const rateLimited = Object.assign(new DriftcheckError("connection", "GitHub answered 429", { transient: true }), { retryAfterSeconds: 120 });
    const result = await deliver(CHECKS_QUEUE, [checkJob()], async () => {
      throw rateLimited;
    });
    expect(result.retryMessages).toEqual([{ msgId: "msg-0" }]);
    expect(result.delays).toEqual({ "msg-0": 120 });
  });

  it("retries errors that are not DriftcheckErrors (infrastructure), never acking them silently", async () => {
    const result = await deliver(CHECKS_QUEUE, [checkJob()], async () => {
      throw new Error("D1_ERROR: Network connection lost.");
    });
    expect(result.retryMessages).toHaveLength(1);
    expect(result.explicitAcks).toEqual([]);
  });

  it("records a permanent failure as outcome error and acks", async () => {
    const job = checkJob();
    const result = await deliver(CHECKS_QUEUE, [job], async () => {
      throw new DriftcheckError("user", "The drizzle folder has no meta/_journal.json.", { hint: "Set `drizzle` in driftcheck.json." });
    });
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect(result.retryMessages).toEqual([]);
    expect(await findLatestCheck(db(), job)).toMatchObject({
      status: "completed",
      outcome: "error",
      error: { kind: "user", message: "The drizzle folder has no meta/_journal.json.", hint: "Set `drizzle` in driftcheck.json." },
    });
  });

  it("treats a job over its budget as a transient timeout", async () => {
    const result = await deliver(CHECKS_QUEUE, [checkJob()], () => new Promise(() => {}), 1, 50);
    expect(result.retryMessages).toEqual([{ msgId: "msg-0" }]);
    expect(result.delays).toEqual({ "msg-0": 10 });
  });

  it("a transient failure after the check concluded leaves it concluded: the retry finds it final and runs nothing", async () => {
    const job = checkJob();
    const result = await deliver(CHECKS_QUEUE, [job], async (ran, context) => {
      await passes(ran, context);
      throw new DriftcheckError("connection", "D1 answered 503 after the result was stored", { transient: true });
    });
    expect(result.retryMessages).toEqual([{ msgId: "msg-0" }]);
    expect(await findLatestCheck(db(), job)).toMatchObject({ status: "completed", outcome: "pass", error: null });
    let ran = 0;
    const retried = await deliver(CHECKS_QUEUE, [job], async () => {
      ran++;
    }, 2);
    expect(ran).toBe(0);
    expect(retried.explicitAcks).toEqual(["msg-0"]);
  });

  it("runs afterCheck once the check concluded, outside the check's budget; its failure does not fail the job", async () => {
    const job = checkJob();
    const seen: string[] = [];
    const slowHook: ConsumerDeps["afterCheck"] = async (check, scope) => {
      // Longer than the budget: inside it, the job would time out and be retried.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      seen.push(`${(await getCheck(scope.db, check.id))?.status}`);
    };
    // A budget the check itself (one D1 write) keeps even on a busy core; the hook alone exceeds it.
    const result = await deliver(CHECKS_QUEUE, [job], passes, 1, 1_000, { afterCheck: slowHook });
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect(result.retryMessages).toEqual([]);
    expect(seen).toEqual(["completed"]);
    expect(await findLatestCheck(db(), job)).toMatchObject({ status: "completed", outcome: "pass", attempts: 1 });

    // A redelivered message for the concluded check runs nothing but hands it to afterCheck again
    // (the hook is idempotent), so a crash between the two steps is repaired.
    const again = await deliver(CHECKS_QUEUE, [job], passes, 2, undefined, { afterCheck: async (check) => void seen.push(`again ${check.status}`) });
    expect(again.explicitAcks).toEqual(["msg-0"]);
    expect(seen).toEqual(["completed", "again completed"]);

    const failing = await deliver(CHECKS_QUEUE, [checkJob()], passes, 1, undefined, {
      afterCheck: async () => {
        throw new DriftcheckError("connection", "D1 answered 503", { transient: true });
      },
    });
    expect(failing.explicitAcks).toEqual(["msg-0"]);
    expect(failing.retryMessages).toEqual([]);
  });

  it("is idempotent per (repo, sha, environment): a duplicate job for a completed check does nothing", async () => {
    const job = checkJob();
    await deliver(CHECKS_QUEUE, [job], passes);
    let ran = 0;
    const again = await deliver(CHECKS_QUEUE, [{ ...job, deliveryId: crypto.randomUUID() }], async () => {
      ran++;
    });
    expect(ran).toBe(0);
    expect(again.explicitAcks).toEqual(["msg-0"]);
  });

  it("gives a re-run request a new run, once per delivery", async () => {
    const job = checkJob();
    await deliver(CHECKS_QUEUE, [job], passes);
    const rerun = { ...job, trigger: "rerun" as const, deliveryId: crypto.randomUUID() };
    const transient: CheckJobRunner = async () => {
      throw new DriftcheckError("connection", "timeout", { transient: true });
    };
    await deliver(CHECKS_QUEUE, [rerun], transient, 1);
    await deliver(CHECKS_QUEUE, [rerun], passes, 2);
    expect(await findLatestCheck(db(), job)).toMatchObject({ run: 2, status: "completed", outcome: "pass", attempts: 2 });
  });

  it("records installations and deletes a repository's data when it is removed", async () => {
    const installationId = Math.floor(Math.random() * 1e9);
    const kept = `acme/${uniqueId("kept")}`;
    const removed = `acme/${uniqueId("gone")}`;
    const base = { type: "installation" as const, installationId, account: "acme", repos: [], added: [], removed: [] };
    await deliver(CHECKS_QUEUE, [{ ...base, action: "saved", repos: [kept, removed] }], passes);
    expect((await getInstallation(db(), installationId))?.repos).toEqual([kept, removed].sort());

    const goneCheck = await upsertCheck(db(), { source: "github", repo: removed, sha: randomSha(), ref: null, pr: null, environment: "production", neonBranch: null, installationId, deliveryId: null, expectedKey: null }, Date.now());
    const result = await deliver(CHECKS_QUEUE, [{ ...base, action: "repositories", removed: [removed] }], passes);
    expect(result.explicitAcks).toEqual(["msg-0"]);
    expect((await getInstallation(db(), installationId))?.repos).toEqual([kept]);
    expect(await getCheck(db(), goneCheck.id)).toBeNull();

    await deliver(CHECKS_QUEUE, [{ ...base, action: "removed" }], passes);
    expect(await getInstallation(db(), installationId)).toMatchObject({ repos: [], removedAt: expect.any(Number) });
  });
});

describe("dead-letter queue consumer", () => {
  it("concludes the check as could-not-check with the last error, and acks", async () => {
    const job = checkJob();
    await deliver(CHECKS_QUEUE, [job], async () => {
      throw new DriftcheckError("connection", "The database could not be reached.", { transient: true });
    });
    let ran = 0;
    const result = await deliver(DEAD_LETTER_QUEUE, [job], async () => {
      ran++;
    });
    expect(ran).toBe(0);
    expect(result.explicitAcks).toEqual(["msg-0"]);
    const check = await findLatestCheck(db(), job);
    expect(check).toMatchObject({ status: "completed", outcome: "error" });
    expect(check?.error?.message).toBe("Could not check: gave up after 1 attempt. Last error: The database could not be reached.");
    expect(check?.error?.kind).toBe("connection");
  });

  it("leaves a completed check alone", async () => {
    const job = checkJob();
    await deliver(CHECKS_QUEUE, [job], passes);
    await deliver(DEAD_LETTER_QUEUE, [job], passes);
    expect(await findLatestCheck(db(), job)).toMatchObject({ outcome: "pass" });
  });
});
