import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { claimDelivery, findLatestCheck, getDeliveryStatus } from "../../src/adapters/d1/store.js";
import { createApp } from "../../src/worker/app.js";
import { MAX_WEBHOOK_BYTES } from "../../src/worker/routes/github-webhook.js";
import { BASE, db, randomSha, sendWebhook, uniqueId, waitFor } from "./helpers.js";
// Signed payloads are GitHub's published examples with the test's repository, commit and branch.
import { pullRequestPayload, pushPayload, webhookExample } from "./webhook-examples.js";

// GitHub's published test vector (docs: "Validating webhook deliveries"). Its secret is one of
// the test Worker's GITHUB_WEBHOOK_SECRETS (vitest.config.ts).
const VECTOR_SECRET = "It's a Secret to Everybody";
const VECTOR_BODY = "Hello, World!";
const VECTOR_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

describe("POST /webhooks/github: signature", () => {
  it("accepts GitHub's published test vector (then rejects its body as not JSON)", async () => {
    const response = await sendWebhook("ping", VECTOR_BODY, { signature: VECTOR_SIGNATURE });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { message: "The webhook body is not valid JSON." } });
  });

  it("rejects the test vector's signature over a different body", async () => {
    const response = await sendWebhook("ping", `${VECTOR_BODY} `, { signature: VECTOR_SIGNATURE });
    expect(response.status).toBe(401);
  });

  it("rejects a missing signature, a malformed one and one made with an unknown secret", async () => {
    const body = pushPayload({ repo: "acme/sig", sha: randomSha(), ref: "refs/heads/main" });
    expect((await sendWebhook("push", body, { signature: null })).status).toBe(401);
    expect((await sendWebhook("push", body, { signature: "sha1=abcdef" })).status).toBe(401);
    expect((await sendWebhook("push", body, { secret: "not-the-secret" })).status).toBe(401);
    const unauthorized = await sendWebhook("push", body, { secret: "not-the-secret" });
    const text = await unauthorized.text();
    expect(text).toContain("X-Hub-Signature-256");
    expect(text).not.toContain(VECTOR_SECRET);
  });

  it("accepts every configured secret (rotation)", async () => {
    const response = await sendWebhook("ping", webhookExample("ping"), { secret: "test-old-secret" });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "ignored", reason: "event ping" });
  });
});

describe("POST /webhooks/github: request checks", () => {
  it("answers 400 with a clear message for malformed JSON", async () => {
    const response = await sendWebhook("push", '{"ref": "refs/heads/main", ', {});
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toBe("The webhook body is not valid JSON.");
  });

  it("answers 400 for a form-encoded body and for a relevant event missing fields", async () => {
    const form = await sendWebhook("push", "payload=%7B%7D", { contentType: "application/x-www-form-urlencoded" });
    expect(form.status).toBe(400);
    expect(await form.text()).toContain("application/json");
    const { pull_request: _dropped, ...partialPayload } = pullRequestPayload({ repo: "acme/app", sha: randomSha(), branch: "x", number: 3 });
    const partial = await sendWebhook("pull_request", partialPayload);
    expect(partial.status).toBe(400);
    expect(await partial.text()).toContain("pull_request");
  });

  it("answers 413 for a body over the limit, before reading it all", async () => {
    const big = JSON.stringify({ padding: "x".repeat(MAX_WEBHOOK_BYTES) });
    const response = await sendWebhook("push", big, { signature: "sha256=" + "0".repeat(64) });
    expect(response.status).toBe(413);
  });

  it("ignores events and actions it does not act on with 202", async () => {
    const closed = await sendWebhook("pull_request", pullRequestPayload({ repo: "acme/app", sha: randomSha(), branch: "x", number: 1, action: "closed" }));
    expect(closed.status).toBe(202);
    expect(await closed.json()).toMatchObject({ status: "ignored" });
    const feature = await sendWebhook("push", pushPayload({ repo: "acme/app", sha: randomSha(), ref: "refs/heads/feature" }));
    expect(await feature.json()).toMatchObject({ status: "ignored", reason: "push to refs/heads/feature, not the default branch" });
  });
});

