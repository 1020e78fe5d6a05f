import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGitHubClient, type GitHubClient } from "../../src/adapters/github/client.js";
import { createGitHubFileSource, type BlobCache } from "../../src/adapters/github/file-source.js";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import type { FileSource } from "../../src/core/port.js";
import { readDirectoryFiles, startGitHubStandIn, type GitHubStandIn } from "../support/github-server.js";

const EXAMPLE = join(import.meta.dirname, "../../examples/soundcloud");
const SHA = "5ca1ab1e".repeat(5);
const TOKEN = "ghp_fileSourceTests0000000000000000000";
const REPO = { owner: "acme", repo: "soundcloud" };
let github: GitHubStandIn;
let client: GitHubClient;
let drizzleTreeSha: string | null;

/** Paths the core read through a FileSource, to know how many blobs it needed. */
function tracking(files: FileSource): { source: FileSource; read: Set<string> } {
  const read = new Set<string>();
  return {
    read,
    source: {
      readText: async (path) => {
        const text = await files.readText(path);
        if (text !== null) read.add(path);
        return text;
      },
      list: (dir) => files.list(dir),
      describe: () => files.describe(),
    },
  };
}

function memoryCache(): BlobCache & { map: Map<string, string>; gets: number } {
  const map = new Map<string, string>();
  const cache = {
    map,
    gets: 0,
    async get(sha: string) {
      cache.gets++;
      return map.get(sha) ?? null;
    },
    async put(sha: string, text: string) {
      map.set(sha, text);
    },
  };
  return cache;
}

beforeAll(async () => {
  github = await startGitHubStandIn();
  github.addPlainToken(TOKEN, ["acme/soundcloud"]);
  drizzleTreeSha = github.addCommitFromDirectory("acme/soundcloud", EXAMPLE, { sha: SHA }).treeShaOf("drizzle");
});
afterAll(() => github.stop());
beforeEach(() => {
  github.clearRequests();
  client = createGitHubClient({ baseUrl: github.url, token: TOKEN });
});

