/**
 * A fault-injecting HTTP proxy in front of one outside system's stand-in (issue 13's reliability
 * suite): the first `times` requests get the fault, the rest pass through unchanged. Faults are
 * what real outside systems do: 500, 429 with Retry-After, a hang (no answer at all), garbage (200
 * with an HTML page), and a reset connection.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export const FAULTS = ["500", "429", "hang", "garbage", "reset"] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultProxy {
  /** The proxy's URL with the upstream's path kept (e.g. `http://127.0.0.1:P/sql` for `…/sql`). */
  url: string;
  /** Requests seen / faulted so far. */
  readonly seen: number;
  readonly faulted: number;
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: string, fault: Fault, times = Number.POSITIVE_INFINITY): Promise<FaultProxy> {
  const target = new URL(upstream);
  let seen = 0;
  let faulted = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen++;
    if (faulted < times) {
      faulted++;
      switch (fault) {
        case "500":
          res.writeHead(500, { "content-type": "application/json" }).end('{"message":"injected 500"}');
          return;
        case "429":
          res.writeHead(429, { "content-type": "application/json", "retry-after": "1" }).end('{"message":"injected 429: slow down"}');
          return;
        case "hang":
          req.resume(); // read the request, never answer
          return;
        case "garbage":
          res.writeHead(200, { "content-type": "text/html" }).end("<html><body>Our service is down for maintenance</body></html>");
          return;
        case "reset":
          req.socket.destroy();
          return;
      }
    }
    const forwarded = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (upstreamResponse) => {
        res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(res);
      },
    );
    forwarded.on("error", () => res.destroy());
    req.pipe(forwarded);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${target.pathname === "/" ? "" : target.pathname}`,
    get seen() {
      return seen;
    },
    get faulted() {
      return faulted;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
