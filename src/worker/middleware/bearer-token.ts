/**
 * `Authorization: Bearer <token>` for `/api/*`. The comparison is constant-time: both values are
 * hashed to 32 bytes and compared without an early exit, so timing reveals neither length nor prefix.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env.js";
import { httpError } from "../http-errors.js";

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export const requireBearerToken = createMiddleware<AppEnv>(async (c, next) => {
  const match = BEARER.exec(c.req.header("authorization") ?? "");
  if (!match || !(await sameSecret(match[1]!, c.var.config.apiToken))) {
    throw httpError(401, "A valid API token is required.", "Send `Authorization: Bearer <API_TOKEN>`.", {
      "WWW-Authenticate": 'Bearer realm="driftcheck"',
    });
  }
  await next();
});

export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ]);
  const left = new Uint8Array(a);
  const right = new Uint8Array(b);
  let difference = 0;
  for (let index = 0; index < left.length; index++) difference |= left[index]! ^ right[index]!;
  return difference === 0;
}
