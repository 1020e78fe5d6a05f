/**
 * `npm run bench`: driftcheck vs drizzle-kit 0.31 on generated schemas of 10, 100 and 1,000
 * tables, on the local PostgreSQL 15 server behind a delay proxy (20 ms round trip).
 *
 * Per size, on one freshly migrated database:
 *  1. driftcheck CLI as a whole process (`node bin/driftcheck.js check … --format json`), N runs;
 *  2. `drizzle-kit pull` 0.31 as a whole process, N runs (fewer when a time budget runs out);
 *  3. driftcheck's introspection in-process (introspect + createNodePostgresExecutor), N runs;
 *  4. CPU: readDrizzleFolder + diffSchemas vs drizzle-kit's generateMigration on the same pair,
 *     each side in a process of its own (bench/cpu.ts).
 * Round trips are counted by the proxy (Query + Parse messages), never reported by the tools.
 * Prints a table and writes bench/RESULTS.md. Only 127.0.0.1 is contacted; the databases it
 * creates are dropped, also on Ctrl-C.
 *
 * Flags: --sizes 10,100,1000  --runs 5  --rtt 20  --pull-budget-s 480  --skip-build  --out FILE
 *        --render-only (rewrite RESULTS.md from bench/.work/results.json, the last run's raw data)
 *        --only cpu (re-measure step 4 only, on a freshly migrated database introspected directly,
 *        and merge it into the last run's raw data; generateMigration(pulled) is re-measured only
 *        when a pulled snapshot is still on disk, else the last run's figure is kept and labelled)
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  BENCH_DIR,
  DRIZZLE_KIT_BIN,
  REPO_DIR,
  createBenchDatabase,
  dropLeftoverDatabases,
  generateSchema,
  type BenchDatabase,
  type GeneratedSchema,
} from "./generate-schema.js";
import { startProxyProcess, type ProxyProcess } from "./proxy-process.js";
import { median, timeProcess } from "./measure.js";
import { describeEnvironment, type BenchEnvironment } from "./environment.js";
import { introspectOnce } from "./introspect-in-process.js";
import { measureCpu } from "./cpu.js";
import { printSummary, renderResults, writeResults, type ProcessRunResult, type SizeResult } from "./report.js";

interface Settings {
  sizes: number[];
  runs: number;
  rttMs: number;
  pullBudgetMs: number;
  build: boolean;
  out: string;
  /** Re-render RESULTS.md from the last run's raw results instead of measuring. */
  renderOnly: boolean;
  /** `cpu`: re-measure only the CPU comparison and merge it into the last run's raw results. */
  only: "cpu" | null;
}

function parseSettings(argv: string[]): Settings {
  const value = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  return {
    sizes: (value("--sizes") ?? "10,100,1000").split(",").map(Number).filter((n) => n > 0),
    runs: Number(value("--runs") ?? "5"),
    rttMs: Number(value("--rtt") ?? "20"),
    pullBudgetMs: Number(value("--pull-budget-s") ?? "480") * 1000,
    build: !argv.includes("--skip-build") && !argv.includes("--render-only") && value("--only") !== "cpu",
    renderOnly: argv.includes("--render-only"),
    only: value("--only") === "cpu" ? "cpu" : null,
    out: path.resolve(value("--out") ?? path.join(BENCH_DIR, "RESULTS.md")),
  };
}

/** The snapshot the last `drizzle-kit pull` wrote, kept in bench/.work/<n>/ (gitignored). */
const PULLED_SNAPSHOT = "pulled-snapshot.json";
const DRIFTCHECK_BIN = path.join(REPO_DIR, "bin", "driftcheck.js");
/** Every raw number of the last run, so RESULTS.md can be re-rendered without re-measuring. */
const RAW_RESULTS = path.join(BENCH_DIR, ".work", "results.json");

interface RawResults {
  environment: BenchEnvironment;
  settings: Settings;
  results: SizeResult[];
}

