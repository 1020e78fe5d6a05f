/**
 * Bench-only Worker entry (never deployed; `wrangler dev <this file>` with the project's
 * wrangler.toml): the real Worker, plus `POST /bench/noop`, a bare Hono route that reads the body
 * and answers 202, so webhook ingest latency can be compared with the floor of the same server,
 * isolate and HTTP path (bench/webhook-ingest.ts).
 */
import { Hono } from "hono";
import worker from "../../src/worker/index.js";

const bare = new Hono();
bare.post("/bench/noop", async (c) => {
  await c.req.arrayBuffer();
  return c.body(null, 202);
});

export default {
  ...worker,
  fetch: (request: Request, env: unknown, ctx: unknown) =>
    new URL(request.url).pathname === "/bench/noop" ? bare.fetch(request) : (worker.fetch as (r: Request, e: unknown, c: unknown) => Response | Promise<Response>)(request, env, ctx),
};
