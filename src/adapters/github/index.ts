/** The GitHub adapter's public surface, for the Worker's composition root. */
export { verifyGitHubSignature, signGitHubPayload } from "./signature.js";
export { createGitHubAppAuth, TOKEN_REFRESH_MARGIN_MS, type GitHubAppAuth, type GitHubAppAuthOptions } from "./app-auth.js";
export { createAppJwt, importAppPrivateKey } from "./app-jwt.js";
export { parsePrivateKeyPem, normaliseSecretText } from "./pem.js";
export { createGitHubClient, type GitHubClient } from "./client.js";
export { createGitHubHttp, type GitHubHttp, type GitHubHttpOptions } from "./http.js";
export { GitHubApiError, scrubTokens } from "./api-errors.js";
export {
  MAX_ANNOTATIONS_PER_REQUEST,
  MAX_OUTPUT_TEXT,
  type CheckRun,
  type CheckRunAction,
  type CheckRunAnnotation,
  type CheckRunConclusion,
  type CheckRunFields,
  type CheckRunOutput,
  type CheckRunStatus,
  type CreateCheckRunInput,
} from "./check-runs.js";
export { STICKY_MARKER, type StickyCommentInput, type StickyCommentResult } from "./issue-comments.js";
export type { CommitState, CommitStatusInput } from "./statuses.js";
export type { GitTree, TreeEntry } from "./trees.js";
export {
  createGitHubCommitFiles,
  createGitHubFileSource,
  type BlobCache,
  type GitHubCommitFiles,
  type GitHubFileSource,
  type GitHubFileSourceStats,
} from "./file-source.js";
export { DEFAULT_API_BASE_URL, parseRepoFullName, type FetchLike, type RepoRef, type TokenSource } from "./types.js";
