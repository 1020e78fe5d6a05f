/**
 * A TCP proxy in front of a PostgreSQL server that
 *  - delays every chunk by a fixed one-way latency in each direction (rtt/2 each way), so one
 *    request/response exchange costs one full round-trip time, as it would to a remote database;
 *  - parses the frontend (client → server) protocol and counts the messages that start a round
 *    trip: Query ('Q', simple protocol) and Parse ('P', extended protocol). The start-up phase is
 *    not counted: SSLRequest / GSSENCRequest, the StartupMessage (no type byte), and the
 *    authentication messages ('p') that follow it.
 *
 * Counting happens here, on the wire, so no tool can under-report its own round trips.
 *
 * In-process: `const proxy = await startDelayProxy({ rttMs: 20 })`, `proxy.stats()`, `proxy.reset()`,
 * `await proxy.close()`.
 * As a child: `tsx bench/delay-proxy.ts --rtt 20 [--port 0] [--upstream 127.0.0.1:5432]` prints
 * `{"port":N}` once listening, then answers stdin lines `stats` (one JSON line) and `reset`
 * (`{"ok":true}`); it exits when stdin closes.
 */
import net from "node:net";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

export interface DelayProxyOptions {
  /** Round-trip time to add; each direction is delayed by half of it. */
  rttMs: number;
  /** Where the real server listens. Only loopback is accepted: the bench talks to 127.0.0.1 only. */
  upstreamHost?: string;
  upstreamPort?: number;
  /** Port to listen on (127.0.0.1); 0 picks a free one. */
  port?: number;
}

export interface ConnectionStats {
  id: number;
  /** Query messages (simple protocol) after start-up. */
  queries: number;
  /** Parse messages (extended protocol) after start-up. */
  parses: number;
  /** Every frontend message type seen after start-up, e.g. { Q: 1, X: 1 }. */
  messageTypes: Record<string, number>;
  bytesToServer: number;
  bytesToClient: number;
  closed: boolean;
}

export interface ProxyStats {
  connections: ConnectionStats[];
  /** queries + parses over all connections: the round trips. */
  roundTrips: number;
}

export interface DelayProxy {
  port: number;
  url(database: string, user?: string): string;
  stats(): ProxyStats;
  /** Forget all connections seen so far (open ones keep being counted under a fresh record). */
  reset(): void;
  close(): Promise<void>;
}

const SSL_REQUEST_CODE = 80877103;
const GSSENC_REQUEST_CODE = 80877104;
const CANCEL_REQUEST_CODE = 80877102;

/**
 * Incremental parser of the frontend message stream. Before start-up completes, messages have no
 * type byte: `int32 length, int32 code, ...`. SSL/GSS requests are answered by the server with
 * one byte and followed by another untyped packet; the StartupMessage ends the untyped phase.
 */
export class FrontendCounter {
  private buffer: Buffer = Buffer.alloc(0);
  private startedUp = false;
  readonly messageTypes: Record<string, number> = {};
  queries = 0;
  parses = 0;

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (!this.startedUp) {
        if (this.buffer.length < 8) return;
        const length = this.buffer.readInt32BE(0);
        if (this.buffer.length < length) return;
        const code = this.buffer.readInt32BE(4);
        this.buffer = this.buffer.subarray(length);
        // SSL/GSS requests are followed by the real StartupMessage; a cancel request ends the connection.
        if (code !== SSL_REQUEST_CODE && code !== GSSENC_REQUEST_CODE && code !== CANCEL_REQUEST_CODE) {
          this.startedUp = true;
        }
        continue;
      }
      if (this.buffer.length < 5) return;
      const length = this.buffer.readInt32BE(1);
      if (this.buffer.length < 1 + length) return;
      const type = String.fromCharCode(this.buffer[0]!);
      this.buffer = this.buffer.subarray(1 + length);
      this.messageTypes[type] = (this.messageTypes[type] ?? 0) + 1;
      // 'p' (password / SASL) belongs to authentication: counted in messageTypes only.
      if (type === "Q") this.queries += 1;
      else if (type === "P") this.parses += 1;
    }
  }
}

/**
 * Writes chunks to a socket after a fixed delay, in order. One timer per chunk with the same
 * delay fires in scheduling order, but a queue makes the ordering explicit.
 */
