import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGitHubClient, type GitHubClient } from "../../src/adapters/github/client.js";
import { MAX_COMMENT_BODY, nextLink, STICKY_MARKER, withMarker } from "../../src/adapters/github/issue-comments.js";
import { startGitHubStandIn, type GitHubStandIn } from "../support/github-server.js";

const TOKEN = "ghp_stickyCommentTests000000000000000";
const REPO = { owner: "acme", repo: "app" };
let github: GitHubStandIn;
let client: GitHubClient;

beforeAll(async () => {
  github = await startGitHubStandIn();
  github.addCommit("acme/app", { "README.md": "x" });
  github.addPlainToken(TOKEN, ["acme/app"]);
  // A busy PR: our comment will land on the second page of 100.
  for (let i = 0; i < 150; i++) github.addComment("acme/app", 7, `review comment ${i}`);
});
afterAll(() => github.stop());
beforeEach(() => {
  github.clearRequests();
  client = createGitHubClient({ baseUrl: github.url, token: TOKEN });
});

const ours = () => [...github.comments.values()].filter((c) => c.issue === 7 && c.body.includes(STICKY_MARKER));

describe("sticky PR comment", () => {
  it("creates, updates in place, then skips an unchanged body", async () => {
    const created = await client.upsertStickyComment(REPO, { issueNumber: 7, body: "### driftcheck\n2 findings" });
    expect(created).toMatchObject({ action: "created", requests: 3 });
    expect(github.requests.map((r) => `${r.method} ${r.path} ${r.query.page ?? ""}`.trim())).toEqual([
      "GET /repos/acme/app/issues/7/comments",
      "GET /repos/acme/app/issues/7/comments 2",
      "POST /repos/acme/app/issues/7/comments",
    ]);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).toBe(`${STICKY_MARKER}\n### driftcheck\n2 findings`);

    github.clearRequests();
    const updated = await client.upsertStickyComment(REPO, { issueNumber: 7, body: "### driftcheck\nResolved" });
    expect(updated).toMatchObject({ action: "updated", commentId: created.commentId, requests: 3 });
    expect(github.requests.at(-1)).toMatchObject({ method: "PATCH", path: `/repos/acme/app/issues/comments/${created.commentId}`, status: 200 });
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.updates).toBe(1);

    github.clearRequests();
    const unchanged = await client.upsertStickyComment(REPO, { issueNumber: 7, body: "### driftcheck\nResolved" });
    expect(unchanged).toMatchObject({ action: "unchanged", commentId: created.commentId, digest: updated.digest });
    expect(github.requests.every((r) => r.method === "GET")).toBe(true);
    expect(ours()[0]!.updates).toBe(1);
  });

  it("with a stored id and digest, an unchanged body sends nothing and a changed one sends GET + PATCH", async () => {
    const first = await client.upsertStickyComment(REPO, { issueNumber: 8, body: "one" });
    expect(first.action).toBe("created");

    github.clearRequests();
    const same = await client.upsertStickyComment(REPO, { issueNumber: 8, body: "one", knownCommentId: first.commentId!, knownDigest: first.digest });
    expect(same).toMatchObject({ action: "unchanged", requests: 0 });
    expect(github.requests).toHaveLength(0);

    const changed = await client.upsertStickyComment(REPO, { issueNumber: 8, body: "two", knownCommentId: first.commentId!, knownDigest: first.digest });
    expect(changed).toMatchObject({ action: "updated", commentId: first.commentId, requests: 2 });
    expect(github.requests.map((r) => r.method)).toEqual(["GET", "PATCH"]);
  });

  it("falls back to listing when the stored comment was deleted or is not ours", async () => {
    const stranger = github.addComment("acme/app", 9, "not ours");
    const result = await client.upsertStickyComment(REPO, { issueNumber: 9, body: "hello", knownCommentId: stranger.id });
    expect(result.action).toBe("created");
    expect(result.commentId).not.toBe(stranger.id);
    expect(github.comments.get(stranger.id)!.body).toBe("not ours");
    const gone = await client.upsertStickyComment(REPO, { issueNumber: 9, body: "hello again", knownCommentId: 999_999 });
    expect(gone).toMatchObject({ action: "updated", commentId: result.commentId });
  });

  it("updateOnly never creates a comment (a clean PR with no earlier findings)", async () => {
    const result = await client.upsertStickyComment(REPO, { issueNumber: 10, body: "all clean", updateOnly: true });
    expect(result).toMatchObject({ action: "absent", commentId: null });
    expect(github.requests.filter((r) => r.method !== "GET")).toHaveLength(0);
  });

  it("lists every comment across pages", async () => {
    const all = await client.listIssueComments(REPO, 7);
    expect(all.filter((c) => c.body.startsWith("review comment"))).toHaveLength(150);
  });

  it("keeps bodies within GitHub's limit", () => {
    const body = withMarker("x".repeat(70_000));
    expect(body.length).toBe(MAX_COMMENT_BODY);
    expect(body.startsWith(STICKY_MARKER)).toBe(true);
    expect(withMarker(`${STICKY_MARKER}\nalready marked`)).toBe(`${STICKY_MARKER}\nalready marked`);
  });

  it("parses Link headers", () => {
    expect(nextLink('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"')).toBe("https://api.github.com/x?page=2");
    expect(nextLink('<https://api.github.com/x?page=1>; rel="prev"')).toBeNull();
    expect(nextLink(null)).toBeNull();
  });
});