/** Lets the proxy see the client's close before its counters are read. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 100));

async function countedProcess(
  proxy: ProxyProcess,
  args: string[],
  cwd: string,
  timeoutMs: number,
): Promise<ProcessRunResult & { stdout: string; stderr: string }> {
  await proxy.reset();
  const run = await timeProcess(process.execPath, args, { cwd, timeoutMs });
  await settle();
  const stats = await proxy.stats();
  return {
    ms: run.ms,
    exitCode: run.exitCode,
    timedOut: run.timedOut,
    roundTrips: stats.roundTrips,
    connections: stats.connections.length,
    stdout: run.stdout,
    stderr: run.stderr,
  };
}

function summariseDriftcheckOutput(stdout: string, stderr: string): string {
  try {
    const report = JSON.parse(stdout) as {
      verdict: string;
      summary?: { total: number };
      findings?: { code: string }[];
      error?: { message: string };
      timings?: { readMs: number; introspectMs: number; compareMs: number; totalMs: number };
    };
    const codes: Record<string, number> = {};
    for (const finding of report.findings ?? []) codes[finding.code] = (codes[finding.code] ?? 0) + 1;
    const detail = report.error ? ` error: ${report.error.message}` : Object.keys(codes).length > 0 ? ` ${JSON.stringify(codes)}` : "";
    // The CLI's own stage timings: a breakdown only; the measured time is the process's wall time.
    const t = report.timings;
    const stages = t ? `; self-reported stages: read ${t.readMs} / introspect ${t.introspectMs} / compare ${t.compareMs} / total ${t.totalMs} ms` : "";
    return `verdict ${report.verdict}, ${report.summary?.total ?? 0} findings${detail}${stages}`;
  } catch {
    return `unparsable output: ${(stderr || stdout).split("\n")[0]?.slice(0, 200) ?? ""}`;
  }
}

async function benchSize(tables: number, settings: Settings, proxy: ProxyProcess, track: (db: BenchDatabase | null) => void): Promise<SizeResult> {
  const log = (line: string): void => console.log(`[${tables}] ${line}`);
  const schema = generateSchema(tables, log);
  log(`objects: ${JSON.stringify(schema.counts)}`);
  const database = await createBenchDatabase(schema);
  track(database);
  log(`migrated ${database.name} with drizzle-orm migrate()`);
  const url = proxy.url(database.name);
  try {
    const driftcheckArgs = [DRIFTCHECK_BIN, "check", "--database-url", url, "--drizzle", schema.drizzleDir, "--format", "json"];
    const driftcheckRuns: SizeResult["driftcheck"]["runs"] = [];
    for (let run = 1; run <= settings.runs; run++) {
      const result = await countedProcess(proxy, driftcheckArgs, schema.dir, 120_000);
      const outcome = summariseDriftcheckOutput(result.stdout, result.stderr);
      driftcheckRuns.push({ ms: result.ms, exitCode: result.exitCode, timedOut: result.timedOut, roundTrips: result.roundTrips, connections: result.connections, outcome });
      log(`driftcheck run ${run}: ${result.ms.toFixed(0)} ms, ${result.roundTrips} round trips, exit ${result.exitCode}, ${outcome}`);
    }

    const pullDir = path.join(schema.dir, "pull");
    const pullRuns: SizeResult["pull"]["runs"] = [];
    let pullSpent = 0;
    let pullCap: string | null = null;
    for (let run = 1; run <= settings.runs; run++) {
      rmSync(pullDir, { recursive: true, force: true });
      const args = [DRIZZLE_KIT_BIN, "pull", "--dialect", "postgresql", "--url", url, "--out", pullDir];
      const result = await countedProcess(proxy, args, schema.dir, 1_800_000);
      const ok = result.exitCode === 0 && existsSync(path.join(pullDir, "meta", "0000_snapshot.json"));
      const outcome = ok ? "ok" : `failed: ${(result.stderr || result.stdout).trim().split("\n").slice(-1)[0]?.slice(0, 200) ?? ""}`;
      pullRuns.push({ ms: result.ms, exitCode: result.exitCode, timedOut: result.timedOut, roundTrips: result.roundTrips, connections: result.connections, outcome });
      log(`drizzle-kit pull run ${run}: ${result.ms.toFixed(0)} ms, ${result.roundTrips} round trips, exit ${result.exitCode}, ${outcome}`);
      pullSpent += result.ms;
      if (run < settings.runs && pullSpent >= settings.pullBudgetMs) {
        pullCap = `capped at ${run} of ${settings.runs} runs: ${Math.round(pullSpent / 1000)} s spent, budget ${settings.pullBudgetMs / 1000} s (--pull-budget-s)`;
        log(`drizzle-kit pull ${pullCap}`);
        break;
      }
    }
    // Kept outside pull/ for `--only cpu`, so a CPU re-run can measure generateMigration(pulled) without another pull.
    const pulledSnapshotFile = path.join(schema.dir, PULLED_SNAPSHOT);
    rmSync(pulledSnapshotFile, { force: true });
    const pulledNow = path.join(pullDir, "meta", "0000_snapshot.json");
    const hasPulledSnapshot = existsSync(pulledNow);
    if (hasPulledSnapshot) copyFileSync(pulledNow, pulledSnapshotFile);

    const inProcessRuns: SizeResult["inProcess"]["runs"] = [];
    for (let run = 1; run <= settings.runs; run++) {
      await proxy.reset();
      const { ms } = await introspectOnce(url);
      await settle();
      const stats = await proxy.stats();
      inProcessRuns.push({ ms, roundTrips: stats.roundTrips, connections: stats.connections.length });
      log(`in-process introspection run ${run}: ${ms.toFixed(0)} ms, ${stats.roundTrips} round trips`);
    }

    const { driftcheckCpu, fromEmpty, fromPulled } = await measureCpu(schema, database.url, hasPulledSnapshot ? pulledSnapshotFile : null, log);

    return {
      tables,
      counts: schema.counts,
      commands: {
        driftcheck: `node bin/driftcheck.js check --database-url postgresql://postgres@127.0.0.1:<proxy>/<db> --drizzle bench/.work/${tables}/drizzle --format json`,
        pull: `node node_modules/drizzle-kit/bin.cjs pull --dialect postgresql --url postgresql://postgres@127.0.0.1:<proxy>/<db> --out bench/.work/${tables}/pull`,
      },
      driftcheck: { runs: driftcheckRuns },
      pull: { runs: pullRuns, cap: pullCap },
      inProcess: { runs: inProcessRuns },
      cpu: { driftcheck: driftcheckCpu, fromEmpty, fromPulled },
    };
  } finally {
    rmSync(path.join(schema.dir, "pull"), { recursive: true, force: true });
    await database.drop();
    track(null);
    log(`dropped ${database.name}`);
  }
}

/**
 * `--only cpu`: the CPU comparison alone, merged into the last full run's raw results (whose
 * process and introspection figures are kept). The database is migrated as in a full run and
 * introspected once, directly (latency does not matter for a CPU figure).
 */