function delayedWriter(target: net.Socket, delayMs: number): { write(chunk: Buffer): void; end(): void } {
  const queue: { due: number; chunk: Buffer | null }[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    timer = null;
    const now = performance.now();
    while (queue.length > 0 && queue[0]!.due <= now + 0.5) {
      const item = queue.shift()!;
      if (item.chunk === null) target.end();
      else if (!target.destroyed) target.write(item.chunk);
    }
    if (queue.length > 0) timer = setTimeout(flush, Math.max(0, queue[0]!.due - performance.now()));
  };
  const enqueue = (chunk: Buffer | null): void => {
    queue.push({ due: performance.now() + delayMs, chunk });
    if (timer === null) timer = setTimeout(flush, delayMs);
  };
  return { write: (chunk) => enqueue(chunk), end: () => enqueue(null) };
}

export async function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  const upstreamHost = options.upstreamHost ?? "127.0.0.1";
  const upstreamPort = options.upstreamPort ?? 5432;
  if (upstreamHost !== "127.0.0.1" && upstreamHost !== "localhost") {
    throw new Error(`delay proxy: upstream must be loopback, got ${upstreamHost}`);
  }
  const oneWayMs = options.rttMs / 2;
  let nextId = 1;
  let records: { stats: ConnectionStats; counter: FrontendCounter }[] = [];
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    client.setNoDelay(true);
    const upstream = net.connect({ host: upstreamHost, port: upstreamPort });
    upstream.setNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);
    let record = { stats: newStats(nextId++), counter: new FrontendCounter() };
    records.push(record);
    const toServer = delayedWriter(upstream, oneWayMs);
    const toClient = delayedWriter(client, oneWayMs);

    client.on("data", (chunk: Buffer) => {
      if (!records.includes(record)) {
        // reset() happened mid-connection: keep counting under a fresh record, parser state kept.
        record = { stats: newStats(nextId++), counter: record.counter };
        record.counter.queries = 0;
        record.counter.parses = 0;
        for (const key of Object.keys(record.counter.messageTypes)) delete record.counter.messageTypes[key];
        records.push(record);
      }
      record.stats.bytesToServer += chunk.length;
      record.counter.push(chunk);
      toServer.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      record.stats.bytesToClient += chunk.length;
      toClient.write(chunk);
    });
    client.on("end", () => toServer.end());
    upstream.on("end", () => toClient.end());
    const finish = (): void => {
      record.stats.closed = true;
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", () => setTimeout(finish, oneWayMs + 5));
    upstream.on("close", () => setTimeout(finish, oneWayMs + 5));
    client.on("error", finish);
    upstream.on("error", finish);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("delay proxy: no TCP address");
  const port = address.port;

  const snapshot = (): ProxyStats => {
    const connections = records.map(({ stats, counter }) => ({
      ...stats,
      queries: counter.queries,
      parses: counter.parses,
      messageTypes: { ...counter.messageTypes },
    }));
    return { connections, roundTrips: connections.reduce((sum, c) => sum + c.queries + c.parses, 0) };
  };

  return {
    port,
    url: (database, user = "postgres") => `postgresql://${user}@127.0.0.1:${port}/${database}`,
    stats: snapshot,
    reset: () => {
      records = [];
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function newStats(id: number): ConnectionStats {
  return { id, queries: 0, parses: 0, messageTypes: {}, bytesToServer: 0, bytesToClient: 0, closed: false };
}

/** Child-process mode: control over stdin/stdout, one JSON value per line. */
async function runAsChild(argv: string[]): Promise<void> {
  const arg = (name: string): string | undefined => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const [host, port] = (arg("--upstream") ?? "127.0.0.1:5432").split(":");
  const proxy = await startDelayProxy({
    rttMs: Number(arg("--rtt") ?? "20"),
    port: Number(arg("--port") ?? "0"),
    upstreamHost: host ?? "127.0.0.1",
    upstreamPort: Number(port ?? "5432"),
  });
  process.stdout.write(`${JSON.stringify({ port: proxy.port })}\n`);
  const lines = readline.createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    const command = line.trim();
    if (command === "stats") process.stdout.write(`${JSON.stringify(proxy.stats())}\n`);
    else if (command === "reset") {
      proxy.reset();
      process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
    } else process.stdout.write(`${JSON.stringify({ error: `unknown command ${command}` })}\n`);
  });
  lines.on("close", () => {
    void proxy.close().then(() => process.exit(0));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runAsChild(process.argv.slice(2));
}
