/**
 * Side by side with drizzle-kit 1.0's `pull` (issue 3, "Measure it"): per size, on one freshly
 * migrated database behind the same 20 ms delay proxy (bench/delay-proxy.ts, run as a child
 * process as in run.ts), the driftcheck CLI and `drizzle-kit pull` 1.0.0-rc.5 as whole
 * processes, median of N runs, round trips counted at the proxy. Pull's runs stop repeating once
 * a size's time budget is spent (at least one run always happens; the output says so).
 *
 *   npx tsx bench/pull-1x.ts [--sizes 10,100,1000] [--runs 5] [--rtt 20] [--pull-budget-s 180] [--skip-build]
 *
 * drizzle-kit 1.0 lives in tools/drizzle-kit-1 (`npm ci --prefix tools/drizzle-kit-1`), so it
 * never replaces the 0.31 the rest of the bench and the project use.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { createBenchDatabase, dropLeftoverDatabases, generateSchema, REPO_DIR, type BenchDatabase } from "./generate-schema.js";
import { startProxyProcess, type ProxyProcess } from "./proxy-process.js";
import { median, round, timeProcess } from "./measure.js";

const DRIFTCHECK_BIN = path.join(REPO_DIR, "bin", "driftcheck.js");
const KIT1_DIR = path.join(REPO_DIR, "tools", "drizzle-kit-1");
const KIT1_BIN = path.join(KIT1_DIR, "node_modules", "drizzle-kit", "bin.cjs");

interface Settings {
  sizes: number[];
  runs: number;
  rttMs: number;
  pullBudgetMs: number;
  skipBuild: boolean;
}

function parseSettings(argv: string[]): Settings {
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const settings: Settings = {
    sizes: (value("--sizes") ?? "10,100,1000").split(",").map(Number),
    runs: Number(value("--runs") ?? "5"),
    rttMs: Number(value("--rtt") ?? "20"),
    pullBudgetMs: Number(value("--pull-budget-s") ?? "180") * 1000,
    skipBuild: argv.includes("--skip-build"),
  };
  const bad = [...settings.sizes, settings.runs].some((n) => !Number.isInteger(n) || n < 1) || !(settings.rttMs >= 0) || !(settings.pullBudgetMs > 0);
  if (bad) throw new Error("usage: --sizes 10,100,1000 --runs 5 --rtt 20 --pull-budget-s 180 [--skip-build]");
  return settings;
}

interface Run {
  ms: number;
  exitCode: number | null;
  timedOut: boolean;
  roundTrips: number;
  connections: number;
  outcome: string;
}

async function countedRun(proxy: ProxyProcess, args: string[], cwd: string, timeoutMs: number): Promise<Run & { stdout: string; stderr: string }> {
  await proxy.reset();
  const run = await timeProcess(process.execPath, args, { cwd, timeoutMs });
  // Let the last packets drain through the proxy's delay before reading the counters.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const stats = await proxy.stats();
  return { ms: run.ms, exitCode: run.exitCode, timedOut: run.timedOut, roundTrips: stats.roundTrips, connections: stats.connections.length, outcome: "", stdout: run.stdout, stderr: run.stderr };
}

function driftcheckOutcome(stdout: string, stderr: string): string {
  try {
    const report = JSON.parse(stdout) as { verdict: string; summary?: { total: number }; error?: { message: string } };
    return `verdict ${report.verdict}, ${report.summary?.total ?? 0} findings${report.error ? ` error: ${report.error.message}` : ""}`;
  } catch {
    return `unparsable output: ${(stderr || stdout).split("\n")[0]?.slice(0, 200) ?? ""}`;
  }
}

interface SizeResult {
  tables: number;
  driftcheck: Run[];
  pull: Run[];
  pullCap: string | null;
}

async function benchSize(tables: number, settings: Settings, proxy: ProxyProcess, track: (db: BenchDatabase | null) => void): Promise<SizeResult> {
  const log = (line: string): void => console.log(`[${tables}] ${line}`);
  const schema = generateSchema(tables, log);
  const database = await createBenchDatabase(schema);
  track(database);
  log(`migrated ${database.name} with drizzle-orm migrate()`);
  const url = proxy.url(database.name);
  try {
    const driftcheck: Run[] = [];
    const checkArgs = [DRIFTCHECK_BIN, "check", "--database-url", url, "--drizzle", schema.drizzleDir, "--format", "json"];
    for (let run = 1; run <= settings.runs; run++) {
      const result = await countedRun(proxy, checkArgs, schema.dir, 120_000);
      result.outcome = driftcheckOutcome(result.stdout, result.stderr);
      driftcheck.push(result);
      log(`driftcheck run ${run}: ${result.ms.toFixed(0)} ms, ${result.roundTrips} round trips, exit ${result.exitCode}, ${result.outcome}`);
    }

    const pullDir = path.join(schema.dir, "pull-1x");
    const pull: Run[] = [];
    let spent = 0;
    let pullCap: string | null = null;
    for (let run = 1; run <= settings.runs; run++) {
      rmSync(pullDir, { recursive: true, force: true });
      const args = [KIT1_BIN, "pull", "--dialect", "postgresql", "--url", url, "--out", pullDir];
      const result = await countedRun(proxy, args, schema.dir, 1_200_000);
      const written = existsSync(pullDir) ? readdirSync(pullDir, { recursive: true }).map(String) : [];
      const ok = result.exitCode === 0 && written.some((file) => file.endsWith("schema.ts"));
      result.outcome = ok ? `wrote ${written.filter((f) => /\.(ts|json|sql)$/.test(f)).sort().join(", ")}` : `FAILED: ${(result.stderr || result.stdout).trim().split("\n").slice(-3).join(" | ").slice(0, 300)}`;
      pull.push(result);
      log(`drizzle-kit 1.0 pull run ${run}: ${result.ms.toFixed(0)} ms, ${result.roundTrips} round trips, exit ${result.exitCode}, ${result.outcome}`);
      spent += result.ms;
      if (run < settings.runs && spent >= settings.pullBudgetMs) {
        pullCap = `capped at ${run} of ${settings.runs} runs: ${Math.round(spent / 1000)} s spent, budget ${settings.pullBudgetMs / 1000} s (--pull-budget-s)`;
        log(`drizzle-kit 1.0 pull ${pullCap}`);
        break;
      }
    }
    rmSync(pullDir, { recursive: true, force: true });
    return { tables, driftcheck, pull, pullCap };
  } finally {
    await database.drop();
    track(null);
    log(`dropped ${database.name}`);
  }
}

function printSummary(results: SizeResult[], settings: Settings): void {
  console.log(`\nWhole processes through a ${settings.rttMs} ms RTT proxy, median of up to ${settings.runs} runs:`);
  console.log("| tables | driftcheck check | round trips | drizzle-kit 1.0.0-rc.5 pull | round trips | pull / driftcheck |");
  console.log("|---:|---:|---:|---:|---:|---:|");
  for (const r of results) {
    const d = median(r.driftcheck.map((x) => x.ms));
    const p = median(r.pull.map((x) => x.ms));
    const dTrips = median(r.driftcheck.map((x) => x.roundTrips));
    const pTrips = median(r.pull.map((x) => x.roundTrips));
    const pullCell = `${round(p, 0)} ms (${r.pull.length} run${r.pull.length === 1 ? "" : "s"}${r.pullCap ? ", capped" : ""})`;
    console.log(`| ${r.tables} | ${round(d, 0)} ms | ${dTrips} | ${pullCell} | ${pTrips} | ${round(p / d, 1)}× |`);
  }
  for (const r of results) {
    console.log(`\n${r.tables} tables raw (ms / round trips): driftcheck ${r.driftcheck.map((x) => `${round(x.ms, 0)}/${x.roundTrips}`).join(", ")}; pull ${r.pull.map((x) => `${round(x.ms, 0)}/${x.roundTrips}`).join(", ")}${r.pullCap ? `; ${r.pullCap}` : ""}`);
    console.log(`  driftcheck: ${r.driftcheck[0]?.outcome ?? ""}; pull: ${r.pull[0]?.outcome ?? ""}`);
  }
  console.log(`\nJSON ${JSON.stringify(results.map((r) => ({ tables: r.tables, driftcheck: r.driftcheck.map(({ ms, roundTrips, exitCode }) => ({ ms: round(ms, 0), roundTrips, exitCode })), pull: r.pull.map(({ ms, roundTrips, exitCode }) => ({ ms: round(ms, 0), roundTrips, exitCode })), pullCap: r.pullCap })))}`);
}

async function main(argv: string[]): Promise<void> {
  const settings = parseSettings(argv);
  if (!existsSync(KIT1_BIN)) {
    const install = spawnSync("npm", ["ci", "--prefix", KIT1_DIR], { cwd: REPO_DIR, stdio: "inherit" });
    if (install.status !== 0) throw new Error("npm ci --prefix tools/drizzle-kit-1 failed");
  }
  if (!settings.skipBuild || !existsSync(path.join(REPO_DIR, "dist"))) {
    const build = spawnSync("npm", ["run", "build"], { cwd: REPO_DIR, stdio: "inherit" });
    if (build.status !== 0) throw new Error("npm run build failed");
  }
  const leftovers = await dropLeftoverDatabases();
  if (leftovers.length > 0) console.log(`dropped leftovers: ${leftovers.join(", ")}`);
  const proxy = await startProxyProcess(settings.rttMs);
  let current: BenchDatabase | null = null;
  const onSignal = (): void => {
    void (async () => {
      await current?.drop().catch(() => {});
      await proxy.stop().catch(() => {});
      process.exit(130);
    })();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const results: SizeResult[] = [];
  try {
    for (const tables of settings.sizes) {
      results.push(await benchSize(tables, settings, proxy, (db) => (current = db)));
    }
  } finally {
    await proxy.stop();
  }
  printSummary(results, settings);
}

await main(process.argv.slice(2));
