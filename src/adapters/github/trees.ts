/**
 * `GET /repos/{o}/{r}/git/trees/{sha}?recursive=1`: every path at a commit with its blob sha, in
 * one request. GitHub stops listing past its limit (100,000 entries / 7 MB) and sets `truncated`;
 * a partial listing could hide migration files, so it is an error, not a silent gap.
 * https://docs.github.com/en/rest/git/trees#get-a-tree
 */
import { DriftcheckError } from "../../core/errors.js";
import { repoPath, type GitHubHttp } from "./http.js";
import type { RepoRef } from "./types.js";

export interface TreeEntry {
  path: string;
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
  size?: number;
}

export interface GitTree {
  /** The tree's own sha (the root tree when asked for a commit). */
  sha: string;
  entries: TreeEntry[];
}

export async function getTree(http: GitHubHttp, ref: RepoRef, treeish: string, options: { recursive?: boolean } = {}): Promise<GitTree> {
  const recursive = options.recursive ?? true;
  const body = await http.json<{ sha: string; truncated?: boolean; tree: TreeEntry[] }>(
    "GET",
    `${repoPath(ref.owner, ref.repo)}/git/trees/${encodeURIComponent(treeish)}`,
    { ...(recursive ? { query: { recursive: 1 } } : {}), shape: isTree },
  );
  if (body.truncated) {
    throw new DriftcheckError("user", `The git tree of ${ref.owner}/${ref.repo}@${treeish} is too large for GitHub to list in one request (truncated).`, {
      hint: "driftcheck reads the drizzle folder from one tree listing; a repository this large is not supported yet.",
    });
  }
  return {
    sha: body.sha,
    entries: body.tree.map((entry) => ({
      path: entry.path,
      mode: entry.mode,
      type: entry.type,
      sha: entry.sha,
      ...(entry.size === undefined ? {} : { size: entry.size }),
    })),
  };
}

/** The fields getTree reads: the tree's sha and a list of entries with a path. */
function isTree(body: unknown): boolean {
  const tree = body as { sha?: unknown; tree?: unknown } | null;
  return typeof tree?.sha === "string" && Array.isArray(tree.tree) && tree.tree.every((entry) => typeof (entry as { path?: unknown } | null)?.path === "string");
}
