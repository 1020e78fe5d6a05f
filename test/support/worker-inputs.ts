/**
 * The Worker's read path (read-inputs.ts) run in Node against the stand-in GitHub and a real D1
 * (Miniflare's, with drizzle/'s migrations applied): what the history-cost tests and bench count
 * GitHub requests with, without a whole edge stack.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Miniflare } from "miniflare";
import { openDb, type Db } from "../../src/adapters/d1/db.js";
import { createGitHubClient } from "../../src/adapters/github/client.js";
import { commitFiles, readCheckInputs, readRepoConfig, type CheckInputs } from "../../src/worker/check-job/read-inputs.js";

const D1_MIGRATIONS = resolve(import.meta.dirname, "..", "..", "drizzle");

export interface NodeD1 {
  db: Db;
  dispose(): Promise<void>;
}

export async function openNodeD1(): Promise<NodeD1> {
  const mf = new Miniflare({ modules: true, script: "export default { fetch() { return new Response(null, { status: 404 }); } }", d1Databases: { DB: "driftcheck-node" } });
  const d1 = await mf.getD1Database("DB");
  for (const file of readdirSync(D1_MIGRATIONS).filter((name) => name.endsWith(".sql")).sort()) {
    for (const statement of readFileSync(join(D1_MIGRATIONS, file), "utf8").split("--> statement-breakpoint")) {
      if (statement.trim() !== "") await d1.prepare(statement).run();
    }
  }
  return { db: openDb(d1 as never), dispose: () => mf.dispose() };
}

/** readCheckInputs as the check job calls it, plus the GitHub requests it cost. */
export async function readInputsCounted(args: { baseUrl: string; token: string; owner: string; repo: string; sha: string; db: Db }): Promise<{ inputs: CheckInputs; requests: () => number }> {
  const client = createGitHubClient({ baseUrl: args.baseUrl, token: args.token });
  const readArgs = { client, repo: { owner: args.owner, repo: args.repo }, sha: args.sha, db: args.db, now: () => Date.now() };
  const files = commitFiles(readArgs);
  const repoConfig = await readRepoConfig(files, args.db, readArgs.now);
  const inputs = await readCheckInputs(readArgs, files, repoConfig);
  return { inputs, requests: () => client.requestCount };
}