async function rerunCpu(settings: Settings): Promise<void> {
  if (!existsSync(RAW_RESULTS)) throw new Error(`--only cpu needs ${RAW_RESULTS} from a full run (npm run bench) to merge into`);
  const raw = JSON.parse(readFileSync(RAW_RESULTS, "utf8")) as RawResults;
  const environment = await describeEnvironment();
  const leftovers = await dropLeftoverDatabases();
  if (leftovers.length > 0) console.log(`dropped leftover databases: ${leftovers.join(", ")}`);
  for (const size of settings.sizes) {
    const previous = raw.results.find((result) => result.tables === size);
    if (!previous) throw new Error(`--only cpu: the last full run has no ${size}-table results; run \`npm run bench -- --sizes ${size}\` first`);
    const log = (line: string): void => console.log(`[${size}] ${line}`);
    const schema = generateSchema(size, log);
    const database = await createBenchDatabase(schema);
    const stop = (): void => void database.drop().finally(() => process.exit(130));
    process.once("SIGINT", stop);
    try {
      log(`migrated ${database.name} with drizzle-orm migrate()`);
      const pulledFile = path.join(schema.dir, PULLED_SNAPSHOT);
      const measured = await measureCpu(schema, database.url, existsSync(pulledFile) ? pulledFile : null, log);
      const earlier = previous.cpu.rerun?.fromPulledFrom ?? raw.environment.date;
      previous.cpu = {
        driftcheck: measured.driftcheckCpu,
        fromEmpty: measured.fromEmpty,
        fromPulled: measured.fromPulled ?? previous.cpu.fromPulled,
        rerun: {
          date: environment.date,
          loadAverageAtStart: environment.loadAverageAtStart,
          gitHead: environment.gitHead,
          fromPulledFrom: measured.fromPulled ? null : earlier,
        },
      };
    } finally {
      process.removeListener("SIGINT", stop);
      await database.drop();
      log(`dropped ${database.name}`);
    }
  }
  writeFileSync(RAW_RESULTS, JSON.stringify(raw, null, 1));
  printSummary(raw.results, raw.settings);
  writeResults(settings.out, renderResults(raw.results, raw.environment, raw.settings));
  console.log(`\nwrote ${path.relative(process.cwd(), settings.out)} (CPU re-measured for sizes ${settings.sizes.join(", ")})`);
}

