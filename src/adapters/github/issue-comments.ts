/**
 * The sticky PR comment: one comment per PR, found by a hidden marker and edited in place.
 * We list the PR's comments (paginated by `Link` headers), PATCH ours when its body changed,
 * POST one when there is none, and do nothing when the body's digest is unchanged.
 * https://docs.github.com/en/rest/issues/comments
 */
import { sha256HexAsync } from "../../core/util/sha256.js";
import { hasNumericId, readJsonBody } from "./api-errors.js";
import { repoPath, type GitHubHttp } from "./http.js";
import type { RepoRef } from "./types.js";

export const STICKY_MARKER = "<!-- driftcheck -->";
/** GitHub refuses comment bodies above 65,536 characters. */
export const MAX_COMMENT_BODY = 65_536;
const PAGE_SIZE = 100;

export interface IssueComment {
  id: number;
  body: string;
}

export interface StickyCommentInput {
  /** PR (issue) number. */
  issueNumber: number;
  /** Markdown; the marker is added when missing. */
  body: string;
  /** Comment id stored from an earlier run: tried first, saving the listing. */
  knownCommentId?: number;
  /** Digest stored from an earlier run: when it equals this body's digest, nothing is sent at all. */
  knownDigest?: string;
  /** Only update an existing comment (e.g. mark it resolved); never create one. */
  updateOnly?: boolean;
}

export interface StickyCommentResult {
  action: "created" | "updated" | "unchanged" | "absent";
  commentId: number | null;
  /** SHA-256 hex of the body as sent (marker included): store it to skip the next unchanged update. */
  digest: string;
  requests: number;
}

export function withMarker(body: string): string {
  const marked = body.includes(STICKY_MARKER) ? body : `${STICKY_MARKER}\n${body}`;
  if (marked.length <= MAX_COMMENT_BODY) return marked;
  const note = "\n\n… (truncated: GitHub limits comments to 65,536 characters)";
  return marked.slice(0, MAX_COMMENT_BODY - note.length) + note;
}

export async function upsertStickyComment(http: GitHubHttp, ref: RepoRef, input: StickyCommentInput): Promise<StickyCommentResult> {
  const body = withMarker(input.body);
  const digest = await sha256HexAsync(body);
  const before = http.requestCount;
  const done = (action: StickyCommentResult["action"], commentId: number | null): StickyCommentResult => ({
    action,
    commentId,
    digest,
    requests: http.requestCount - before,
  });

  if (input.knownCommentId !== undefined && input.knownDigest === digest) return done("unchanged", input.knownCommentId);

  const existing = (input.knownCommentId !== undefined ? await getComment(http, ref, input.knownCommentId) : null) ?? (await findSticky(http, ref, input.issueNumber));
  if (existing) {
    if ((await sha256HexAsync(existing.body)) === digest) return done("unchanged", existing.id);
    await http.request("PATCH", `${repoPath(ref.owner, ref.repo)}/issues/comments/${existing.id}`, { body: { body } });
    return done("updated", existing.id);
  }
  if (input.updateOnly) return done("absent", null);
  const created = await http.json<IssueComment>("POST", `${repoPath(ref.owner, ref.repo)}/issues/${input.issueNumber}/comments`, { body: { body }, shape: hasNumericId });
  return done("created", created.id);
}

/** Our comment among the PR's comments, or null. */
export async function findSticky(http: GitHubHttp, ref: RepoRef, issueNumber: number): Promise<IssueComment | null> {
  for await (const comment of listIssueComments(http, ref, issueNumber)) {
    if (comment.body.includes(STICKY_MARKER)) return comment;
  }
  return null;
}

export async function* listIssueComments(http: GitHubHttp, ref: RepoRef, issueNumber: number): AsyncGenerator<IssueComment> {
  let response = await http.request("GET", `${repoPath(ref.owner, ref.repo)}/issues/${issueNumber}/comments`, { query: { per_page: PAGE_SIZE } });
  for (;;) {
    const page = await readJsonBody<{ id: number; body?: string | null }[]>(response, `GET ${repoPath(ref.owner, ref.repo)}/issues/${issueNumber}/comments`, isCommentList);
    for (const comment of page) yield { id: comment.id, body: comment.body ?? "" };
    const next = nextLink(response.headers.get("link"));
    if (next === null) return;
    response = await http.requestUrl("GET", next);
  }
}

/** A comment by id when it still exists (it may have been deleted by a human). */
async function getComment(http: GitHubHttp, ref: RepoRef, id: number): Promise<IssueComment | null> {
  const response = await http.request("GET", `${repoPath(ref.owner, ref.repo)}/issues/comments/${id}`, { passStatuses: [404] });
  if (response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  const comment = await readJsonBody<{ id: number; body?: string | null }>(response, `GET ${repoPath(ref.owner, ref.repo)}/issues/comments/${id}`, hasNumericId);
  const body = comment.body ?? "";
  return body.includes(STICKY_MARKER) ? { id: comment.id, body } : null;
}

function isCommentList(body: unknown): boolean {
  return Array.isArray(body) && body.every(hasNumericId);
}

/** The `rel="next"` URL of an RFC 8288 Link header. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (match && match[2]!.split(/\s+/).includes("next")) return match[1]!;
  }
  return null;
}
