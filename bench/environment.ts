/** What the numbers were measured on: machine, versions, load. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { REPO_DIR, SERVER_URL } from "./generate-schema.js";

export interface BenchEnvironment {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  loadAverageAtStart: number[];
  node: string;
  postgres: string;
  packages: Record<string, string>;
  gitHead: string;
}

function packageVersion(name: string): string {
  try {
    const file = path.join(REPO_DIR, "node_modules", name, "package.json");
    return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
  } catch {
    return "not installed";
  }
}

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((text) => text.startsWith("model name"));
    return line?.split(":")[1]?.trim() ?? "unknown";
  } catch {
    return os.cpus()[0]?.model ?? "unknown";
  }
}

function gitHead(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO_DIR, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain"], { cwd: REPO_DIR, encoding: "utf8" }).trim() !== "";
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return "no commit yet (working tree)";
  }
}

export async function describeEnvironment(): Promise<BenchEnvironment> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  let postgres: string;
  try {
    postgres = ((await client.query("SELECT version() AS v")).rows[0] as { v: string }).v;
  } finally {
    await client.end();
  }
  const nproc = (() => {
    try {
      return Number(execFileSync("nproc", { encoding: "utf8" }).trim());
    } catch {
      return os.availableParallelism();
    }
  })();
  const driftcheck = JSON.parse(readFileSync(path.join(REPO_DIR, "package.json"), "utf8")) as { version: string };
  return {
    date: new Date().toISOString(),
    cpus: nproc,
    cpuModel: cpuModel(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverageAtStart: os.loadavg().map((value) => Math.round(value * 100) / 100),
    node: process.version,
    postgres,
    packages: {
      driftcheck: driftcheck.version,
      "drizzle-kit": packageVersion("drizzle-kit"),
      "drizzle-orm": packageVersion("drizzle-orm"),
      pg: packageVersion("pg"),
      tsx: packageVersion("tsx"),
      typescript: packageVersion("typescript"),
    },
    gitHead: gitHead(),
  };
}
