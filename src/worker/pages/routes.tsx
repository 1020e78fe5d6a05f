/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * The dashboard (issue 5 point 7): server-rendered pages behind the signed session cookie, and
 * the public sign-in/sign-out forms. Middleware is attached per route, not with `use("*")`: this
 * router is mounted at `/`, where a wildcard would also cover /webhooks and /api.
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, setCookie } from "hono/cookie";
import type { HtmlEscapedString } from "hono/utils/html";
import { deploymentsOfCheck, getCheck, getProductionContext, listFindings } from "../../adapters/d1/store.js";
import { acceptancesOfCheck } from "../acceptance/conclude.js";
import type { AppEnv } from "../app-env.js";
import { hasSession, requireSession } from "../auth/middleware.js";
import { safeNextPath } from "../auth/next-path.js";
import { isSameOrigin } from "../auth/same-origin.js";
import { SESSION_COOKIE, SESSION_TTL_SECONDS, createSessionValue } from "../auth/session.js";
import { sameSecret } from "../middleware/bearer-token.js";
import { withContext } from "../middleware/context.js";
import { CheckPage } from "./check-page.js";
import { ChecksPage } from "./checks-page.js";
import { PAGE_HEADERS } from "./layout.js";
import { NotFoundPage } from "./not-found-page.js";
import { listRecentChecks, parseFilters, repoHistory } from "./queries.js";
import { RepoPage } from "./repo-page.js";
import { SignInPage } from "./sign-in-page.js";

const RECENT_LIMIT = 100;
const HISTORY_LIMIT = 200;
const SIGN_IN_BODY_BYTES = 8 * 1024;
const CROSS_ORIGIN = "This form must be sent from the dashboard itself.";

type JsxResult = HtmlEscapedString | Promise<HtmlEscapedString>;

function page(c: Context<AppEnv>, body: JsxResult, status: 200 | 400 | 401 | 403 | 404 = 200): Promise<Response> | Response {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
  return c.html(body, status);
}

const smallBody = bodyLimit({ maxSize: SIGN_IN_BODY_BYTES, onError: (c) => c.text("Request body too large.", 413) });

export const dashboardRoutes = new Hono<AppEnv>()
  .get("/sign-in", withContext, async (c) => {
    const next = safeNextPath(c.req.query("next"), new URL(c.req.url).origin);
    if (await hasSession(c)) return c.redirect(next, 303);
    return page(c, <SignInPage next={next} />);
  })
  .post("/sign-in", withContext, smallBody, async (c) => {
    if (!isSameOrigin(c, c.var.config.publicUrl)) return page(c, <SignInPage next="/" problem={CROSS_ORIGIN} />, 403);
    const form = await c.req.parseBody();
    const token = typeof form.token === "string" ? form.token : "";
    const next = safeNextPath(typeof form.next === "string" ? form.next : undefined, new URL(c.req.url).origin);
    if (token === "" || !(await sameSecret(token, c.var.config.dashboard.token))) {
      return page(c, <SignInPage next={next} problem="That is not the dashboard token." />, 401);
    }
    setCookie(c, SESSION_COOKIE, await createSessionValue(c.var.config.dashboard.sessionSecret, Date.now()), {
      path: "/",
      httpOnly: true,
      secure: true,
      sameSite: "Lax",
      maxAge: SESSION_TTL_SECONDS,
      expires: new Date(Date.now() + SESSION_TTL_SECONDS * 1000),
    });
    return c.redirect(next, 303);
  })
  .post("/sign-out", withContext, smallBody, (c) => {
    if (!isSameOrigin(c, c.var.config.publicUrl)) return page(c, <SignInPage next="/" problem={CROSS_ORIGIN} />, 403);
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true, httpOnly: true, sameSite: "Lax" });
    return c.redirect("/sign-in", 303);
  })
  .get("/", withContext, requireSession, async (c) => {
    const filters = parseFilters({ repo: c.req.query("repo"), environment: c.req.query("environment"), outcome: c.req.query("outcome"), source: c.req.query("source") });
    const checks = await listRecentChecks(c.var.db, filters, RECENT_LIMIT);
    return page(c, <ChecksPage checks={checks} filters={filters} limit={RECENT_LIMIT} />);
  })
  .get("/checks/:id", withContext, requireSession, async (c) => {
    const check = await getCheck(c.var.db, c.req.param("id"));
    if (!check) return page(c, <NotFoundPage what="No check with this id." />, 404);
    const findings = await listFindings(c.var.db, check.id);
    const [acceptances, deployments, productionContext] = await Promise.all([
      acceptancesOfCheck(c.var.db, check, findings),
      deploymentsOfCheck(c.var.db, check.id),
      getProductionContext(c.var.db, check.id),
    ]);
    return page(c, <CheckPage check={check} findings={findings} acceptances={acceptances} deployments={deployments} productionContext={productionContext} />);
  })
  .get("/repos/:owner/:repo", withContext, requireSession, async (c) => {
    const repo = `${c.req.param("owner")}/${c.req.param("repo")}`;
    return page(c, <RepoPage repo={repo} history={await repoHistory(c.var.db, repo, HISTORY_LIMIT)} />);
  });
