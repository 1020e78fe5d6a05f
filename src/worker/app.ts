/**
 * The Worker's HTTP app: one sub-router per feature, config parsed once and the D1 store opened
 * by one middleware, one error mapping (http-errors.ts). Public: /healthz and /webhooks/*
 * (authenticated by signature) and /sign-in; /api/* takes the bearer token or the dashboard cookie,
 * pages take the cookie (DESIGN.md "Security boundaries").
 */
import { Hono } from "hono";
import type { AppEnv } from "./app-env.js";
import { httpError, onError } from "./http-errors.js";
import { requireApiAuth } from "./auth/middleware.js";
import { withContext } from "./middleware/context.js";
import { apiCheckRoutes } from "./routes/api-checks.js";
import { githubWebhookRoutes } from "./routes/github-webhook.js";
import { healthRoutes } from "./routes/health.js";
import { vercelWebhookRoutes } from "./routes/vercel-webhook.js";
import { dashboardRoutes } from "./pages/routes.js";

export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.route("/", healthRoutes);
  app.use("/webhooks/*", withContext);
  app.route("/webhooks/github", githubWebhookRoutes);
  app.route("/webhooks/vercel", vercelWebhookRoutes);
  app.use("/api/*", withContext, requireApiAuth);
  app.route("/api/checks", apiCheckRoutes);
  app.route("/", dashboardRoutes);
  app.notFound(() => httpError(404, "Not found.").getResponse());
  app.onError(onError);
  return app;
}
