/**
 * Issue 13 item 10 through the queue consumer: GitHub answering 200 with an HTML page (a proxy's
 * or an outage page) is a transient outside error — the attempt is retried, and when retries run
 * out the check run says "could not check" with that reason, never "This is a driftcheck bug".
 */
import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { findCheckByDelivery, getCheck } from "../../src/adapters/d1/store.js";
import worker, { type Job } from "../../src/worker/index.js";
import { db } from "./helpers.js";
import { addBranch, checkRunFor, commit, failGitHubRequests, uniqueRepo } from "./e2e-support.js";

const INSTALLATION = 4242;
const HTML = "<!DOCTYPE html><html><body><h1>Unicorn!</h1> This page is taking too long to load.</body></html>";

async function deliver(queue: "driftcheck-checks" | "driftcheck-checks-dlq", job: Job, attempts: number): Promise<void> {
  await worker.queue(createMessageBatch<Job>(queue, [{ id: `${queue}-${attempts}-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body: job }]), env);
}

describe("GitHub answering 200 with an HTML page", () => {
  it("is retried as a transient outside error, then reported with its reason, never as a driftcheck bug", async () => {
    const repo = uniqueRepo("html-answer");
    const projectId = `proj-html-${crypto.randomUUID().slice(0, 6)}`;
    await addBranch({ projectId, name: "main", default: true, state: "all" });
    const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
    const job: Job = {
      type: "check", source: "github", repo, sha, ref: "main", pr: null, environment: "production", neonBranch: null,
      installationId: INSTALLATION, trigger: "event", deliveryId: crypto.randomUUID(), checkId: null, expectedKey: null,
    };

    await failGitHubRequests(`^/repos/${repo}/git/trees/`, 200, 1, { text: HTML, headers: { "content-type": "text/html; charset=utf-8" } });
    await deliver("driftcheck-checks", job, 1);
    const queued = await findCheckByDelivery(db(), job.deliveryId!);
    // Not concluded: the attempt failed transiently and the queue retries it.
    expect(queued).toMatchObject({ status: "queued", attempts: 1 });
    expect(queued!.error).toMatchObject({ kind: "connection" });
    expect(queued!.error!.message).toContain("with an HTML page instead of JSON (text/html)");

    // Retries exhausted: the dead-letter queue reports it with the reason.
    await deliver("driftcheck-checks-dlq", job, 1);
    const run = await checkRunFor(repo, sha);
    expect(run.output.title).toBe("could not check");
    expect(run.output.summary).toContain("HTML page instead of JSON");
    expect(run.output.summary).not.toContain("driftcheck bug");
    const stored = await getCheck(db(), queued!.id);
    expect(stored).toMatchObject({ status: "completed", outcome: "error" });
    expect(stored!.error).toMatchObject({ kind: "connection" });
    expect(stored!.error!.hint ?? "").not.toContain("driftcheck bug");
  });
});
