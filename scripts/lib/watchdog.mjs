/**
 * The supervisor's watchdog (scripts/lib/supervisor.ts): a separate process in a session of its
 * own, so neither a signal to the parent nor one to the parent's process group reaches it. Its
 * stdin is a pipe from the parent; when the pipe closes — the parent closed it, exited, or was
 * killed with SIGKILL (which no handler can trap) — it kills, with SIGKILL, every process whose
 * environment carries DRIFTCHECK_SUPERVISOR=<id>: wrangler, workerd and esbuild inherit it even
 * though wrangler starts them in process groups of their own and workerd ignores SIGTERM. Then it
 * exits. Plain JavaScript so that `node` runs it without a loader, in milliseconds.
 *
 *   node scripts/lib/watchdog.mjs <id>
 */
import { readdirSync, readFileSync } from "node:fs";

const id = process.argv[2];
if (!id || !/^[0-9a-f]{16,64}$/.test(id)) {
  process.stderr.write("watchdog: usage: node watchdog.mjs <hex id>\n");
  process.exit(2);
}
const marker = `DRIFTCHECK_SUPERVISOR=${id}`;

/** Pids (other than ours) whose environment holds the marker; Linux /proc. */
export function markedPids() {
  const pids = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let environ;
    try {
      environ = readFileSync(`/proc/${name}/environ`, "latin1");
    } catch {
      continue; // gone, or not ours to read
    }
    if (environ.split("\0").includes(marker)) pids.push(Number(name));
  }
  return pids;
}

async function sweep() {
  // Killed processes may have started others a moment before: sweep until none is left (≤ ~5 s).
  for (let round = 0; round < 50; round++) {
    const pids = markedPids();
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

let swept = false;
const finish = () => {
  if (swept) return;
  swept = true;
  void sweep().finally(() => process.exit(0));
};
process.stdin.on("end", finish);
process.stdin.on("close", finish);
process.stdin.on("error", finish);
process.stdin.resume();
// Signals to the watchdog itself (its own session) still clean up before it goes.
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, finish);
