/**
 * Every file read from disk or a repository is bounded before it is parsed (issue 12/13): a
 * snapshot of 20 MiB of `[` is refused from its size without being read, one of 5 MiB of `[` by
 * the one-pass nesting scan — both in bounded time, as folder errors naming the file and the limit.
 */
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { createGitHubClient } from "../../src/adapters/github/client.js";
import { createGitHubFileSource } from "../../src/adapters/github/file-source.js";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import { checkJsonDepth, MAX_JSON_DEPTH, MAX_MIGRATION_BYTES, MAX_SNAPSHOT_BYTES } from "../../src/core/input-limits.js";
import { readDirectoryFiles, startGitHubStandIn, type GitHubStandIn } from "../support/github-server.js";

const EXAMPLE_DRIZZLE = join(import.meta.dirname, "../../examples/soundcloud/drizzle");
const MiB = 1024 * 1024;
const TOKEN = "ghp_inputLimitsTests000000000000000000";
/** Well under what JSON.parse takes on these inputs (minutes for 5 MiB of `[` in workerd, 20 s in Node). */
const BOUND_MS = 3_000;

let dir: string;
let github: GitHubStandIn;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "driftcheck-limits-"));
  github = await startGitHubStandIn();
  github.addPlainToken(TOKEN, ["acme/limits"]);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  github.stop();
});

/** The example folder with its newest snapshot replaced by `text`. */
function folderWith(name: string, file: string, text: string): string {
  const folder = join(dir, name);
  cpSync(EXAMPLE_DRIZZLE, folder, { recursive: true });
  writeFileSync(join(folder, file), text);
  return folder;
}

