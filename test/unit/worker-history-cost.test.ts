/**
 * Issue 12 in the Worker: a 300-migration folder costs a few GitHub requests on the first check
 * (small files in GraphQL batches, the newest snapshot over REST) and a push that adds one
 * migration costs that migration's files only (hashes cached in D1 by blob sha). Counted as
 * requests received by the stand-in GitHub; results equal to reading the folder from disk.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import { migrationStatus } from "../../src/core/migrations/status.js";
import { readDirectoryFiles, startGitHubStandIn, type GitHubStandIn } from "../support/github-server.js";
import { writeLongFolder } from "../support/long-folder.js";
import { openNodeD1, readInputsCounted, type NodeD1 } from "../support/worker-inputs.js";

const TOKEN = "ghp_historyCostTests00000000000000000";
const COUNT = 300;
let github: GitHubStandIn;
let d1: NodeD1;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "driftcheck-worker-history-"));
  writeLongFolder(join(dir, "v1", "drizzle"), COUNT, [150]);
  github = await startGitHubStandIn();
  github.addPlainToken(TOKEN, ["acme/long"]);
  d1 = await openNodeD1();
}, 60_000);
afterAll(async () => {
  await d1?.dispose();
  github?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const read = (sha: string) => readInputsCounted({ baseUrl: github.url, token: TOKEN, owner: "acme", repo: "long", sha, db: d1.db });

/** The folder plus one more migration (the next table), as `drizzle-kit generate` would add it. */
function withOneMore(): string {
  const next = join(dir, "v2", "drizzle");
  writeLongFolder(next, COUNT + 1, [150]);
  return next;
}

describe("a 300-migration folder through the Worker's read path", () => {
  it("first check: a handful of requests (≤ 40), the same folder as read from disk; the pending migration's snapshots cost one more", async () => {
    const { sha } = github.addCommit("acme/long", readDirectoryFiles(join(dir, "v1", "drizzle"), "drizzle"));
    github.clearRequests();
    const { inputs, requests } = await read(sha);
    const fromDisk = await readDrizzleFolder(createDiskFileSource(join(dir, "v1", "drizzle"), inputs.folder.source));
    expect(inputs.folder.findings).toEqual(fromDisk.findings);
    expect(inputs.folder.expected).toEqual(fromDisk.expected);
    expect(inputs.folder.migrations.map((m) => [m.tag, m.hash, m.snapshotPath])).toEqual(fromDisk.migrations.map((m) => [m.tag, m.hash, m.snapshotPath]));
    const reading = requests();
    // The tree, one GraphQL batch per 100 small files (journal + 300 SQL + the first snapshot),
    // the newest snapshot, and the copy at 150 with its predecessor.
    expect(github.requestsTo("POST", /^\/graphql$/).length).toBeLessThanOrEqual(4);
    expect(reading).toBeLessThanOrEqual(10);
    await inputs.folder.loadSnapshots!([`${String(COUNT - 2).padStart(4, "0")}_m`]);
    expect(requests()).toBe(reading + 1);
    expect(github.requests.filter((request) => request.path.includes("/git/blobs/")).length + github.requestsTo("POST", /^\/graphql$/).length + 1).toBe(requests());
  });

  it("a push adding one migration costs that migration's files only: ≤ 5 requests with attribution of the new migration", async () => {
    const { sha } = github.addCommit("acme/long", readDirectoryFiles(withOneMore(), "drizzle"));
    github.clearRequests();
    const { inputs, requests } = await read(sha);
    // Attribution of the pending new migration: its snapshot (already read: it is the newest) and its predecessor's.
    await inputs.folder.loadSnapshots!([`${String(COUNT).padStart(4, "0")}_m`, `${String(COUNT - 1).padStart(4, "0")}_m`]);
    // The tree, one GraphQL batch (journal + new SQL), the new snapshot; its predecessor was read (and kept in D1) by the first check.
    expect(requests()).toBeLessThanOrEqual(3); // leaves room in the 5 for asking GitHub for the PR's head
    const graphql = github.requestsTo("POST", /^\/graphql$/);
    const batched = graphql.flatMap((request) => (request.body as { query: string }).query.match(/object\(oid: "[0-9a-f]+"\)/g) ?? []);
    expect(batched.length).toBeLessThanOrEqual(3); // the journal, the new migration's SQL, the small first snapshot
  });

  it("an edit to the FIRST applied migration of the 300 is still MIGRATION_EDITED (its new blob is read, its hash differs)", async () => {
    const edited = join(dir, "edited", "drizzle");
    cpSync(join(dir, "v1", "drizzle"), edited, { recursive: true });
    const original = readFileSync(join(edited, "0000_m.sql"), "utf8");
    writeFileSync(join(edited, "0000_m.sql"), `${original}\n-- edited after it ran`);
    const appliedFolder = await readDrizzleFolder(createDiskFileSource(join(dir, "v1", "drizzle")));
    const { sha } = github.addCommit("acme/long", readDirectoryFiles(edited, "drizzle"));
    const { inputs } = await read(sha);
    const table = {
      ref: { schema: "drizzle", table: "__drizzle_migrations" },
      exists: true,
      shape: "0.x" as const,
      error: null,
      rows: appliedFolder.migrations.map((m, index) => ({ id: String(index + 1), hash: m.hash, createdAt: String(m.when), name: null })),
    };
    const status = migrationStatus(inputs.folder, table, { migrations: "migrate" });
    expect(status.findings.map((finding) => [finding.code, finding.object])).toEqual([["MIGRATION_EDITED", "0000_m"]]);
  });
});
