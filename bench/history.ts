/**
 * Issue 12's Worker measures, against another checkout (e.g. the code before the change) in the
 * same run: GitHub requests of the first check of a repository holding the 300-migration history
 * (bench/history-folder.ts) and of the check after a push adding one migration, each with the
 * check job's code in a Node process limited to 64 MB of heap (bench/history-worker-check.ts).
 * The CLI measures (whole process, peak RSS) are run from outside, as bench/RESULTS.md shows.
 *
 * `--layout 1.x-v8|1.x-v9`: the same history as a drizzle-kit 1.x folder (bench/history-folder.ts
 * turns it over with drizzle-kit 1.x's own `up`); 0.x by default.
 *
 * CLI: `tsx bench/history.ts [--baseline /path/to/old/checkout] [--layout 0.x|1.x-v8|1.x-v9]`
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { Miniflare } from "miniflare";
import { serveD1Bridge } from "./d1-bridge.js";
import path from "node:path";
import { readDirectoryFiles, startGitHubStandIn } from "../test/support/github-server.js";
import { REPO_DIR } from "./generate-schema.js";
import { layoutArg, prepareHistoryBench } from "./history-folder.js";

/** What a check's GitHub requests were, e.g. "1 tree, 3 GraphQL (300 blobs), 2 REST blob". */
function requestKinds(requests: { method: string; path: string; body: unknown }[]): string {
  const counts = new Map<string, number>();
  let graphqlBlobs = 0;
  for (const request of requests) {
    const kind = request.path === "/graphql" ? "GraphQL" : request.path.includes("/git/trees/") ? "tree" : request.path.includes("/git/blobs/") ? "REST blob" : `${request.method} ${request.path}`;
    if (kind === "GraphQL") graphqlBlobs += String((request.body as { query?: string } | undefined)?.query ?? "").match(/\bobject\(/g)?.length ?? 0;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, count]) => `${count} ${kind}${kind === "GraphQL" ? ` (${graphqlBlobs} blobs)` : ""}`).join(", ") || "none";
}

const TOKEN = "ghp_historyBench000000000000000000000";
const at = process.argv.indexOf("--baseline");
const roots = [{ name: "this tree", root: REPO_DIR }, ...(at === -1 ? [] : [{ name: "baseline", root: path.resolve(process.argv[at + 1]!) }])];

const bench = await prepareHistoryBench(300, 300, console.log, layoutArg());
const github = await startGitHubStandIn();
try {
  github.addPlainToken(TOKEN, ["acme/history"]);
  const first = github.addCommit("acme/history", readDirectoryFiles(bench.longDir, "drizzle"));
  const pushed = github.addCommit("acme/history", readDirectoryFiles(bench.pushedDir, "drizzle"));
  console.log(`folder (${bench.layout}): 300 migrations, ${(bench.snapshotBytes / 1e6).toFixed(1)} MB of snapshots; last migration adds ${bench.lastTables.join(", ")}`);
  for (const { name, root } of roots) {
    // A fresh D1 per checkout, migrated with that checkout's D1 migrations, outside the measured process.
    const mf = new Miniflare({ modules: true, script: "export default { fetch() { return new Response(null, { status: 404 }); } }", d1Databases: { DB: `history-${roots.indexOf(roots.find((r) => r.root === root)!)}` } });
    const d1 = await mf.getD1Database("DB");
    for (const file of readdirSync(path.join(root, "drizzle")).filter((entry) => entry.endsWith(".sql")).sort()) {
      for (const statement of readFileSync(path.join(root, "drizzle", file), "utf8").split("--> statement-breakpoint")) {
        if (statement.trim() !== "") await d1.prepare(statement).run();
      }
    }
    const bridge = await serveD1Bridge(d1 as never);
    const spec = {
      root,
      d1Url: bridge.url,
      githubUrl: github.url,
      token: TOKEN,
      owner: "acme",
      repo: "history",
      checks: [
        { label: "first check", sha: first.sha, databaseUrl: bench.longUrl },
        { label: "push adding one migration", sha: pushed.sha, databaseUrl: bench.longUrl },
      ],
    };
    const requestsBefore = github.requests.length;
    // Not spawnSync: the stand-in GitHub answers from this process's event loop.
    const child = await new Promise<{ status: number | null; signal: string | null; stdout: string; stderr: string }>((done) => {
      const proc = spawn(process.execPath, [`--max-old-space-size=${process.env.HISTORY_HEAP_MB ?? 64}`, "--import", "tsx", path.join(REPO_DIR, "bench", "history-worker-check.ts")], {
        cwd: REPO_DIR,
        env: { ...process.env, HISTORY_CHECK: JSON.stringify(spec) },
      });
      let stdout = "";
      let stderr = "";
      proc.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      proc.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => proc.kill("SIGKILL"), 600_000);
      proc.on("close", (status, signal) => {
        clearTimeout(timer);
        done({ status, signal, stdout, stderr });
      });
    });
    console.log(`\n${name} (${root}), node --max-old-space-size=${process.env.HISTORY_HEAP_MB ?? 64}: exit ${child.status}${child.signal ? ` (${child.signal})` : ""}`);
    // The stand-in's log, cut check by check by each check's own request count.
    const received = github.requests.slice(requestsBefore);
    for (const line of child.stdout.split("\n").filter(Boolean)) {
      const { findings, ...rest } = JSON.parse(line) as { findings: string[]; label: string; githubRequests: number };
      console.log(`  ${rest.label}: ${requestKinds(received.splice(0, rest.githubRequests))}`);
      const codes = new Map<string, number>();
      for (const finding of findings) codes.set(finding.split(" ")[0]!, (codes.get(finding.split(" ")[0]!) ?? 0) + 1);
      console.log(`  ${JSON.stringify({ ...rest, findings: Object.fromEntries(codes), attributed: findings.filter((finding) => finding.includes(" ← ")) })}`);
    }
    await bridge.close();
    await mf.dispose();
    if (received.length > 0) console.log(`  received from a check that did not finish: ${received.length} requests: ${requestKinds(received)}`);
    if (child.status !== 0) {
      const lines = child.stderr.split("\n").filter(Boolean);
      const first = lines.find((line) => /error|heap/i.test(line));
      console.log([...(first ? [first] : []), ...lines.slice(-8)].map((line) => `  ! ${line}`).join("\n"));
    }
  }
} finally {
  github.stop();
}
