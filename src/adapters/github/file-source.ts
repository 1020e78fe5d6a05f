/**
 * Files of one commit, read through the GitHub API (the Worker's inputs: `driftcheck.json`,
 * `driftcheck.expected.json` and the drizzle folder).
 *
 * One recursive tree call lists every path with its blob sha; file texts are fetched lazily, by
 * blob sha, only when asked for. A blob sha names its content forever, so an injected cache (D1
 * in the Worker) can answer instead of GitHub: in steady state a check costs the tree call only.
 * A folder's own tree sha is exposed so the Worker can skip everything when it already holds the
 * parsed schema for that exact folder.
 */
import { DriftcheckError } from "../../core/errors.js";
import type { FileSource } from "../../core/port.js";
import { checkFileSize } from "../../core/input-limits.js";
import type { GitHubClient } from "./client.js";
import type { TreeEntry } from "./trees.js";
import { GRAPHQL_BATCH_MAX_BLOBS, GRAPHQL_BATCH_MAX_BYTES, GRAPHQL_BLOB_MAX_BYTES } from "./graphql-blobs.js";

interface Settle {
  resolve(text: string): void;
  reject(error: unknown): void;
}
import type { RepoRef } from "./types.js";

export interface BlobCache {
  get(blobSha: string): Promise<string | null | undefined>;
  put(blobSha: string, text: string): Promise<void>;
}

export interface GitHubFileSourceStats {
  treeRequests: number;
  /** REST blob reads (large blobs, and what a GraphQL batch did not give whole). */
  blobRequests: number;
  /** GraphQL requests, each returning many blob texts. */
  batchRequests: number;
  cacheHits: number;
}

export interface GitHubCommitFiles {
  /** Text of a file by repository path, or null when absent. */
  readText(path: string): Promise<string | null>;
  /** Blob sha of a file by repository path, or null. */
  blobSha(path: string): Promise<string | null>;
  /** Tree sha of a directory by repository path ("" = the root), or null. */
  treeSha(dir: string): Promise<string | null>;
  /** A FileSource rooted at `dir` sharing this commit's tree call, blob fetches and stats. */
  folder(dir: string): GitHubFileSource;
  readonly stats: GitHubFileSourceStats;
}

export interface GitHubFileSource extends FileSource {
  size(path: string): Promise<number | null>;
  /** The folder's git tree sha (null when the folder does not exist at this commit). */
  folderTreeSha(): Promise<string | null>;
  /** Blob sha of a file in the folder, or null. */
  blobSha(path: string): Promise<string | null>;
  readonly stats: GitHubFileSourceStats;
}

export interface GitHubCommitFilesOptions {
  client: GitHubClient;
  repo: RepoRef;
  /** Commit sha (or any tree-ish) to read. */
  commit: string;
  cache?: BlobCache;
}

/** Git's mode for a symbolic link. */
const SYMLINK_MODE = "120000";

interface Listing {
  rootSha: string;
  /** Repository path → entry, for blobs and trees. */
  entries: Map<string, TreeEntry>;
  /** Directory path ("" = root) → child names. */
  children: Map<string, Set<string>>;
}

