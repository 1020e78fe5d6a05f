/**
 * Finding processes a test started, however far they wandered: a probe variable in the
 * environment of the process the test spawns is inherited by everything below it — wrangler,
 * workerd and esbuild included, although wrangler puts them in process groups of their own and
 * an orphan is re-parented to init. Linux /proc.
 */
import { readdirSync, readFileSync } from "node:fs";

export const LEAK_PROBE_VARIABLE = "DRIFTCHECK_LEAK_PROBE";

export interface ProbedProcess {
  pid: number;
  /** The executable's short name (`/proc/<pid>/comm`): node, workerd, esbuild, npm… */
  name: string;
  command: string;
}

/** Live processes whose environment holds LEAK_PROBE_VARIABLE=probe (zombies excluded). */
export function processesWithProbe(probe: string): ProbedProcess[] {
  const marker = `${LEAK_PROBE_VARIABLE}=${probe}`;
  const found: ProbedProcess[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, "latin1").split("\0").includes(marker)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "latin1");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, "latin1").split("\0").join(" ").trim();
      found.push({ pid: Number(entry), name: readFileSync(`/proc/${entry}/comm`, "latin1").trim(), command });
    } catch {
      // exited meanwhile, or not ours
    }
  }
  return found;
}

/** Counts by kind, for the message: workerd / wrangler / esbuild / other. */
export function kindsOf(processes: ProbedProcess[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of processes) {
    const kind = /workerd/.test(p.command) ? "workerd" : /wrangler/.test(p.command) ? "wrangler" : /esbuild/.test(p.command) ? "esbuild" : p.name;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}
