/**
 * Everything the local stack starts is gone within seconds of its parent ending, however it ends
 * (issue 13): SIGTERM or SIGINT, SIGKILL of the parent, or its whole process group killed.
 *
 * A plain process-group kill is not enough: wrangler starts workerd and esbuild in process groups
 * of their own, workerd ignores SIGTERM, and nothing runs in the parent after a SIGKILL. So every
 * child is started with DRIFTCHECK_SUPERVISOR=<id> in its environment (inherited by wrangler's
 * own children), and a watchdog (scripts/lib/watchdog.mjs) in a session of its own holds the read
 * end of a pipe from the parent: when that pipe closes, for whatever reason, it SIGKILLs every
 * process carrying the id. `close()` closes the pipe and waits for the watchdog to finish.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const WATCHDOG = join(fileURLToPath(new URL(".", import.meta.url)), "watchdog.mjs");
/** The variable the watchdog looks for (tests use it to find leftovers). */
export const SUPERVISOR_VARIABLE = "DRIFTCHECK_SUPERVISOR";

export interface Supervisor {
  /** Environment for every child process: the parent's plus the supervisor's id. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  /** Kills every supervised process (SIGKILL) and waits until the watchdog is done. */
  close(): Promise<void>;
}

export function startSupervisor(): Supervisor {
  const id = randomBytes(16).toString("hex");
  const watchdog = spawn(process.execPath, [WATCHDOG, id], {
    // Its own session: a signal to our process group does not reach it.
    detached: true,
    stdio: ["pipe", "ignore", "inherit"],
    env: withoutSupervisor(process.env),
  });
  // Neither the watchdog nor its pipe keeps this process alive; a watchdog gone early is no crash here.
  watchdog.stdin?.on("error", () => {});
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void }).unref?.();
  const exited = new Promise<void>((resolve) => {
    if (watchdog.exitCode !== null) resolve();
    watchdog.once("exit", () => resolve());
    watchdog.once("error", () => resolve());
  });
  let closing: Promise<void> | null = null;
  return {
    env: (extra = {}) => ({ ...process.env, ...extra, [SUPERVISOR_VARIABLE]: id }),
    close() {
      closing ??= (async () => {
        watchdog.stdin?.end();
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      })();
      return closing;
    },
  };
}

/** A watchdog must never carry an id (its own or an outer one): it would be killed by a sweep. */
function withoutSupervisor(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy[SUPERVISOR_VARIABLE];
  return copy;
}
