/**
 * CSRF defence for state-changing requests made with the dashboard cookie (besides SameSite=Lax):
 * the browser's Origin header (or, when a browser omits it, the Referer) must be this Worker's
 * own origin: the request's or PUBLIC_URL's. A request carrying neither is refused.
 */
import type { Context } from "hono";

export function isSameOrigin(c: Context, publicUrl: string): boolean {
  const allowed = new Set([new URL(c.req.url).origin, originOf(publicUrl)]);
  const origin = c.req.header("origin");
  // An opaque origin ("null": sandboxed frames, some redirects) is never ours.
  if (origin !== undefined) return allowed.has(origin);
  const referer = c.req.header("referer");
  if (referer !== undefined) return allowed.has(originOf(referer));
  return false;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "invalid:";
  }
}
