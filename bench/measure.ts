/** Small timing helpers shared by the bench scripts. */
import { spawn } from "node:child_process";

export interface ProcessRun {
  /** Wall time from spawn to exit, ms. */
  ms: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a whole process and times it from spawn to exit; killed after `timeoutMs`. */
export function timeProcess(command: string, args: string[], options: { cwd: string; timeoutMs: number }): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
      // No colours or spinners tuned for a TTY; nothing that reaches outside the machine.
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - started, exitCode, signal, stdout, stderr, timedOut });
    });
  });
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface Sample {
  /** Wall time, ms. */
  wallMs: number;
  /** CPU time of this process (user + system), ms. */
  cpuMs: number;
}

export interface CpuBudget {
  /** Unrecorded warm-up calls: at least `warmup` of them, and more until `warmupMs` of wall time has passed. */
  warmup: number;
  warmupMs: number;
  minIterations: number;
  maxIterations: number;
  /** Sampling stops once this much recorded wall time has passed (after `minIterations`). */
  budgetMs: number;
}

export interface Sampled<R> {
  /** The first call in the process: what a one-shot CLI run pays (lazy compilation, a small heap). */
  cold: Sample;
  /** What the first call returned. */
  first: R;
  warmupCalls: number;
  /** The recorded calls, after warm-up. */
  samples: Sample[];
}

async function timed<R>(work: () => Promise<R>): Promise<{ sample: Sample; result: R }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { sample: { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 }, result };
}

/**
 * Calls `work` once cold, warms it up (JIT tiers, heap sizing) per `budget.warmup`/`warmupMs`,
 * then records it at least `minIterations` and at most `maxIterations` times, stopping early once
 * `budgetMs` of recorded time has passed. Inputs are prepared by `prepare` outside the timed
 * region (e.g. fresh clones).
 */
export async function sampleRepeated<T, R>(prepare: () => T, work: (input: T) => Promise<R>, budget: CpuBudget): Promise<Sampled<R>> {
  const call = (): Promise<{ sample: Sample; result: R }> => {
    const input = prepare();
    return timed(() => work(input));
  };
  const { sample: cold, result: first } = await call();
  let warmupCalls = 0;
  const warmupStarted = performance.now();
  while (warmupCalls < budget.warmup || performance.now() - warmupStarted < budget.warmupMs) {
    await call();
    warmupCalls++;
  }
  const samples: Sample[] = [];
  let spent = 0;
  while (samples.length < budget.maxIterations && (samples.length < budget.minIterations || spent < budget.budgetMs)) {
    const { sample } = await call();
    samples.push(sample);
    spent += sample.wallMs;
  }
  return { cold, first, warmupCalls, samples };
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