describe("GitHub FileSource over examples/soundcloud", () => {
  it("reads the drizzle folder like the disk does: 1 tree call, files asked for together in one GraphQL batch, others over REST", async () => {
    const files = createGitHubFileSource({ client, repo: REPO, commit: SHA, folder: "drizzle" });
    const { source, read } = tracking(files);
    const fromGitHub = await readDrizzleFolder(source);
    const fromDisk = await readDrizzleFolder(createDiskFileSource(join(EXAMPLE, "drizzle"), files.describe()));
    expect(fromGitHub).toEqual(fromDisk);

    expect(read.size).toBeGreaterThanOrEqual(4); // journal + 3 migrations at least
    const graphql = github.requestsTo("POST", /^\/graphql$/);
    // The three migration files are asked for at once: one GraphQL request answers them.
    expect(graphql.length).toBeGreaterThanOrEqual(1);
    const batched = graphql.reduce((sum, request) => sum + ((request.body as { query: string }).query.match(/object\(oid:/g) ?? []).length, 0);
    expect(files.stats).toEqual({ treeRequests: 1, blobRequests: read.size - batched, batchRequests: graphql.length, cacheHits: 0 });
    expect(github.requestsTo("GET", /\/git\/trees\//)).toHaveLength(1);
    expect(github.requestsTo("GET", /\/git\/blobs\//)).toHaveLength(read.size - batched);
    expect(github.requests).toHaveLength(1 + graphql.length + read.size - batched);
    expect(client.requestCount).toBe(github.requests.length);
    expect(github.requests.length).toBeLessThan(1 + read.size);
    expect(files.describe()).toBe("acme/soundcloud@5ca1ab1:drizzle");
  });

  it("with a warm blob cache, only the tree call goes to GitHub", async () => {
    const cache = memoryCache();
    const cold = createGitHubFileSource({ client, repo: REPO, commit: SHA, folder: "drizzle", cache });
    const first = await readDrizzleFolder(cold);
    expect(cache.map.size).toBeGreaterThanOrEqual(4);

    github.clearRequests();
    const warmClient = createGitHubClient({ baseUrl: github.url, token: TOKEN });
    const warm = createGitHubFileSource({ client: warmClient, repo: REPO, commit: SHA, folder: "drizzle", cache });
    expect(await readDrizzleFolder(warm)).toEqual(first);
    expect(warm.stats).toEqual({ treeRequests: 1, blobRequests: 0, batchRequests: 0, cacheHits: cache.map.size });
    expect(github.requests.map((r) => r.path)).toEqual([`/repos/acme/soundcloud/git/trees/${SHA}`]);
    expect(warmClient.requestCount).toBe(1);
  });

  it("exposes the folder's git tree sha, which changes only when the folder does", async () => {
    const files = createGitHubFileSource({ client, repo: REPO, commit: SHA, folder: "./drizzle/" });
    expect(await files.folderTreeSha()).toBe(drizzleTreeSha);
    expect(await files.blobSha("meta/_journal.json")).toMatch(/^[0-9a-f]{40}$/);

    const base = readDirectoryFiles(EXAMPLE);
    const readmeOnly = github.addCommit("acme/soundcloud", { ...base, "README.md": "changed\n" });
    const migrationChanged = github.addCommit("acme/soundcloud", { ...base, "drizzle/0002_add_updated_at.sql": "-- edited\n" });
    const shaAt = (commit: string) => createGitHubFileSource({ client, repo: REPO, commit, folder: "drizzle" }).folderTreeSha();
    expect(await shaAt(readmeOnly.sha)).toBe(drizzleTreeSha);
    expect(await shaAt(migrationChanged.sha)).not.toBe(drizzleTreeSha);
  });

  it("lists directories and answers null/[] for what is missing", async () => {
    const files = createGitHubFileSource({ client, repo: REPO, commit: SHA, folder: "drizzle" });
    expect(await files.list("")).toEqual([
      "0000_create_tracks.sql",
      "0001_add_genre_and_artist_index.sql",
      "0002_add_updated_at.sql",
      "meta",
    ]);
    expect(await files.list("meta")).toEqual(["0000_snapshot.json", "0001_snapshot.json", "0002_snapshot.json", "_journal.json"]);
    expect(await files.list("nope")).toEqual([]);
    expect(await files.readText("nope.sql")).toBeNull();
    expect(await files.readText("meta")).toBeNull();
    await expect(files.readText("../src/schema.ts")).rejects.toMatchObject({ kind: "user" });
    expect(files.stats).toMatchObject({ treeRequests: 1, blobRequests: 0 });

    const absent = createGitHubFileSource({ client, repo: REPO, commit: SHA, folder: "migrations" });
    expect(await absent.folderTreeSha()).toBeNull();
    expect(await absent.list("")).toEqual([]);
    expect(await absent.readText("meta/_journal.json")).toBeNull();

    const root = createGitHubFileSource({ client, repo: REPO, commit: SHA, folder: "" });
    expect(await root.list("")).toEqual(["README.md", "drizzle", "drizzle.config.ts", "src"]);
    expect(await root.readText("drizzle/meta/_journal.json")).toContain('"dialect": "postgresql"');
  });

  it("fetches a blob once for concurrent reads, and retries one whose fetch failed", async () => {
    const files = createGitHubFileSource({ client, repo: REPO, commit: SHA, folder: "drizzle" });
    await files.list(""); // tree first, so the injected failure hits the blob
    github.failNext({ status: 502, path: /\/git\/blobs\// });
    await expect(files.readText("0000_create_tracks.sql")).rejects.toMatchObject({ kind: "connection", transient: true });
    const [a, b] = await Promise.all([files.readText("0000_create_tracks.sql"), files.readText("0000_create_tracks.sql")]);
    expect(a).toBe(b);
    expect(a).toContain("CREATE TABLE");
    expect(files.stats.blobRequests).toBe(2);
  });
});

describe("a symbolic link in the repository's drizzle folder", () => {
  it("is refused with the reason, as the disk refuses one, instead of reading its target path as SQL", async () => {
    const { sha } = github.addCommit("acme/soundcloud", { "drizzle/0000_init.sql": "/etc/passwd", "drizzle/real.sql": "SELECT 1;" }, { symlinks: ["drizzle/0000_init.sql"] });
    const files = createGitHubFileSource({ client, repo: REPO, commit: sha, folder: "drizzle" });
    await expect(files.readText("0000_init.sql")).rejects.toMatchObject({
      kind: "user",
      message: `Refused to read acme/soundcloud@${sha.slice(0, 7)}:drizzle/0000_init.sql: it is a symbolic link. driftcheck reads only regular files inside the drizzle folder.`,
    });
    expect(await files.readText("real.sql")).toBe("SELECT 1;");
  });
});

describe("one commit, several inputs, one tree call", () => {
  it("reads root files and the drizzle folder from the same listing and blob cache", async () => {
    const { createGitHubCommitFiles } = await import("../../src/adapters/github/file-source.js");
    const cache = memoryCache();
    const commitFiles = createGitHubCommitFiles({ client, repo: REPO, commit: SHA, cache });
    expect(await commitFiles.readText("driftcheck.json")).toBeNull();
    expect(await commitFiles.readText("drizzle.config.ts")).toContain("defineConfig");
    expect(await commitFiles.treeSha("drizzle")).toBe(drizzleTreeSha);
    expect(await commitFiles.treeSha("drizzle.config.ts")).toBeNull();
    expect(await commitFiles.blobSha("drizzle")).toBeNull();
    const folder = commitFiles.folder("drizzle");
    await readDrizzleFolder(folder);
    expect(commitFiles.stats.treeRequests).toBe(1);
    expect(github.requestsTo("GET", /\/git\/trees\//)).toHaveLength(1);
    expect(folder.stats).toBe(commitFiles.stats);
  });

  it("asks for the tree again after a failed listing", async () => {
    const files = createGitHubFileSource({ client, repo: REPO, commit: SHA, folder: "drizzle" });
    github.failNext({ status: 500, path: /\/git\/trees\// });
    await expect(files.list("")).rejects.toMatchObject({ kind: "connection", transient: true });
    expect(await files.list("meta")).toContain("_journal.json");
    expect(files.stats.treeRequests).toBe(2);
  });
});
