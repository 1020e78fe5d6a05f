/**
 * GitHub requests per check (issue 4, "Measure it"): how many requests the Worker makes to read a
 * check's inputs (driftcheck.json, driftcheck.expected.json, the drizzle folder) on the first check
 * of a folder and in steady state (a new commit whose drizzle folder is unchanged). Counted at the
 * stand-in GitHub, which records every request; target ≤ 2 in steady state.
 *
 *   tsx bench/github-requests.ts [--steady 3] [--out bench/RESULTS.md] [--no-write]
 *
 * Runs the real Worker on `wrangler dev --local` (scripts/lib/dev-stack.ts, as `npm start` does);
 * 127.0.0.1 only; stops by itself.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startDevStack } from "../scripts/lib/dev-stack.js";
import { GIT_BRANCH, REPO } from "../scripts/start-state.js";
import type { RecordedRequest } from "../test/support/github-server.js";
import { REPO_ROOT } from "../test/support/edge-stack.js";
import { upsertSection } from "./edge/results-section.js";

const { values } = parseArgs({ options: { steady: { type: "string", default: "3" }, out: { type: "string" }, "no-write": { type: "boolean", default: false } } });
const steadyRuns = Math.max(1, Math.min(10, Number(values.steady)));
const outFile = values.out ?? join(REPO_ROOT, "bench", "RESULTS.md");

type Kind = "inputs" | "auth" | "check run" | "PR comment" | "other";

/** What each request was for, by GitHub REST route. */
function kindOf(request: RecordedRequest): Kind {
  const path = request.path;
  if (/\/app\/installations\/\d+\/access_tokens$/.test(path) || path.startsWith("/app")) return "auth";
  if (/\/check-runs/.test(path)) return "check run";
  if (/\/issues\/\d+\/comments|\/issues\/comments\//.test(path)) return "PR comment";
  if (/\/git\/(trees|blobs|commits)\/|\/contents\/|\/commits\//.test(path)) return "inputs";
  return "other";
}

interface RunCount {
  label: string;
  conclusion: string;
  inputs: string[];
  byKind: Record<Kind, number>;
}

async function main(): Promise<void> {
  const dev = await startDevStack({ label: "bench", logLevel: "warn" });
  const runs: RunCount[] = [];
  try {
    const measure = async (label: string, extraFiles?: Record<string, string>) => {
      const commit = dev.stack.addCommit(REPO, { branch: GIT_BRANCH, ...(extraFiles ? { extraFiles } : {}) });
      dev.stack.github.clearRequests();
      const run = await dev.checkAndWait(commit.sha);
      // The sticky comment follows the check run; let the job finish before counting.
      await settle(() => dev.stack.github.requests.length);
      const requests = [...dev.stack.github.requests];
      const byKind: Record<Kind, number> = { inputs: 0, auth: 0, "check run": 0, "PR comment": 0, other: 0 };
      for (const request of requests) byKind[kindOf(request)] += 1;
      const inputs = requests.filter((request) => kindOf(request) === "inputs").map((request) => `${request.method} ${shortPath(request.path)}`);
      runs.push({ label, conclusion: run.conclusion ?? "?", inputs, byKind });
      process.stdout.write(`${label}: ${byKind.inputs} input request(s) [${inputs.join(", ")}], ${requests.length} GitHub request(s) in all, ${run.conclusion}\n`);
    };
    await measure("first check (folder never seen)");
    for (let index = 1; index <= steadyRuns; index++) {
      await measure(`steady state ${index} (new commit, same drizzle folder)`, { "NOTES.md": `commit ${index}\n` });
    }
  } finally {
    await dev.close();
  }

  const steady = runs.slice(1).map((run) => run.byKind.inputs);
  const worstSteady = Math.max(...steady);
  const table = [
    "| check | input requests | which | token | check run | PR comment | other | total | conclusion |",
    "|---|---:|---|---:|---:|---:|---:|---:|---|",
    ...runs.map((run) => {
      const total = Object.values(run.byKind).reduce((sum, count) => sum + count, 0);
      return `| ${run.label} | ${run.byKind.inputs} | ${summarise(run.inputs)} | ${run.byKind.auth} | ${run.byKind["check run"]} | ${run.byKind["PR comment"]} | ${run.byKind.other} | ${total} | ${run.conclusion} |`;
    }),
  ].join("\n");
  const verdict = `Steady state: **${worstSteady}** input request(s) per check (target ≤ 2): ${worstSteady <= 2 ? "met" : "NOT met"}.`;
  process.stdout.write(`\n${table}\n\n${verdict}\n`);
  if (!values["no-write"]) {
    upsertSection(outFile, "Edge: GitHub requests per check", [
      `Measured ${new Date().toISOString().slice(0, 10)} by \`tsx bench/github-requests.ts\`: the real Worker on \`wrangler dev --local\`, the`,
      "stand-in GitHub (test/support/github-server.ts) counting every request it receives while one",
      "`pull_request` check of examples/soundcloud runs (webhook sent → check run completed → comment).",
      "\"Input requests\" read driftcheck.json, driftcheck.expected.json and the drizzle folder;",
      "the rest authenticate (installation token, kept in isolate memory) and report.",
      "",
      table,
      "",
      verdict,
    ].join("\n"));
    process.stdout.write(`\nwrote the section to ${outFile}\n`);
  }
  if (worstSteady > 2) process.exitCode = 1;
}

function shortPath(path: string): string {
  return path.replace(/^\/repos\/[^/]+\/[^/]+/, "").replace(/[0-9a-f]{40}/g, (sha) => sha.slice(0, 7));
}

/** `GET /git/blobs/…` ×12 rather than twelve lines. */
function summarise(inputs: string[]): string {
  const counts = new Map<string, number>();
  for (const input of inputs) {
    const key = input.replace(/\/(git\/(?:trees|blobs))\/[0-9a-f]{7}.*/, "/$1/…");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `\`${key}\`${count > 1 ? ` ×${count}` : ""}`).join(", ") || "—";
}

/** Waits until `count()` has not changed for 1 s (at most 10 s). */
async function settle(count: () => number): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = count();
  let stableSince = Date.now();
  while (Date.now() < deadline && Date.now() - stableSince < 1_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (count() !== last) {
      last = count();
      stableSince = Date.now();
    }
  }
}

await main();
