/**
 * The CPU comparison (step 4 of bench/run.ts): driftcheck's readDrizzleFolder + diffSchemas vs
 * drizzle-kit's generateMigration from an empty snapshot and from the snapshot its own pull wrote.
 *
 * Each side runs in a process of its own (bench/cpu-child.ts: its own heap, its own warm-up), in
 * interleaved rounds — driftcheck, then drizzle-kit's pairs, then again — with a share of the
 * iteration budget each, so both tools see the same background load on a shared machine. The
 * samples of all rounds are pooled; medians are taken over the pool.
 */
import path from "node:path";
import type { DriftcheckCpuResult } from "./cpu-driftcheck.js";
import type { DrizzleKitCpuResult } from "./cpu-drizzle-kit.js";
import type { CpuJob } from "./cpu-child.js";
import { BENCH_DIR, TSX_CLI, type GeneratedSchema } from "./generate-schema.js";
import { median, timeProcess, type CpuBudget } from "./measure.js";

export const CPU_ROUNDS = 3;
/**
 * Both sides get the same warm-up time per process (at least a few calls): a fresh process runs
 * its first calls on unoptimised code and a small, still-growing heap, and 5 warm-up calls left
 * driftcheck's 100-table figure at 3–4× its steady state. The first call of each process is
 * recorded apart as the "cold" figure (what one CLI run pays).
 */
const WARMUP_MS = 2_000;
const DRIFTCHECK_CPU: CpuBudget = { warmup: 5, warmupMs: WARMUP_MS, minIterations: 15, maxIterations: 60, budgetMs: 10_000 };
const DRIZZLE_KIT_CPU: CpuBudget = { warmup: 2, warmupMs: WARMUP_MS, minIterations: 5, maxIterations: 20, budgetMs: 30_000 };

const share = (budget: CpuBudget): CpuBudget => ({
  ...budget,
  minIterations: Math.ceil(budget.minIterations / CPU_ROUNDS),
  maxIterations: Math.ceil(budget.maxIterations / CPU_ROUNDS),
  budgetMs: budget.budgetMs / CPU_ROUNDS,
});

async function runChild<T>(job: CpuJob): Promise<T> {
  const run = await timeProcess(process.execPath, [TSX_CLI, path.join(BENCH_DIR, "cpu-child.ts"), JSON.stringify(job)], {
    cwd: BENCH_DIR,
    timeoutMs: 600_000,
  });
  const lastLine = run.stdout.trim().split("\n").at(-1) ?? "";
  if (run.exitCode !== 0 || !lastLine.startsWith("{")) {
    throw new Error(`CPU child (${job.tool}) exited ${run.exitCode}${run.timedOut ? " (timed out)" : ""}:\n${(run.stderr || run.stdout).trim().split("\n").slice(-15).join("\n")}`);
  }
  return JSON.parse(lastLine) as T;
}

function pool<T extends { samples: unknown[]; cold: unknown[]; catalogParse?: unknown[] }>(earlier: T | null, round: T): T {
  if (earlier === null) return round;
  const pooled = { ...earlier, samples: [...earlier.samples, ...round.samples], cold: [...earlier.cold, ...round.cold] };
  return round.catalogParse ? { ...pooled, catalogParse: [...(earlier.catalogParse ?? []), ...round.catalogParse] } : pooled;
}

export interface CpuResults {
  driftcheckCpu: DriftcheckCpuResult;
  fromEmpty: DrizzleKitCpuResult;
  fromPulled: DrizzleKitCpuResult | null;
}

/** `pulledSnapshotFile` null: no pull snapshot on disk, so generateMigration(pulled) is not measured. */
export async function measureCpu(
  schema: GeneratedSchema,
  databaseUrl: string,
  pulledSnapshotFile: string | null,
  log: (line: string) => void,
): Promise<CpuResults> {
  let driftcheckCpu: DriftcheckCpuResult | null = null;
  let fromEmpty: DrizzleKitCpuResult | null = null;
  let fromPulled: DrizzleKitCpuResult | null = null;
  const generateMigration = (prevFile: string | null): Promise<DrizzleKitCpuResult> =>
    runChild({ tool: "generateMigration", prevFile, curFile: schema.snapshotFile, budget: share(DRIZZLE_KIT_CPU) });
  for (let round = 1; round <= CPU_ROUNDS; round++) {
    log(`CPU round ${round}/${CPU_ROUNDS} (a process per side): readDrizzleFolder + diffSchemas, generateMigration(empty${pulledSnapshotFile ? ", pulled" : ""}) …`);
    driftcheckCpu = pool(driftcheckCpu, await runChild<DriftcheckCpuResult>({ tool: "driftcheck", drizzleDir: schema.drizzleDir, databaseUrl, budget: share(DRIFTCHECK_CPU) }));
    fromEmpty = pool(fromEmpty, await generateMigration(null));
    if (pulledSnapshotFile) fromPulled = pool(fromPulled, await generateMigration(pulledSnapshotFile));
  }
  const medianCpu = (result: { samples: { cpuMs: number }[] }): string => median(result.samples.map((s) => s.cpuMs)).toFixed(2);
  log(`CPU: driftcheck median ${medianCpu(driftcheckCpu!)} ms over ${driftcheckCpu!.samples.length} iterations, ${driftcheckCpu!.findings} findings`);
  log(`CPU: generateMigration(empty) median ${medianCpu(fromEmpty!)} ms over ${fromEmpty!.samples.length} iterations`);
  if (fromPulled) log(`CPU: generateMigration(pulled) median ${medianCpu(fromPulled)} ms over ${fromPulled.samples.length} iterations`);
  return { driftcheckCpu: driftcheckCpu!, fromEmpty: fromEmpty!, fromPulled };
}
