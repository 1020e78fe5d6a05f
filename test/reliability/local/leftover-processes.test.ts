/**
 * Nothing the local stack starts outlives its parent (issue 13, item 11): `npm start` and
 * `npm start -- --once` are started, left to start wrangler and workerd, then ended in each way a
 * parent ends — SIGTERM, SIGINT, SIGKILL of the parent, its process group killed (SIGTERM then
 * SIGKILL a second later, as the report did) — and every process carrying the test's
 * probe variable (workerd, wrangler, esbuild, node…) must be gone within seconds.
 * The browser test and the edge benches use the same start-up (scripts/lib/dev-stack.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../support/edge-stack.js";
import { kindsOf, LEAK_PROBE_VARIABLE, processesWithProbe } from "../../support/leftover-processes.js";

/** "Within seconds": the watchdog sweeps as soon as the pipe closes (well under a second); the rest is a busy machine. */
const GONE_WITHIN_MS = 5_000;
/** wrangler builds the bundle before workerd starts: generous on a shared 2-core machine. */
const WORKERD_WITHIN_MS = 150_000;

type Ending = "SIGTERM parent" | "SIGINT parent" | "SIGKILL parent" | "SIGTERM group, SIGKILL group 1 s later" | "SIGKILL group";

interface Started {
  child: ChildProcess;
  probe: string;
  output: () => string;
}

/** `npm start` (via npm, as a user types it) or scripts/start.ts as one Node process, in a process group of its own. */
function start(how: "npm" | "node", once: boolean): Started {
  const probe = randomUUID();
  const args = how === "npm" ? ["start", ...(once ? ["--", "--once"] : [])] : ["--import", "tsx", "scripts/start.ts", ...(once ? ["--once"] : [])];
  const child = spawn(how === "npm" ? "npm" : process.execPath, args, {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, [LEAK_PROBE_VARIABLE]: probe, CI: "true" },
  });
  let text = "";
  child.stdout?.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return { child, probe, output: () => text.slice(-3000) };
}

async function until<T>(read: () => T | null, what: string, timeoutMs: number, started: Started): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function end(started: Started, ending: Ending): Promise<void> {
  const pid = started.child.pid!;
  const signal = (target: number, name: NodeJS.Signals) => {
    try {
      process.kill(target, name);
    } catch {
      // already gone
    }
  };
  switch (ending) {
    case "SIGTERM parent":
      return signal(pid, "SIGTERM");
    case "SIGINT parent":
      return signal(pid, "SIGINT");
    case "SIGKILL parent":
      return signal(pid, "SIGKILL");
    case "SIGKILL group":
      return signal(-pid, "SIGKILL");
    case "SIGTERM group, SIGKILL group 1 s later":
      signal(-pid, "SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return signal(-pid, "SIGKILL");
  }
}

/**
 * `when`: "starting" ends it as soon as workerd runs (wrangler is still logging, so a dead parent's
 * closed pipe may take it down by itself); "serving" once the first check is reported and all is
 * quiet — nothing writes, so nothing notices the parent is gone but the supervisor.
 */
const CASES: { how: "npm" | "node"; once: boolean; when: "starting" | "serving"; ending: Ending }[] = [
  { how: "npm", once: false, when: "serving", ending: "SIGTERM group, SIGKILL group 1 s later" },
  { how: "node", once: false, when: "serving", ending: "SIGTERM parent" },
  { how: "node", once: false, when: "serving", ending: "SIGKILL parent" },
  { how: "node", once: false, when: "starting", ending: "SIGINT parent" },
  { how: "node", once: true, when: "starting", ending: "SIGKILL group" },
  // (`npm start -- --once` ending by itself is what .ci/run's start_check runs.)
];

describe.skipIf(process.platform !== "linux")("no process outlives the local stack's parent", () => {
  for (const { how, once, when, ending } of CASES) {
    const title = `${how === "npm" ? "npm start" : "scripts/start.ts"}${once ? " --once" : ""}: ${ending} (${when})`;
    it(title, async () => {
      const started = start(how, once);
      try {
        // The hard part is running: workerd (ignores SIGTERM) in a process group wrangler made for it.
        await until(() => (processesWithProbe(started.probe).some((p) => /workerd/.test(p.command)) ? true : null), "workerd to start", WORKERD_WITHIN_MS, started);
        if (when === "serving" && !once) await until(() => (started.output().includes("Serving.") ? true : null), "the first check and \"Serving.\"", WORKERD_WITHIN_MS, started);
        await end(started, ending);
        const endedAt = Date.now();
        let left = processesWithProbe(started.probe);
        while (left.length > 0 && Date.now() - endedAt < GONE_WITHIN_MS) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          left = processesWithProbe(started.probe);
        }
        const seconds = ((Date.now() - endedAt) / 1000).toFixed(1);
        console.log(`${title}: ${left.length} process(es) left after ${seconds} s ${JSON.stringify(kindsOf(left))}`);
        expect(left.map((p) => `${p.pid} ${p.name}: ${p.command.slice(0, 160)}`), `left ${GONE_WITHIN_MS / 1000} s after "${ending}"`).toEqual([]);
      } finally {
        // Whatever the outcome, this test leaves nothing behind either.
        for (const p of processesWithProbe(started.probe)) {
          try {
            process.kill(p.pid, "SIGKILL");
          } catch {
            // gone
          }
        }
      }
    }, 2 * WORKERD_WITHIN_MS + GONE_WITHIN_MS + 30_000);
  }
});
