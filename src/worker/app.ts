/**
 * The Worker's HTTP app: one sub-router per feature, config parsed once and the D1 store opened
 * by one middleware, one error mapping (http-errors.ts). Public: /healthz and /webhooks/*
 * (authenticated by signature); /api/* takes the bearer token (DESIGN.md "Security boundaries").
 */
import { Hono } from "hono";
import type { AppEnv } from "./app-env.js";
import { httpError, onError } from "./http-errors.js";
import { requireBearerToken } from "./middleware/bearer-token.js";
import { withContext } from "./middleware/context.js";
import { apiCheckRoutes } from "./routes/api-checks.js";
import { githubWebhookRoutes } from "./routes/github-webhook.js";
import { healthRoutes } from "./routes/health.js";

export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route("/", healthRoutes);
  app.use("/webhooks/*", withContext);
  app.route("/webhooks/github", githubWebhookRoutes);
  app.use("/api/*", withContext, requireBearerToken);
  app.route("/api/checks", apiCheckRoutes);
  app.notFound(() => httpError(404, "Not found.").getResponse());
  app.onError(onError);
  return app;
}
