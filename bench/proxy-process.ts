/**
 * Runs bench/delay-proxy.ts as its own process, so the proxy's work never shares an event loop
 * with what is being measured, and talks to it over stdin/stdout (one JSON value per line).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import type { ProxyStats } from "./delay-proxy.js";
import { BENCH_DIR, TSX_CLI } from "./generate-schema.js";

export interface ProxyProcess {
  port: number;
  url(database: string): string;
  stats(): Promise<ProxyStats>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startProxyProcess(rttMs: number): Promise<ProxyProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [TSX_CLI, path.join(BENCH_DIR, "delay-proxy.ts"), "--rtt", String(rttMs), "--upstream", "127.0.0.1:5432"],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = readline.createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on("line", (line) => waiting.shift()?.(line));
  const nextLine = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`delay proxy did not answer: ${stderr}`)), 15_000);
      waiting.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const { port } = JSON.parse(await nextLine()) as { port: number };
  const request = async (command: string): Promise<unknown> => {
    const answer = nextLine();
    child.stdin.write(`${command}\n`);
    return JSON.parse(await answer);
  };
  return {
    port,
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    stats: async () => (await request("stats")) as ProxyStats,
    reset: async () => {
      await request("reset");
    },
    stop: async () => {
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGTERM"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
