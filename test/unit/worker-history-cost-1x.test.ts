/**
 * Issue 12 in the Worker for drizzle-kit 1.x folders of 300 migrations: the first check reads
 * the migration files in GraphQL batches and the snapshots the reader needs (version 8: the
 * newest and CUSTOM_MIGRATION's near-equal pairs; version 9: the whole diff chain, prefetched in
 * batches), and a push that adds one migration costs that migration's files only (hashes and
 * snapshot texts kept in D1 by blob sha). Counted as requests received by the stand-in GitHub;
 * results equal to reading the folder from disk.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import { readDirectoryFiles, startGitHubStandIn, type GitHubStandIn } from "../support/github-server.js";
import { folderTime, writeLongFolder1x } from "../support/long-folder.js";
import { judge } from "../support/history-check.js";
import { openNodeD1, readInputsCounted, type NodeD1 } from "../support/worker-inputs.js";

const TOKEN = "ghp_historyCost1xTests0000000000000000";
const COUNT = 300;
let github: GitHubStandIn;
/** One D1 per snapshot version: the two folders' migration files are equal, and a shared D1 would know their hashes. */
const d1s = new Map<string, NodeD1>();
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "driftcheck-worker-history-1x-"));
  github = await startGitHubStandIn();
  github.addPlainToken(TOKEN, ["acme/long8", "acme/long9"]);
  for (const version of ["8", "9"]) d1s.set(version, await openNodeD1());
}, 60_000);
afterAll(async () => {
  for (const d1 of d1s.values()) await d1.dispose();
  github?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const graphqlBlobs = () => github.requestsTo("POST", /^\/graphql$/).flatMap((request) => (request.body as { query: string }).query.match(/object\(oid: "[0-9a-f]+"\)/g) ?? []);

describe.each(["8", "9"] as const)("a 300-migration drizzle-kit 1.x folder, snapshot version %s, through the Worker's read path", (version) => {
  const repo = `long${version}`;
  const folderOf = (count: number) => {
    const path = join(dir, `v${version}-${count}`, "drizzle");
    writeLongFolder1x(path, count, version, [150]);
    return path;
  };
  const read = (sha: string) => readInputsCounted({ baseUrl: github.url, token: TOKEN, owner: "acme", repo, sha, db: d1s.get(version)!.db });

  it("first check: within the 40-request budget, the same folder as read from disk, attribution of the pending migration", async () => {
    const path = folderOf(COUNT);
    const { sha } = github.addCommit(`acme/${repo}`, readDirectoryFiles(path, "drizzle"));
    github.clearRequests();
    const { inputs, requests } = await read(sha);
    const fromDisk = await readDrizzleFolder(createDiskFileSource(path, inputs.folder.source));
    expect(inputs.folder.layout).toBe("1.x");
    expect(inputs.folder.findings).toEqual(fromDisk.findings);
    expect(inputs.folder.findings.map((finding) => [finding.code, finding.object])).toEqual([["CUSTOM_MIGRATION", `${folderTime(150)}_m`]]);
    expect(inputs.folder.expected).toEqual(fromDisk.expected);
    expect(inputs.folder.migrations.map((m) => [m.tag, m.hash, m.snapshotPath])).toEqual(fromDisk.migrations.map((m) => [m.tag, m.hash, m.snapshotPath]));
    const reading = requests();
    // The tree, GraphQL batches of ≤ 100 small files (300 migration files; version 9 also its 299
    // small diffs) and a few single reads over REST (the newest snapshot; version 8 also the copy
    // at 150 with its predecessor): 8 (version 8) and 9 (version 9) when this was written.
    expect(reading).toBeLessThanOrEqual(10);
    // The last migration pending: attribution compares its snapshot with its predecessor's.
    const actual = (await readDrizzleFolder(createDiskFileSource(folderOf(COUNT - 1)))).expected;
    const got = await judge(inputs.folder, COUNT - 1, actual);
    expect(got).toEqual(await judge(fromDisk, COUNT - 1, actual));
    expect(got.findings.find((finding) => finding.code === "TABLE_MISSING")?.pendingMigration).toBe(`${folderTime(COUNT - 1)}_m`);
    // Version 9 rebuilds its predecessor from the chain it already has; version 8 reads one file.
    expect(requests()).toBe(reading + (version === "9" ? 0 : 1));
    expect(requests()).toBeLessThanOrEqual(40);
  });

  it("a push adding one migration costs that migration's files only: ≤ 5 requests with attribution of the new migration", async () => {
    const path = folderOf(COUNT + 1);
    const { sha } = github.addCommit(`acme/${repo}`, readDirectoryFiles(path, "drizzle"));
    github.clearRequests();
    const { inputs, requests } = await read(sha);
    const actual = (await readDrizzleFolder(createDiskFileSource(folderOf(COUNT)))).expected;
    const got = await judge(inputs.folder, COUNT, actual);
    expect(got.findings.find((finding) => finding.code === "TABLE_MISSING")?.pendingMigration).toBe(`${folderTime(COUNT)}_m`);
    expect(requests()).toBeLessThanOrEqual(3); // leaves room in the 5 for asking GitHub for the PR's head
    // The new migration's SQL and snapshot; nothing read before is read again.
    expect(graphqlBlobs().length + github.requests.filter((request) => request.path.includes("/git/blobs/")).length).toBeLessThanOrEqual(2);
  });

  it("the same commit again: the folder comes from D1, and attribution rebuilds older snapshots from texts D1 keeps — the tree call only", async () => {
    const path = folderOf(COUNT + 1);
    const { sha } = github.addCommit(`acme/${repo}`, readDirectoryFiles(path, "drizzle"));
    await read(sha);
    github.clearRequests();
    const { inputs, requests } = await read(sha);
    expect(inputs.folderFromCache).toBe(true);
    const fromDisk = await readDrizzleFolder(createDiskFileSource(path, inputs.folder.source));
    const actual = (await readDrizzleFolder(createDiskFileSource(folderOf(COUNT)))).expected;
    const got = await judge(inputs.folder, COUNT, actual);
    expect(got).toEqual(await judge(fromDisk, COUNT, actual));
    expect(got.findings.find((finding) => finding.code === "TABLE_MISSING")?.pendingMigration).toBe(`${folderTime(COUNT)}_m`);
    expect(requests()).toBe(1);
  });
});