async function timed<T>(work: () => Promise<T>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await work();
    return { error: null, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

describe("checkJsonDepth", () => {
  it(`admits ${MAX_JSON_DEPTH} levels and refuses one more, naming the file and the limit`, () => {
    expect(() => checkJsonDepth("[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH), "a.json")).not.toThrow();
    expect(() => checkJsonDepth("{\"a\":".repeat(MAX_JSON_DEPTH + 1), "meta/0002_snapshot.json")).toThrow(
      `meta/0002_snapshot.json nests arrays or objects deeper than driftcheck's limit of ${MAX_JSON_DEPTH} levels`,
    );
  });

  it("does not count brackets inside strings, including after escaped quotes", () => {
    const inString = JSON.stringify({ default: "[".repeat(1000) + '\\"{' + "{".repeat(1000) });
    expect(() => checkJsonDepth(inString, "a.json")).not.toThrow();
    expect(JSON.parse(inString)).toBeTruthy();
    // A string ending in an escaped backslash ends at its quote: what follows counts again.
    const afterBackslash = `{"a":"x\\\\","b":${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}}`;
    expect(JSON.parse(afterBackslash).a).toBe("x\\");
    expect(() => checkJsonDepth(afterBackslash, "a.json")).toThrow(`deeper than driftcheck's limit of ${MAX_JSON_DEPTH} levels`);
    expect(() => checkJsonDepth('{"unterminated', "a.json")).not.toThrow();
  });
});

describe("the CLI's disk file source", () => {
  it("refuses a 20 MiB snapshot from its size, before reading it", async () => {
    const folder = folderWith("big", "meta/0002_snapshot.json", "[".repeat(20 * MiB));
    const { error, ms } = await timed(() => readDrizzleFolder(createDiskFileSource(folder, "./drizzle")));
    expect(error).toMatchObject({ kind: "user", message: "./drizzle/meta/0002_snapshot.json is 20 MiB, over driftcheck's limit of 16 MiB for a JSON file (snapshot, journal or config); it was not read." });
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it("refuses a 5 MiB snapshot of `[` by its nesting, in bounded time", async () => {
    const folder = folderWith("deep", "meta/0002_snapshot.json", "[".repeat(5 * MiB));
    const { error, ms } = await timed(() => readDrizzleFolder(createDiskFileSource(folder, "./drizzle")));
    expect(error).toMatchObject({ kind: "user", message: expect.stringContaining(`./drizzle/meta/0002_snapshot.json nests arrays or objects deeper than driftcheck's limit of ${MAX_JSON_DEPTH} levels`) });
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it("refuses a migration over its limit, and a deep journal", async () => {
    const sql = folderWith("sql", "0001_add_genre_and_artist_index.sql", "-- x\n".repeat(MAX_MIGRATION_BYTES / 5 + 1));
    await expect(readDrizzleFolder(createDiskFileSource(sql, "./drizzle"))).rejects.toMatchObject({ message: expect.stringMatching(/^\.\/drizzle\/0001_add_genre_and_artist_index\.sql is 8\.0 MiB, over driftcheck's limit of 8 MiB for a migration file/) });
    const journal = folderWith("journal", "meta/_journal.json", "[".repeat(MiB));
    await expect(readDrizzleFolder(createDiskFileSource(journal, "./drizzle"))).rejects.toMatchObject({ message: expect.stringContaining("meta/_journal.json nests arrays or objects deeper") });
  });
});

describe("drizzle-kit 1.x folders", () => {
  const SHOP_V9 = join(import.meta.dirname, "../fixtures-1x/shop-v9");
  const shopWith = (name: string, file: string, text: string) => {
    const folder = join(dir, name);
    cpSync(SHOP_V9, folder, { recursive: true });
    writeFileSync(join(folder, file), text);
    return folder;
  };

  it("refuse an oversized or over-deep snapshot anywhere in a version 9 chain (every diff is read), in bounded time", async () => {
    const big = shopWith("big-1x", "20250104120000_rename_lines/snapshot.json", "[".repeat(20 * MiB));
    const tooBig = await timed(() => readDrizzleFolder(createDiskFileSource(big, "./drizzle")));
    expect(tooBig.error).toMatchObject({ kind: "user", message: expect.stringContaining("./drizzle/20250104120000_rename_lines/snapshot.json is 20 MiB, over driftcheck's limit of 16 MiB") });
    const deep = shopWith("deep-1x", "20250102120000_more_columns/snapshot.json", "[".repeat(5 * MiB));
    const tooDeep = await timed(() => readDrizzleFolder(createDiskFileSource(deep, "./drizzle")));
    expect(tooDeep.error).toMatchObject({ kind: "user", message: expect.stringContaining(`./drizzle/20250102120000_more_columns/snapshot.json nests arrays or objects deeper than driftcheck's limit of ${MAX_JSON_DEPTH} levels`) });
    expect(Math.max(tooBig.ms, tooDeep.ms)).toBeLessThan(BOUND_MS);
  });
});

describe("the Worker's GitHub file source", () => {
  const client = () => createGitHubClient({ baseUrl: github.url, token: TOKEN });

  it("refuses a 20 MiB snapshot from the tree listing's size, without fetching the blob", async () => {
    const files = { ...readDirectoryFiles(EXAMPLE_DRIZZLE, "drizzle"), "drizzle/meta/0002_snapshot.json": "[".repeat(20 * MiB) };
    const { sha } = github.addCommit("acme/limits", files);
    github.clearRequests();
    const source = createGitHubFileSource({ client: client(), repo: { owner: "acme", repo: "limits" }, commit: sha, folder: "drizzle" });
    const { error, ms } = await timed(() => readDrizzleFolder(source));
    expect(error).toMatchObject({ kind: "user", message: expect.stringContaining(`acme/limits@${sha.slice(0, 7)}:drizzle/meta/0002_snapshot.json is 20 MiB, over driftcheck's limit of 16 MiB`) });
    expect(ms).toBeLessThan(BOUND_MS);
    const bigBlob = createHash("sha1").update(`blob ${20 * MiB}\0`).update(files["drizzle/meta/0002_snapshot.json"]).digest("hex");
    expect(github.requests.filter((request) => request.path.includes(bigBlob))).toEqual([]);
    expect(github.requests.some((request) => request.path.includes("/git/blobs/"))).toBe(true);
  });

  it("refuses a 5 MiB snapshot of `[` by its nesting, in bounded time", async () => {
    const files = { ...readDirectoryFiles(EXAMPLE_DRIZZLE, "drizzle"), "drizzle/meta/0002_snapshot.json": "[".repeat(5 * MiB) };
    const { sha } = github.addCommit("acme/limits", files);
    const source = createGitHubFileSource({ client: client(), repo: { owner: "acme", repo: "limits" }, commit: sha, folder: "drizzle" });
    const { error, ms } = await timed(() => readDrizzleFolder(source));
    expect(error).toMatchObject({ kind: "user", message: expect.stringContaining("drizzle/meta/0002_snapshot.json nests arrays or objects deeper") });
    expect(ms).toBeLessThan(BOUND_MS);
  });
});

it("the limits are the documented values", () => {
  expect([MAX_SNAPSHOT_BYTES, MAX_MIGRATION_BYTES, MAX_JSON_DEPTH]).toEqual([16 * MiB, 8 * MiB, 64]);
});
