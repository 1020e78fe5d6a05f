/**
 * Who may see what (DESIGN.md "Security boundaries"): pages need the signed dashboard cookie and
 * send everyone else to the sign-in page (303); `/api/*` takes the bearer token or the cookie, and
 * a cookie-authenticated request that changes something must come from our own origin (CSRF).
 * Both expect `withContext` to have run.
 */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.js";
import { httpError } from "../http-errors.js";
import { requireBearerToken } from "../middleware/bearer-token.js";
import { isSameOrigin } from "./same-origin.js";
import { SESSION_COOKIE, verifySessionValue } from "./session.js";

export function hasSession(c: Context<AppEnv>): Promise<boolean> {
  return verifySessionValue(c.var.config.dashboard.sessionSecret, getCookie(c, SESSION_COOKIE), Date.now());
}

export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  if (!(await hasSession(c))) {
    const url = new URL(c.req.url);
    const target = `${url.pathname}${url.search}`;
    const location = target === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(target)}`;
    return c.redirect(location, 303);
  }
  c.header("Cache-Control", "no-store");
  await next();
});

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const requireApiAuth = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.req.header("authorization") && (await hasSession(c))) {
    if (!SAFE_METHODS.has(c.req.method) && !isSameOrigin(c, c.var.config.publicUrl)) {
      throw httpError(403, "Cross-origin request refused.", "Send the request from the dashboard's own origin, or use the bearer token.");
    }
    await next();
    return;
  }
  return requireBearerToken(c, next);
});