export function createGitHubCommitFiles(options: GitHubCommitFilesOptions): GitHubCommitFiles {
  const stats: GitHubFileSourceStats = { treeRequests: 0, blobRequests: 0, batchRequests: 0, cacheHits: 0 };
  const repoLabel = `${options.repo.owner}/${options.repo.repo}@${options.commit.slice(0, 7)}`;
  let listing: Promise<Listing> | undefined;
  const texts = new Map<string, Promise<string>>();

  const load = (): Promise<Listing> => {
    if (!listing) {
      stats.treeRequests++;
      listing = options.client.getTree(options.repo, options.commit, { recursive: true }).then((tree) => indexTree(tree.sha, tree.entries));
      // A failed listing must not be remembered: a queue retry should try again.
      listing.catch(() => (listing = undefined));
    }
    return listing;
  };

  // Blob reads asked for in the same turn of the event loop (the folder reader asks for every
  // migration file at once) go out together: small blobs in GraphQL batches, large ones over REST.
  let queued = new Map<string, { size: number | undefined; settle: Settle }>();
  const flush = async (batch: typeof queued): Promise<void> => {
    const viaRest: string[] = [];
    const viaGraphQL: string[][] = [[]];
    let batchBytes = 0;
    for (const [sha, { size }] of batch) {
      if (size === undefined || size > GRAPHQL_BLOB_MAX_BYTES || batch.size === 1) {
        viaRest.push(sha);
        continue;
      }
      let current = viaGraphQL[viaGraphQL.length - 1]!;
      if (current.length >= GRAPHQL_BATCH_MAX_BLOBS || batchBytes + size > GRAPHQL_BATCH_MAX_BYTES) {
        viaGraphQL.push((current = []));
        batchBytes = 0;
      }
      current.push(sha);
      batchBytes += size;
    }
    const rest = async (sha: string) => {
      stats.blobRequests++;
      return options.client.getBlobText(options.repo, sha);
    };
    const settled = (sha: string) => batch.get(sha)!.settle;
    await Promise.all([
      ...viaRest.map(async (sha) => {
        try {
          settled(sha).resolve(await rest(sha));
        } catch (error) {
          settled(sha).reject(error);
        }
      }),
      ...viaGraphQL.filter((shas) => shas.length > 0).map(async (shas) => {
        try {
          let texts = new Map<string, string | null>();
          if (shas.length > 1) {
            stats.batchRequests++;
            texts = await options.client.getBlobTexts(options.repo, shas);
          }
          await Promise.all(shas.map(async (sha) => settled(sha).resolve(texts.get(sha) ?? (await rest(sha)))));
        } catch (error) {
          for (const sha of shas) settled(sha).reject(error);
        }
      }),
    ]);
  };
  const enqueue = (sha: string, size: number | undefined): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      if (queued.size === 0) {
        setTimeout(() => {
          const batch = queued;
          queued = new Map();
          void flush(batch);
        }, 0);
      }
      queued.set(sha, { size, settle: { resolve, reject } });
    });

  const fetchText = (sha: string, size: number | undefined): Promise<string> => {
    let pending = texts.get(sha);
    if (!pending) {
      pending = (async () => {
        const cached = options.cache ? await options.cache.get(sha) : undefined;
        if (cached !== undefined && cached !== null) {
          stats.cacheHits++;
          return cached;
        }
        const text = await enqueue(sha, size);
        if (options.cache) await options.cache.put(sha, text);
        // Large texts are not kept: the reader parses a snapshot once, and holding every one
        // read would hold the history.
        if (text.length > GRAPHQL_BLOB_MAX_BYTES) texts.delete(sha);
        return text;
      })();
      pending.catch(() => texts.delete(sha));
      texts.set(sha, pending);
    }
    return pending;
  };

  const entryOf = async (path: string, type: TreeEntry["type"]): Promise<TreeEntry | null> => {
    const entry = (await load()).entries.get(path);
    return entry && entry.type === type ? entry : null;
  };

  const commitFiles: GitHubCommitFiles = {
    async readText(path) {
      const normal = normalise(path, repoLabel);
      const entry = await entryOf(normal, "blob");
      if (!entry) return null;
      if (entry.mode === SYMLINK_MODE) {
        // Its blob is the link's target path, not a file's content; the CLI refuses links too.
        throw new DriftcheckError("user", `Refused to read ${repoLabel}:${entry.path}: it is a symbolic link. driftcheck reads only regular files inside the drizzle folder.`, {
          hint: "Commit the file itself in the drizzle folder, not a link to it.",
        });
      }
      // The tree listing gives every blob's size: an oversized file is refused before it is fetched.
      if (entry.size !== undefined) checkFileSize(`${repoLabel}:${normal}`, normal, entry.size);
      return fetchText(entry.sha, entry.size);
    },
    blobSha: async (path) => (await entryOf(normalise(path, repoLabel), "blob"))?.sha ?? null,
    async treeSha(dir) {
      const path = normalise(dir, repoLabel);
      return path === "" ? (await load()).rootSha : ((await entryOf(path, "tree"))?.sha ?? null);
    },
    folder(dir) {
      const root = normalise(dir, repoLabel);
      const label = `${repoLabel}:${root || "."}`;
      const inside = (path: string) => {
        const relative = normalise(path, label);
        return root === "" ? relative : relative === "" ? root : `${root}/${relative}`;
      };
      return {
        readText: async (path) => commitFiles.readText(inside(path)),
        async list(path) {
          const names = (await load()).children.get(inside(path));
          return names ? [...names].sort() : [];
        },
        size: async (path) => (await entryOf(inside(path), "blob"))?.size ?? null,
        describe: () => label,
        folderTreeSha: () => commitFiles.treeSha(root),
        blobSha: async (path) => commitFiles.blobSha(inside(path)),
        stats,
      };
    },
    stats,
  };
  return commitFiles;
}

/** A FileSource over one folder of a commit (see createGitHubCommitFiles to share the tree call). */
export function createGitHubFileSource(options: GitHubCommitFilesOptions & { folder: string }): GitHubFileSource {
  return createGitHubCommitFiles(options).folder(options.folder);
}

/** `./a//b/` → `a/b`; `..` is refused so a journal cannot reach outside its folder. */
function normalise(path: string, label: string): string {
  const parts = path.split("/").filter((part) => part !== "" && part !== ".");
  if (parts.includes("..")) {
    throw new DriftcheckError("user", `${label}: refusing to read "${path}", which climbs out of the folder with "..".`, {
      hint: "Migration paths in the journal must stay inside the drizzle folder.",
    });
  }
  return parts.join("/");
}

function indexTree(rootSha: string, list: TreeEntry[]): Listing {
  const entries = new Map<string, TreeEntry>();
  const children = new Map<string, Set<string>>([["", new Set()]]);
  for (const entry of list) {
    entries.set(entry.path, entry);
    const slash = entry.path.lastIndexOf("/");
    const dir = slash === -1 ? "" : entry.path.slice(0, slash);
    if (!children.has(dir)) children.set(dir, new Set());
    children.get(dir)!.add(entry.path.slice(slash + 1));
    if (entry.type === "tree" && !children.has(entry.path)) children.set(entry.path, new Set());
  }
  return { rootSha, entries, children };
}
