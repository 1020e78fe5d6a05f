/**
 * `POST /webhooks/vercel` (issue 5, PROTOCOLS.md "Vercel"), the same four steps as GitHub's:
 * verify `x-vercel-signature` (hex HMAC-SHA1 of the raw body, any of VERCEL_WEBHOOK_SECRETS),
 * de-duplicate on the envelope `id` (claimed atomically, webhook-ingest.ts), enqueue, answer 202.
 * Vercel retries with backoff for up to 24 h, so a failed enqueue marks the delivery `failed` and
 * answers 500: the retry is processed.
 */
import { Hono } from "hono";
import { verifyVercelSignature } from "../../adapters/vercel/index.js";
import type { AppEnv } from "../app-env.js";
import { httpError } from "../http-errors.js";
import { vercelEnvelopeToJob } from "../vercel/events.js";
import { enqueueOnce, webhookBodyLimit } from "./webhook-ingest.js";

export const vercelWebhookRoutes = new Hono<AppEnv>().post(
  "/",
  webhookBodyLimit,
  async (c) => {
    const { config } = c.var;
    const raw = await c.req.arrayBuffer();
    if (!(await verifyVercelSignature(raw, c.req.header("x-vercel-signature") ?? null, config.vercel.webhookSecrets))) {
      throw httpError(
        401,
        "Missing or invalid x-vercel-signature.",
        config.vercel.webhookSecrets.length === 0 ? "VERCEL_WEBHOOK_SECRETS is not set: Vercel webhooks are refused." : "The webhook's secret must be one of VERCEL_WEBHOOK_SECRETS.",
      );
    }
    const decision = vercelEnvelopeToJob(parseBody(raw));
    if (decision.kind === "invalid") throw httpError(400, decision.message);
    if (decision.kind === "ignored") return c.json({ status: "ignored", reason: decision.reason }, 202);

    const { job } = decision;
    return enqueueOnce(c, { id: job.deliveryId, source: "vercel", event: job.event, job, redeliveryHint: "Vercel retries the delivery." });
  },
);

function parseBody(raw: ArrayBuffer): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(raw)) as unknown;
  } catch {
    throw httpError(400, "The webhook body is not valid JSON.");
  }
}