function build(): void {
  console.log("building the CLI (npm run build) …");
  const result = spawnSync("npm", ["run", "build"], { cwd: REPO_DIR, encoding: "utf8" });
  if (result.status !== 0) {
    console.warn(`npm run build exited ${result.status}:\n${(result.stdout + result.stderr).trim().split("\n").slice(-10).join("\n")}`);
  }
  if (!existsSync(path.join(REPO_DIR, "dist", "cli", "main.js"))) throw new Error("dist/cli/main.js is missing: the CLI did not build");
}

async function main(): Promise<void> {
  const settings = parseSettings(process.argv.slice(2));
  if (settings.renderOnly) {
    const raw = JSON.parse(readFileSync(RAW_RESULTS, "utf8")) as RawResults;
    printSummary(raw.results, raw.settings);
    writeResults(settings.out, renderResults(raw.results, raw.environment, raw.settings));
    console.log(`\nre-rendered ${path.relative(process.cwd(), settings.out)} from ${path.relative(process.cwd(), RAW_RESULTS)}`);
    return;
  }
  if (settings.only === "cpu") {
    await rerunCpu(settings);
    return;
  }
  if (settings.build) build();
  mkdirSync(path.join(BENCH_DIR, ".work"), { recursive: true });
  const leftovers = await dropLeftoverDatabases();
  if (leftovers.length > 0) console.log(`dropped leftover databases: ${leftovers.join(", ")}`);
  const environment = await describeEnvironment();

  let current: BenchDatabase | null = null;
  const proxy = await startProxyProcess(settings.rttMs);
  const interrupted = async (signal: string): Promise<void> => {
    console.error(`\n${signal}: cleaning up …`);
    await current?.drop().catch(() => undefined);
    await proxy.stop().catch(() => undefined);
    process.exit(130);
  };
  process.once("SIGINT", () => void interrupted("SIGINT"));
  process.once("SIGTERM", () => void interrupted("SIGTERM"));

  const results: SizeResult[] = [];
  try {
    for (const size of settings.sizes) {
      results.push(await benchSize(size, settings, proxy, (db) => (current = db)));
    }
  } finally {
    await proxy.stop();
  }
  writeFileSync(RAW_RESULTS, JSON.stringify({ environment, settings, results } satisfies RawResults, null, 1));
  printSummary(results, settings);
  writeResults(settings.out, renderResults(results, environment, settings));
  console.log(`\nwrote ${path.relative(process.cwd(), settings.out)}`);
}

await main();