describe("POST /webhooks/github: de-duplication and enqueueing", () => {
  it("enqueues a pull_request as a preview check of the PR head (consumed into D1)", async () => {
    const repo = `acme/${uniqueId("pr")}`;
    const sha = randomSha();
    const delivery = crypto.randomUUID();
    const response = await sendWebhook("pull_request", pullRequestPayload({ repo, sha, branch: "feature/updated-at", number: 42, installation: 99 }), { delivery });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "enqueued", delivery });
    // Marked after the answer (the claim is the only write before it).
    await waitFor(async () => ((await getDeliveryStatus(db(), delivery)) === "enqueued" ? true : null), "the delivery marked enqueued");

    // The local queue delivers the job to this Worker's consumer, which records the check row.
    const check = await waitFor(() => findLatestCheck(db(), { repo, sha, environment: "preview" }), "the check row");
    expect(check).toMatchObject({ source: "github", repo, sha, ref: "feature/updated-at", pr: 42, environment: "preview", installationId: 99, run: 1 });
  });

  it("enqueues a push to the default branch as a production check", async () => {
    const repo = `acme/${uniqueId("push")}`;
    const sha = randomSha();
    const response = await sendWebhook("push", pushPayload({ repo, sha, ref: "refs/heads/main" }));
    expect(response.status).toBe(202);
    const check = await waitFor(() => findLatestCheck(db(), { repo, sha, environment: "production" }), "the check row");
    expect(check).toMatchObject({ ref: "main", pr: null, environment: "production" });
  });

  it("answers 200 and does nothing for a delivery that was already enqueued", async () => {
    const delivery = crypto.randomUUID();
    const repo = `acme/${uniqueId("dup")}`;
    const payload = pushPayload({ repo, sha: randomSha(), ref: "refs/heads/main" });
    expect((await sendWebhook("push", payload, { delivery })).status).toBe(202);
    await waitFor(async () => ((await getDeliveryStatus(db(), delivery)) === "enqueued" ? true : null), "the delivery marked enqueued");
    const again = await sendWebhook("push", payload, { delivery });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: "duplicate", delivery });
  });

  it("never enqueues a copy that arrives while another request holds the claim (it is told 409, in progress)", async () => {
    const delivery = crypto.randomUUID();
    const repo = `acme/${uniqueId("inflight")}`;
    const sha = randomSha();
    // Another request has claimed the delivery and is enqueueing it right now.
    expect(await claimDelivery(db(), { id: delivery, source: "github", event: "push", receivedAt: Date.now() })).toBe(true);
    const copy = await sendWebhook("push", pushPayload({ repo, sha, ref: "refs/heads/main" }), { delivery });
    expect(copy.status).toBe(409);
    expect(await copy.json()).toMatchObject({ status: "in-progress", delivery });
    // Nothing was queued: a later push of the same repository is the only check.
    const other = randomSha();
    expect((await sendWebhook("push", pushPayload({ repo, sha: other, ref: "refs/heads/main" }))).status).toBe(202);
    await waitFor(() => findLatestCheck(db(), { repo, sha: other, environment: "production" }), "the other push's check");
    expect(await findLatestCheck(db(), { repo, sha, environment: "production" })).toBeNull();
  });

  it("enqueues one of 30 concurrent copies of a delivery; the others are told it is in progress or a duplicate", async () => {
    const delivery = crypto.randomUUID();
    const repo = `acme/${uniqueId("race")}`;
    const sha = randomSha();
    const payload = pushPayload({ repo, sha, ref: "refs/heads/main" });
    const answers = await Promise.all(Array.from({ length: 30 }, () => sendWebhook("push", payload, { delivery })));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    expect(statuses.every((status) => status === 202 || status === 200 || status === 409)).toBe(true);
    const check = await waitFor(() => findLatestCheck(db(), { repo, sha, environment: "production" }), "the check row");
    expect(check.run).toBe(1);
  });

  it("marks a delivery whose enqueue failed (500), so a redelivery is processed", async () => {
    const delivery = crypto.randomUUID();
    const repo = `acme/${uniqueId("redeliver")}`;
    const sha = randomSha();
    const payload = JSON.stringify(pushPayload({ repo, sha, ref: "refs/heads/main" }));
    const { signGitHubPayload } = await import("../../src/adapters/github/signature.js");
    const signature = await signGitHubPayload(payload, env.GITHUB_WEBHOOK_SECRETS.split(",")[0]!);
    // The same app with a queue binding that refuses messages, as a Queues outage would.
    const brokenQueue = {
      send: async () => {
        throw new Error("Queue send failed: service unavailable");
      },
      sendBatch: async () => {
        throw new Error("Queue send failed: service unavailable");
      },
    } as unknown as Queue;
    const failed = await createApp().request(
      `${BASE}/webhooks/github`,
      { method: "POST", headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": delivery, "x-hub-signature-256": signature }, body: payload },
      { ...env, CHECKS: brokenQueue },
    );
    expect(failed.status).toBe(500);
    expect(await getDeliveryStatus(db(), delivery)).toBe("failed");

    const redelivered = await sendWebhook("push", payload, { delivery, signature });
    expect(redelivered.status).toBe(202);
    await waitFor(async () => ((await getDeliveryStatus(db(), delivery)) === "enqueued" ? true : null), "the redelivery marked enqueued");
    await waitFor(() => findLatestCheck(db(), { repo, sha, environment: "production" }), "the redelivered check");
  });
});
