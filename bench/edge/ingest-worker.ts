/**
 * Bench-only Worker entry (never deployed; `wrangler dev <this file>` with the project's
 * wrangler.jsonc): the real Worker, plus `POST /bench/noop`, a bare Hono route that reads the body
 * and answers 202, so webhook ingest latency can be compared with the floor of the same server,
 * isolate and HTTP path (bench/webhook-ingest.ts). Two reference routes show what the ingest's
 * parts cost on their own: `POST /bench/d1-write` (the bare route plus one D1 insert into
 * `deliveries`, as raw D1) and `POST /bench/queue-send` (the bare route plus one CHECKS.send of a
 * job the consumer acks without work).
 */
import { Hono } from "hono";
import worker from "../../src/worker/index.js";

interface BenchBindings {
  DB: D1Database;
  CHECKS: Queue<unknown>;
}

const bare = new Hono<{ Bindings: BenchBindings }>();
bare.post("/bench/noop", async (c) => {
  await c.req.arrayBuffer();
  return c.body(null, 202);
});
bare.post("/bench/d1-write", async (c) => {
  await c.req.arrayBuffer();
  await c.env.DB.prepare("INSERT INTO deliveries (id, source, event, status, received_at) VALUES (?, 'github', 'bench', 'received', ?)")
    .bind(`bench-${crypto.randomUUID()}`, Date.now())
    .run();
  return c.body(null, 202);
});
bare.post("/bench/queue-send", async (c) => {
  await c.req.arrayBuffer();
  // A check job naming a check that does not exist: the consumer looks it up once and acks.
  await c.env.CHECKS.send({
    type: "check", source: "github", repo: "bench/none", sha: "0".repeat(40), ref: null, pr: null, environment: "preview",
    neonBranch: null, installationId: null, trigger: "event", deliveryId: null, checkId: "bench-none", expectedKey: null,
  });
  return c.body(null, 202);
});

export default {
  ...worker,
  fetch: (request: Request, env: unknown, ctx: unknown) =>
    new URL(request.url).pathname.startsWith("/bench/") ? bare.fetch(request, env as BenchBindings) : (worker.fetch as (r: Request, e: unknown, c: unknown) => Response | Promise<Response>)(request, env, ctx),
};
