/**
 * `POST /webhooks/github` does four things (STYLE.md): verify, de-duplicate, enqueue, answer 202.
 * The work happens in the queue consumer; GitHub wants an answer within 10 s and does not retry
 * on its own, so a failed enqueue marks the delivery `failed` and answers 500: a manual
 * redelivery (same X-GitHub-Delivery) is then processed instead of being taken for a duplicate
 * (webhook-ingest.ts claims deliveries atomically).
 */
import { Hono } from "hono";
import { verifyGitHubSignature } from "../../adapters/github/signature.js";
import type { AppEnv } from "../app-env.js";
import { githubEventToJob } from "../github/events.js";
import { httpError } from "../http-errors.js";
import { isGitHubDeliveryId, isGitHubEventName } from "../identifiers.js";
import { enqueueOnce, webhookBodyLimit } from "./webhook-ingest.js";

export { MAX_WEBHOOK_BYTES } from "./webhook-ingest.js";

export const githubWebhookRoutes = new Hono<AppEnv>().post(
  "/",
  webhookBodyLimit,
  async (c) => {
    const { config } = c.var;
    const raw = await c.req.arrayBuffer();
    const signature = c.req.header("x-hub-signature-256") ?? null;
    if (!(await verifyGitHubSignature(raw, signature, config.github.webhookSecrets))) {
      throw httpError(401, "Missing or invalid X-Hub-Signature-256.", "The App's webhook secret must be one of GITHUB_WEBHOOK_SECRETS.");
    }
    const event = c.req.header("x-github-event");
    const deliveryId = c.req.header("x-github-delivery");
    if (!event || !deliveryId) throw httpError(400, "X-GitHub-Event and X-GitHub-Delivery headers are required.");
    // Checked before anything is stored: the delivery id becomes a D1 key, the event a label.
    if (!isGitHubDeliveryId(deliveryId)) throw httpError(400, "X-GitHub-Delivery is not a GUID.", "GitHub sends a GUID per delivery; this request did not come from GitHub as sent.");
    if (!isGitHubEventName(event)) throw httpError(400, "X-GitHub-Event is not an event name.");

    const decision = githubEventToJob(event, parsePayload(raw, c.req.header("content-type")), deliveryId);
    if (decision.kind === "invalid") throw httpError(400, decision.message);
    if (decision.kind === "ignored") return c.json({ status: "ignored", reason: decision.reason }, 202);

    return enqueueOnce(c, {
      id: deliveryId,
      source: "github",
      event,
      job: decision.job,
      redeliveryHint: "Redeliver it from the GitHub App's advanced settings.",
    });
  },
);

function parsePayload(raw: ArrayBuffer, contentType: string | undefined): unknown {
  if (contentType !== undefined && /application\/x-www-form-urlencoded/i.test(contentType)) {
    throw httpError(400, "The webhook body is form-encoded.", "Set the webhook's content type to application/json.");
  }
  const text = new TextDecoder().decode(raw);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // V8's message quotes the input; the body is not repeated back.
    throw httpError(400, "The webhook body is not valid JSON.", "GitHub sends JSON when the webhook's content type is application/json.");
  }
}
