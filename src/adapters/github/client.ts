/**
 * The GitHub client the Worker uses: one object per installation (or plain token) bundling the
 * endpoint functions of this folder over one `GitHubHttp`, so requests are counted per client.
 */
import { getBlobText, getFileTextAtRef } from "./blobs.js";
import { getBlobTextsGraphQL } from "./graphql-blobs.js";
import { createCheckRun, updateCheckRun, type CheckRun, type CheckRunFields, type CreateCheckRunInput } from "./check-runs.js";
import { createGitHubHttp, type GitHubHttp, type GitHubHttpOptions } from "./http.js";
import { listIssueComments, upsertStickyComment, type IssueComment, type StickyCommentInput, type StickyCommentResult } from "./issue-comments.js";
import { getPullRequestHead, type PullRequestHead } from "./pulls.js";
import { createCommitStatus, type CommitStatusInput } from "./statuses.js";
import { getTree, type GitTree } from "./trees.js";
import type { RepoRef } from "./types.js";

export interface GitHubClient {
  readonly http: GitHubHttp;
  /** Requests sent by this client so far. */
  readonly requestCount: number;
  getTree(ref: RepoRef, treeish: string, options?: { recursive?: boolean }): Promise<GitTree>;
  getBlobText(ref: RepoRef, blobSha: string): Promise<string>;
  /** Many blob texts in one GraphQL request; null for those to read with getBlobText (see graphql-blobs.ts). */
  getBlobTexts(ref: RepoRef, blobShas: readonly string[]): Promise<Map<string, string | null>>;
  getFileTextAtRef(ref: RepoRef, path: string, gitRef: string): Promise<string | null>;
  createCheckRun(ref: RepoRef, input: CreateCheckRunInput): Promise<CheckRun>;
  updateCheckRun(ref: RepoRef, checkRunId: number, fields: CheckRunFields & { name?: string }): Promise<CheckRun>;
  listIssueComments(ref: RepoRef, issueNumber: number): Promise<IssueComment[]>;
  upsertStickyComment(ref: RepoRef, input: StickyCommentInput): Promise<StickyCommentResult>;
  createCommitStatus(ref: RepoRef, sha: string, input: CommitStatusInput): Promise<{ id: number; state: string }>;
  /** The PR's current head commit; null when GitHub does not show the PR. */
  getPullRequestHead(ref: RepoRef, pullNumber: number): Promise<PullRequestHead | null>;
}

export function createGitHubClient(options: GitHubHttpOptions): GitHubClient {
  const http = createGitHubHttp(options);
  return {
    http,
    get requestCount() {
      return http.requestCount;
    },
    getTree: (ref, treeish, opts) => getTree(http, ref, treeish, opts),
    getBlobText: (ref, sha) => getBlobText(http, ref, sha),
    getBlobTexts: (ref, shas) => getBlobTextsGraphQL(http, ref, shas),
    getFileTextAtRef: (ref, path, gitRef) => getFileTextAtRef(http, ref, path, gitRef),
    createCheckRun: (ref, input) => createCheckRun(http, ref, input),
    updateCheckRun: (ref, id, fields) => updateCheckRun(http, ref, id, fields),
    async listIssueComments(ref, issueNumber) {
      const all: IssueComment[] = [];
      for await (const comment of listIssueComments(http, ref, issueNumber)) all.push(comment);
      return all;
    },
    upsertStickyComment: (ref, input) => upsertStickyComment(http, ref, input),
    createCommitStatus: (ref, sha, input) => createCommitStatus(http, ref, sha, input),
    getPullRequestHead: (ref, pullNumber) => getPullRequestHead(http, ref, pullNumber),
  };
}
