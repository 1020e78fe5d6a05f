/**
 * Miniflare's D1 served to another process over a small HTTP bridge, so the process measured by
 * bench/history.ts runs the check job's code without Miniflare's own library in its heap (~70 MB
 * of it). `d1BridgeClient` is the part of the D1Database interface drizzle-orm's d1 driver uses
 * (prepare → bind → all/raw/run/first, batch), each call one request to `serveD1Bridge`.
 */
import { createServer, type Server } from "node:http";

interface Call {
  sql: string;
  params: unknown[];
  method: "all" | "raw" | "run" | "first";
}

type D1Like = { prepare(sql: string): { bind(...params: unknown[]): Record<Call["method"], () => Promise<unknown>> } };

export async function serveD1Bridge(d1: D1Like): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", async () => {
      try {
        const calls = JSON.parse(body) as Call[];
        const results = [];
        for (const call of calls) results.push(await d1.prepare(call.sql).bind(...call.params)[call.method]());
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(results));
      } catch (error) {
        res.writeHead(500).end(error instanceof Error ? error.message : String(error));
      }
    });
  });
  // Idle connections stay open: a measured process that blocks its event loop for seconds (the
  // code before issue 12 replaying a 1.x chain) would otherwise write its next query on a socket
  // the bridge closed meanwhile (Node's 5 s keep-alive), and fail on the bench, not on D1.
  server.keepAliveTimeout = 0;
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, close: () => new Promise((done) => server.close(() => done())) };
}

export function d1BridgeClient(url: string) {
  const send = async (calls: Call[]): Promise<unknown[]> => {
    const response = await fetch(url, { method: "POST", body: JSON.stringify(calls) });
    if (!response.ok) throw new Error(`D1 bridge: ${await response.text()}`);
    return (await response.json()) as unknown[];
  };
  const statement = (sql: string, params: unknown[] = []) => ({
    sql,
    params,
    bind: (...bound: unknown[]) => statement(sql, bound),
    all: async () => (await send([{ sql, params, method: "all" }]))[0],
    raw: async () => (await send([{ sql, params, method: "raw" }]))[0],
    run: async () => (await send([{ sql, params, method: "run" }]))[0],
    first: async () => (await send([{ sql, params, method: "first" }]))[0],
  });
  return {
    prepare: (sql: string) => statement(sql),
    batch: async (statements: { sql: string; params: unknown[] }[]) => send(statements.map(({ sql, params }) => ({ sql, params, method: "all" as const }))),
  };
}
