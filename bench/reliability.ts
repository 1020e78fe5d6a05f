/**
 * The reliability suite's long mode (issue 13): the same tests as CI's (test/reliability/), with
 * RELIABILITY_LONG=1 — 24,000 generated webhooks instead of 2,400, all 700 unique deliveries of the
 * load run consumed by the real queue consumer instead of 100, and every fault (500, 429 with
 * Retry-After, hang, garbage, reset) on every outside system instead of one each — plus the
 * leftover-process checks. Minutes, not seconds: run it on a quiet machine.
 *
 *   npx tsx bench/reliability.ts
 */
import { spawnSync } from "node:child_process";
import { REPO_ROOT } from "../test/support/edge-stack.js";

const run = (args: string[]) =>
  spawnSync("npx", ["vitest", "run", ...args], { cwd: REPO_ROOT, stdio: "inherit", env: { ...process.env, RELIABILITY_LONG: "1" } }).status ?? 1;

const edge = run(["--project", "workers", "test/reliability/edge"]);
const local = run(["--project", "reliability"]);
process.exitCode = edge === 0 && local === 0 ? 0 : 1;
