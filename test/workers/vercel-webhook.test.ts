/**
 * `POST /webhooks/vercel` inside workerd: signatures (HMAC-SHA1, every configured secret),
 * malformed bodies, envelope-id de-duplication, and the deployment events recorded in D1.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getCheck, getDeliveryStatus, getVercelCheckRun, getVercelDeployment, getVercelProduction, saveVercelCheckRun, upsertCheck } from "../../src/adapters/d1/store.js";
import { signVercelPayload, verifyVercelSignature } from "../../src/adapters/vercel/index.js";
import { db, randomSha, waitFor } from "./helpers.js";
import { checkRunPayload, deploymentPayload, envelope, gitMeta, sendVercelWebhook } from "./vercel-support.js";

describe("Vercel signature", () => {
  it("is the lowercase hex HMAC-SHA1 of the raw body (RFC 2202 test case 2)", async () => {
    // RFC 2202 §3, test case 2: key "Jefe", data "what do ya want for nothing?".
    const expected = "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79";
    expect(await signVercelPayload("what do ya want for nothing?", "Jefe")).toBe(expected);
    expect(await verifyVercelSignature(new TextEncoder().encode("what do ya want for nothing?"), expected, ["other", "Jefe"])).toBe(true);
    expect(await verifyVercelSignature(new TextEncoder().encode("what do ya want for nothing?!"), expected, ["Jefe"])).toBe(false);
    // An unset secret never matches, whatever the header says.
    expect(await verifyVercelSignature(new TextEncoder().encode("x"), expected, ["", ""])).toBe(false);
    expect(await verifyVercelSignature(new TextEncoder().encode("what do ya want for nothing?"), expected.toUpperCase().slice(0, 39), ["Jefe"])).toBe(false);
  });
});

describe("POST /webhooks/vercel", () => {
  const body = envelope("deployment.created", deploymentPayload({ deploymentId: "dpl_sig" }));

  it("answers 401 for a missing, malformed or unknown-secret signature, without echoing a secret", async () => {
    expect((await sendVercelWebhook(body, { signature: null })).status).toBe(401);
    expect((await sendVercelWebhook(body, { signature: "sha1=abc" })).status).toBe(401);
    const wrong = await sendVercelWebhook(body, { secret: "not-the-secret" });
    expect(wrong.status).toBe(401);
    const text = await wrong.text();
    expect(text).toContain("x-vercel-signature");
    expect(text).not.toContain("vercel-test-secret");
  });

  it("accepts every configured secret (rotation)", async () => {
    const response = await sendVercelWebhook(envelope("deployment.ready", deploymentPayload({ deploymentId: "dpl_rot" })), { secret: "vercel-old-secret" });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "ignored", reason: "event deployment.ready" });
  });

  it("answers 400 for malformed JSON, a bad envelope and a check-run event without its run", async () => {
    const broken = await sendVercelWebhook('{"id": "evt_1", ');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { message: "The webhook body is not valid JSON." } });
    expect((await sendVercelWebhook({ type: "deployment.created", payload: {} })).status).toBe(400);
    expect((await sendVercelWebhook([1, 2])).status).toBe(400);
    const noRun = await sendVercelWebhook(envelope("deployment.checkrun.start", deploymentPayload({ deploymentId: "dpl_x" })));
    expect(noRun.status).toBe(400);
    expect(await noRun.text()).toContain("checkRun");
  });

  it("records deployment.created against its check, and a duplicate envelope id does nothing", async () => {
    const repo = `acme/dedupe-${crypto.randomUUID().slice(0, 8)}`;
    const sha = randomSha();
    const check = await upsertCheck(db(), { source: "github", repo, sha, ref: "feature", pr: null, environment: "preview", neonBranch: null, installationId: null, deliveryId: null, expectedKey: null }, Date.now());
    const deploymentId = `dpl_${crypto.randomUUID().slice(0, 8)}`;
    const created = envelope("deployment.created", deploymentPayload({ deploymentId, meta: gitMeta(repo, sha, "feature") }));
    const first = await sendVercelWebhook(created);
    expect(first.status).toBe(202);
    const row = await waitFor(() => getVercelDeployment(db(), deploymentId), "the deployment row");
    expect(row).toMatchObject({ state: "created", repo, sha, ref: "feature", environment: "preview", checkId: check.id, projectId: "prj_app", teamId: "team_driftcheck" });
    await waitFor(async () => ((await getDeliveryStatus(db(), created.id)) === "enqueued" ? true : null), "the delivery marked enqueued");

    // Same envelope id, different content: taken for the delivery already processed.
    const again = await sendVercelWebhook({ ...envelope("deployment.error", deploymentPayload({ deploymentId, meta: gitMeta(repo, sha, "feature") })), id: created.id });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: "duplicate", delivery: created.id });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await getVercelDeployment(db(), deploymentId))?.state).toBe("created");
  });

  it("records every deployment state event (created, succeeded, error, canceled) against the commit's check", async () => {
    const repo = `acme/states-${crypto.randomUUID().slice(0, 8)}`;
    const sha = randomSha();
    const check = await upsertCheck(db(), { source: "github", repo, sha, ref: "feature", pr: null, environment: "preview", neonBranch: null, installationId: null, deliveryId: null, expectedKey: null }, Date.now());
    for (const [index, event] of ["deployment.created", "deployment.succeeded", "deployment.error", "deployment.canceled"].entries()) {
      const deploymentId = `dpl_${index}_${crypto.randomUUID().slice(0, 8)}`;
      expect((await sendVercelWebhook(envelope(event, deploymentPayload({ deploymentId, meta: gitMeta(repo, sha, "feature") })))).status).toBe(202);
      const row = await waitFor(() => getVercelDeployment(db(), deploymentId), `the ${event} row`);
      expect(row).toMatchObject({ state: event.slice("deployment.".length), repo, sha, environment: "preview", checkId: check.id });
    }
  });

  it("deployment.promoted records the deployment and remembers the production sha; an older promotion does not win", async () => {
    const projectId = `prj_${crypto.randomUUID().slice(0, 8)}`;
    const repo = "acme/promoted";
    const [older, newer] = [randomSha(), randomSha()];
    const promote = (deploymentId: string, sha: string, createdAt: number) =>
      sendVercelWebhook({ ...envelope("deployment.promoted", { ...deploymentPayload({ deploymentId, target: "production", projectId, meta: gitMeta(repo, sha, "main") }) }), createdAt });
    expect((await promote("dpl_new", newer, 2_000)).status).toBe(202);
    await waitFor(async () => (await getVercelProduction(db(), projectId))?.sha === newer || null, "the production sha");
    expect((await promote("dpl_old", older, 1_000)).status).toBe(202);
    await waitFor(async () => (await getVercelDeployment(db(), "dpl_old"))?.state === "promoted" || null, "the older promotion's row");
    expect(await getVercelProduction(db(), projectId)).toMatchObject({ deploymentId: "dpl_new", sha: newer, repo });
    expect(await getVercelDeployment(db(), "dpl_new")).toMatchObject({ state: "promoted", environment: "production" });
  });

  it("deployment.checkrun.cancel marks the run and its stored check canceled", async () => {
    const repo = `acme/cancel-${crypto.randomUUID().slice(0, 8)}`;
    const check = await upsertCheck(db(), { source: "vercel", repo, sha: randomSha(), ref: "f", pr: null, environment: "preview", neonBranch: null, installationId: null, deliveryId: null, expectedKey: null }, Date.now());
    const runId = `cr_${crypto.randomUUID().slice(0, 8)}`;
    await saveVercelCheckRun(db(), { id: runId, deploymentId: "dpl_cancel", teamId: "team_driftcheck", projectId: "prj_app", checkId: check.id }, Date.now());
    const response = await sendVercelWebhook(envelope("deployment.checkrun.cancel", checkRunPayload({ deploymentId: "dpl_cancel", checkRunId: runId })));
    expect(response.status).toBe(202);
    await waitFor(async () => (await getCheck(db(), check.id))?.status === "canceled" || null, "the canceled check");
    expect((await getVercelCheckRun(db(), runId))?.status).toBe("canceled");
    expect(env.VERCEL_TOKEN).toBeTruthy();
  });
});
