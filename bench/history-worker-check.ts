/**
 * The check job's code (read-inputs.ts + the core's runCheck, as run-check-job.ts calls them) on
 * the commits named in HISTORY_CHECK (JSON), one after another with one D1 (Miniflare's, served by
 * the parent over bench/d1-bridge.ts),
 * against the stand-in GitHub and a real PostgreSQL. Run by bench/history.ts in a process of its
 * own, under `--max-old-space-size=64`, once with this tree's code and once with another
 * checkout's (`root`), so both are measured the same way. Prints one JSON line per check.
 */
import path from "node:path";
import { d1BridgeClient } from "./d1-bridge.js";

interface Spec {
  root: string;
  githubUrl: string;
  token: string;
  owner: string;
  repo: string;
  /** bench/d1-bridge.ts: Miniflare's D1, migrated, served by the parent process. */
  d1Url: string;
  checks: { label: string; sha: string; databaseUrl: string }[];
}

const spec = JSON.parse(process.env.HISTORY_CHECK ?? "{}") as Spec;
const from = (file: string) => import(path.join(spec.root, file));
const { openDb } = await from("src/adapters/d1/db.ts");
const { createGitHubClient } = await from("src/adapters/github/client.ts");
const { commitFiles, readCheckInputs, readRepoConfig } = await from("src/worker/check-job/read-inputs.ts");
const { runCheck, DEFAULT_OPTIONS } = await from("src/core/check.ts");
const { createNodePostgresExecutor } = await from("src/adapters/node-postgres/index.ts");

{
  const d1 = d1BridgeClient(spec.d1Url);
  const db = openDb(d1);
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 5);
  for (const check of spec.checks) {
    const started = performance.now();
    const client = createGitHubClient({ baseUrl: spec.githubUrl, token: spec.token });
    const readArgs = { client, repo: { owner: spec.owner, repo: spec.repo }, sha: check.sha, db, now: () => Date.now() };
    const files = commitFiles(readArgs);
    const repoConfig = await readRepoConfig(files, db, readArgs.now);
    const inputs = await readCheckInputs(readArgs, files, repoConfig);
    const database = createNodePostgresExecutor(check.databaseUrl);
    const result = await runCheck({
      database,
      expected: { kind: "schema", schema: inputs.folder.expected, source: inputs.folder.source, folder: inputs.folder },
      options: DEFAULT_OPTIONS,
    });
    await database.close?.();
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    console.log(JSON.stringify({
      label: check.label,
      githubRequests: client.requestCount,
      verdict: result.verdict,
      error: result.error?.message ?? null,
      findings: result.findings.map((finding: { code: string; object: string; pendingMigration: string | null }) => `${finding.code} ${finding.object}${finding.pendingMigration ? ` ← ${finding.pendingMigration}` : ""}`),
      ms: Math.round(performance.now() - started),
      peakHeapMB: Math.round(peakHeap / 1e5) / 10,
    }));
  }
  clearInterval(sampler);
}
