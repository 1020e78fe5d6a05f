import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GitHubApiError } from "../../src/adapters/github/api-errors.js";
import type { CheckRunAnnotation } from "../../src/adapters/github/check-runs.js";
import { createGitHubClient, type GitHubClient } from "../../src/adapters/github/client.js";
import { createGitHubHttp } from "../../src/adapters/github/http.js";
import { DriftcheckError } from "../../src/core/errors.js";
import { createGitHubAppAuth } from "../../src/adapters/github/app-auth.js";
import { generateTestAppKeys, startGitHubStandIn, type GitHubStandIn } from "../support/github-server.js";

const TOKEN = "ghp_standInPlainTokenForTests0123456789";
const REPO = { owner: "acme", repo: "app" };
let github: GitHubStandIn;
let client: GitHubClient;
let commit: string;

beforeAll(async () => {
  github = await startGitHubStandIn();
  commit = github.addCommit("acme/app", {
    "README.md": "# app\n",
    "drizzle/meta/_journal.json": '{"version":"7"}\n',
    "drizzle/0000_init.sql": "CREATE TABLE t (id int);\n",
    "drizzle.config.ts": "export default {};\n",
    "src/ünïcode.txt": "héllo ✓\n",
  }).sha;
  github.addPlainToken(TOKEN, ["acme/app"]);
  github.addPlainToken("ghp_otherRepoOnly000000000000000000", ["acme/other"]);
});
afterAll(() => github.stop());
beforeEach(() => {
  github.clearRequests();
  client = createGitHubClient({ baseUrl: github.url, token: TOKEN, userAgent: "driftcheck-test/1" });
});

async function failure(promise: Promise<unknown>): Promise<GitHubApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GitHubApiError);
  expect(error).toBeInstanceOf(DriftcheckError);
  return error as GitHubApiError;
}

describe("reading files", () => {
  it("lists a commit's tree recursively with the shas real git computes", async () => {
    const tree = await client.getTree(REPO, commit);
    // Expected values from `git write-tree` / `git ls-tree -r -t` on the same files.
    expect(tree.sha).toBe("e10df0993ef17c510872434c5a0f62f5e264686f");
    expect(tree.entries.map((e) => `${e.type} ${e.sha} ${e.path}`)).toEqual([
      "blob e2bd1550b11947a1bcbec6a139dc428f93a47d33 README.md",
      "blob ff8b4c56321a3362fc00224b01800f62466f9a1f drizzle.config.ts",
      "tree 07307a77ceceb6908ff6947e1e2ad11216509799 drizzle",
      "blob 59a25664ce90314c6b1a7a613ba27ca8230a5e52 drizzle/0000_init.sql",
      "tree c841003dfd02e10ff683517b3f5edd654463c7bf drizzle/meta",
      "blob 0efa5b4e3b18548991868582f3bb58bbaf4b8276 drizzle/meta/_journal.json",
      "tree bf5787a127607fdaf1897bea99d3a5c330ba323b src",
      "blob 922546d2b370fcdb20dec9db061f2960c3a118cd src/ünïcode.txt",
    ]);
    const request = github.requests[0]!;
    expect(request.path).toBe(`/repos/acme/app/git/trees/${commit}`);
    expect(request.query).toEqual({ recursive: "1" });
    expect(request.headers["user-agent"]).toBe("driftcheck-test/1");
    expect(request.headers.accept).toBe("application/vnd.github+json");
    expect(request.headers["x-github-api-version"]).toBe("2022-11-28");
  });

  it("reports a truncated tree as a user error", async () => {
    github.setTruncated("acme/app", true);
    try {
      await expect(client.getTree(REPO, commit)).rejects.toMatchObject({ kind: "user", message: expect.stringContaining("truncated") });
    } finally {
      github.setTruncated("acme/app", false);
    }
  });

  it("fetches blobs raw, as UTF-8 text", async () => {
    const tree = await client.getTree(REPO, commit);
    const entry = tree.entries.find((e) => e.path === "src/ünïcode.txt")!;
    expect(await client.getBlobText(REPO, entry.sha)).toBe("héllo ✓\n");
    const blobRequest = github.requests.at(-1)!;
    expect(blobRequest.headers.accept).toBe("application/vnd.github.raw+json");
  });

  it("reads a file at a ref raw, and null for a missing file", async () => {
    expect(await client.getFileTextAtRef(REPO, "drizzle/0000_init.sql", commit)).toBe("CREATE TABLE t (id int);\n");
    expect(await client.getFileTextAtRef(REPO, "src/ünïcode.txt", "main")).toBe("héllo ✓\n");
    expect(await client.getFileTextAtRef(REPO, "driftcheck.json", commit)).toBeNull();
    expect(github.requests[0]!.query).toEqual({ ref: commit });
  });
});

describe("errors", () => {
  it("maps 401 to a user error about the App installation, without the token", async () => {
    const bad = createGitHubClient({ baseUrl: github.url, token: "ghs_notAValidTokenAtAll1234567890" });
    const error = await failure(bad.getTree(REPO, commit));
    expect(error).toMatchObject({ kind: "user", status: 401, transient: false });
    expect(error.hint).toMatch(/check the GitHub App installation\/permissions/i);
    expect(error.message).not.toContain("ghs_notAValid");
  });

  it("maps 404 (unknown repository, invisible repository, unknown sha) to user errors", async () => {
    expect(await failure(client.getTree({ owner: "acme", repo: "nope" }, commit))).toMatchObject({ kind: "user", status: 404 });
    const otherRepo = createGitHubClient({ baseUrl: github.url, token: "ghp_otherRepoOnly000000000000000000" });
    expect(await failure(otherRepo.getTree(REPO, commit))).toMatchObject({ kind: "user", status: 404 });
    expect(await failure(client.getTree(REPO, "f".repeat(40)))).toMatchObject({ kind: "user", status: 404 });
  });

  it("maps 403 without rate-limit signs to a user error about permissions", async () => {
    github.failNext({ status: 403, body: { message: "Resource not accessible by integration" } });
    const error = await failure(client.getTree(REPO, commit));
    expect(error).toMatchObject({ kind: "user", status: 403, transient: false });
    expect(error.message).toContain("Resource not accessible by integration");
  });

  it.each([
    ["503", { status: 503 }, undefined],
    ["500 with retry-after", { status: 500, headers: { "retry-after": "7" } }, 7],
    ["429 with retry-after", { status: 429, headers: { "retry-after": "30" } }, 30],
    ["403 secondary rate limit (retry-after)", { status: 403, headers: { "retry-after": "120" }, body: { message: "You have exceeded a secondary rate limit." } }, 120],
    ["403 secondary rate limit (message only)", { status: 403, body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes." } }, 60],
  ])("maps %s to a transient connection error", async (_name, injected, retryAfter) => {
    github.failNext(injected);
    const error = await failure(client.getTree(REPO, commit));
    expect(error).toMatchObject({ kind: "connection", transient: true, status: injected.status });
    expect(error.retryAfterSeconds).toBe(retryAfter);
  });

  it("computes the wait of a primary rate limit from x-ratelimit-reset", async () => {
    const now = Date.UTC(2026, 0, 1);
    const timed = createGitHubClient({ baseUrl: github.url, token: TOKEN, now: () => now });
    github.failNext({ status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 42) }, body: { message: "API rate limit exceeded" } });
    expect(await failure(timed.getTree(REPO, commit))).toMatchObject({ kind: "connection", transient: true, retryAfterSeconds: 42 });
  });

  it("maps an unreachable server and a timeout to transient connection errors", async () => {
    const down = createGitHubClient({ baseUrl: "http://127.0.0.1:1", token: TOKEN });
    expect(await failure(down.getTree(REPO, commit))).toMatchObject({ kind: "connection", transient: true, status: 0 });
    const slow = createGitHubClient({ baseUrl: github.url, token: TOKEN, timeoutMs: 50, fetch: (input, init) => new Promise((resolve, reject) => {
      init?.signal?.addEventListener("abort", () => reject(init.signal!.reason));
      void input;
      void resolve;
    }) });
    const error = await failure(slow.getTree(REPO, commit));
    expect(error).toMatchObject({ kind: "connection", transient: true });
    expect(error.message).toContain("timed out");
  });

  it("maps a 200 with an HTML page, a body that is not JSON, or JSON of another shape to a transient connection error", async () => {
    const html = Buffer.from("<!DOCTYPE html><html><body>Unicorn! This page is taking too long to load.</body></html>");
    github.failNext({ status: 200, headers: { "content-type": "text/html; charset=utf-8" }, body: html });
    const page = await failure(client.getTree(REPO, commit));
    expect(page).toMatchObject({ kind: "connection", transient: true, status: 200 });
    expect(page.message).toBe(`GitHub answered 200 to GET /repos/acme/app/git/trees/${commit} with an HTML page instead of JSON (text/html).`);

    github.failNext({ status: 200, headers: { "content-type": "application/json" }, body: Buffer.from('{"sha": "abc", "tree": [') });
    expect((await failure(client.getTree(REPO, commit))).message).toContain("with a body that is not JSON");
    github.failNext({ status: 200, body: { message: "ok" } });
    expect(await failure(client.getTree(REPO, commit))).toMatchObject({ kind: "connection", transient: true, message: expect.stringContaining("JSON of an unexpected shape") });
    github.failNext({ status: 200, body: [{ nope: 1 }], path: /\/issues\/\d+\/comments$/ });
    expect(await failure(client.upsertStickyComment(REPO, { issueNumber: 5, body: "x" }))).toMatchObject({ kind: "connection", transient: true });
  });

  it("scrubs token-shaped strings GitHub might echo back", async () => {
    github.failNext({ status: 401, body: { message: `token ${TOKEN} is bad; Bearer abc.def.ghi-jkl_mno and eyJhbGciOi.eyJpc3Mi.c2ln` } });
    const error = await failure(client.getTree(REPO, commit));
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain("eyJhbGciOi");
    expect(error.message).not.toContain("abc.def.ghi-jkl_mno");
  });

  it("never follows a URL to another origin with the token", async () => {
    const http = createGitHubHttp({ baseUrl: github.url, token: TOKEN });
    await expect(http.requestUrl("GET", "https://evil.example/repos/acme/app")).rejects.toMatchObject({ kind: "connection" });
    expect(http.requestCount).toBe(0);
  });
});

describe("check runs", () => {
  const annotations = (n: number): CheckRunAnnotation[] =>
    Array.from({ length: n }, (_, i) => ({ path: "drizzle/0002_x.sql", start_line: i + 1, end_line: i + 1, annotation_level: "warning", message: `finding ${i + 1}` }));

  it("refuses a plain token like GitHub (check runs need an App)", async () => {
    const error = await failure(client.createCheckRun(REPO, { name: "schema-drift", head_sha: commit, status: "in_progress" }));
    expect(error).toMatchObject({ kind: "user", status: 403 });
  });

  describe("with an installation token", () => {
    let app: GitHubClient;
    beforeAll(() => {
      const keys = generateTestAppKeys();
      github.setApp({ id: 1, publicKey: keys.publicKey });
      github.addInstallation({ id: 5, repositories: ["acme/app"] });
      const auth = createGitHubAppAuth({ appId: 1, privateKey: keys.pkcs1, baseUrl: github.url });
      app = createGitHubClient({ baseUrl: github.url, token: auth.tokenProvider(5) });
    });

    it("creates in_progress, then completes with 120 annotations in batches of 50", async () => {
      const created = await app.createCheckRun(REPO, {
        name: "schema-drift",
        head_sha: commit,
        status: "in_progress",
        external_id: "check-1",
        details_url: "https://driftcheck.example/checks/1",
        started_at: "2026-01-01T00:00:00Z",
      });
      expect(created).toMatchObject({ name: "schema-drift", status: "in_progress", conclusion: null, requests: 1 });

      github.clearRequests();
      const completed = await app.updateCheckRun(REPO, created.id, {
        status: "completed",
        conclusion: "failure",
        output: { title: "1 blocking finding", summary: "COLUMN_MISSING soundcloud_tracks.updated_at", text: "details", annotations: annotations(120) },
      });
      expect(completed.requests).toBe(3);
      const patches = github.requestsTo("PATCH", new RegExp(`/check-runs/${created.id}$`));
      expect(patches.map((p) => ((p.body as { output: { annotations: unknown[] } }).output.annotations.length))).toEqual([50, 50, 20]);
      expect(patches.every((p) => p.status === 200)).toBe(true);
      const stored = github.checkRuns.get(created.id)!;
      expect(stored).toMatchObject({ status: "completed", conclusion: "failure", external_id: "check-1", details_url: "https://driftcheck.example/checks/1" });
      expect(stored.output).toEqual({ title: "1 blocking finding", summary: "COLUMN_MISSING soundcloud_tracks.updated_at", text: "details" });
      expect(stored.annotations.map((a) => a.message)).toEqual(annotations(120).map((a) => a.message));
    });

    it("creates a completed run with 51 annotations in one POST and one PATCH", async () => {
      github.clearRequests();
      const run = await app.createCheckRun(REPO, {
        name: "schema-drift",
        head_sha: commit,
        status: "completed",
        conclusion: "success",
        output: { title: "No drift", summary: "ok", annotations: annotations(51) },
      });
      expect(run.requests).toBe(2);
      expect(github.requests.map((r) => `${r.method} ${r.status}`)).toEqual(expect.arrayContaining(["POST 201", "PATCH 200"]));
      expect(github.checkRuns.get(run.id)!.annotations).toHaveLength(51);
    });

    it("cuts summary and text to 65,535 characters with a note", async () => {
      const run = await app.createCheckRun(REPO, {
        name: "schema-drift",
        head_sha: commit,
        conclusion: "neutral",
        output: { title: "big", summary: "s".repeat(70_000), text: "t".repeat(100_000) },
      });
      const stored = github.checkRuns.get(run.id)!;
      expect(stored.output.summary!.length).toBe(65_535);
      expect(stored.output.text!.length).toBe(65_535);
      expect(stored.output.summary).toMatch(/truncated/);
    });

    it("the stand-in answers 422 to bodies that break GitHub's schema", async () => {
      const http = app.http;
      const bad = [
        { head_sha: commit },
        { name: "x", head_sha: commit, status: "completed" },
        { name: "x", head_sha: commit, conclusion: "great" },
        { name: "x", head_sha: commit, output: { summary: "no title" } },
        { name: "x", head_sha: commit, output: { title: "t", summary: "s", annotations: annotations(51) } },
        { name: "x", head_sha: commit, output: { title: "t", summary: "s", annotations: [{ path: "a", start_line: 1 }] } },
      ];
      for (const body of bad) {
        const error = await failure(http.request("POST", "/repos/acme/app/check-runs", { body }));
        expect(error.status).toBe(422);
      }
      const run = await app.createCheckRun(REPO, { name: "x", head_sha: commit, status: "queued" });
      const badUpdates = [{ status: "completed" }, { status: "done" }, { output: { title: "no summary" } }, { extra: 1 }];
      for (const body of badUpdates) {
        const error = await failure(http.request("PATCH", `/repos/acme/app/check-runs/${run.id}`, { body }));
        expect(error.status).toBe(422);
      }
      // A conclusion alone completes the run, as on GitHub.
      expect(await app.updateCheckRun(REPO, run.id, { conclusion: "skipped" })).toMatchObject({ status: "completed", conclusion: "skipped" });
    });
  });
});

describe("commit statuses (the no-App fallback)", () => {
  it("posts a status with a plain token and trims the description", async () => {
    const status = await client.createCommitStatus(REPO, commit, {
      state: "failure",
      context: "schema-drift",
      description: "x".repeat(200),
      target_url: "https://driftcheck.example/checks/9",
    });
    expect(status.state).toBe("failure");
    const stored = github.statuses.at(-1)!;
    expect(stored).toMatchObject({ sha: commit, state: "failure", context: "schema-drift", target_url: "https://driftcheck.example/checks/9" });
    expect(stored.description!.length).toBe(140);
  });

  it("the stand-in refuses an unknown state with 422", async () => {
    const error = await failure(client.http.request("POST", `/repos/acme/app/statuses/${commit}`, { body: { state: "broken" } }));
    expect(error.status).toBe(422);
  });
});

describe("the stand-in itself", () => {
  it("answers 404 to unknown routes, 400 to unparsable JSON and records requests with tokens masked", async () => {
    expect(await failure(client.http.request("GET", "/repos/acme/app/pulls/1"))).toMatchObject({ status: 404 });
    expect(await failure(client.http.request("GET", "/nothing/here"))).toMatchObject({ status: 404 });
    const raw = await fetch(`${github.url}/repos/acme/app/issues/1/comments`, {
      method: "POST",
      headers: { authorization: `token ${TOKEN}`, "user-agent": "t", "content-type": "application/json" },
      body: "{not json",
    });
    expect(raw.status).toBe(400);
    expect(JSON.stringify(github.requests)).not.toContain(TOKEN);
    expect(github.requests.at(-1)!.headers.authorization).toBe("token *** (plain-token)");
  });
});

describe("a pull request's head", () => {
  it("is the head commit GitHub reports, one request; null for a pull request GitHub does not show", async () => {
    github.setPullRequest("acme/app", 5, commit);
    expect(await client.getPullRequestHead(REPO, 5)).toEqual({ sha: commit, state: "open" });
    expect(github.requests.map((request) => `${request.method} ${request.path}`)).toEqual(["GET /repos/acme/app/pulls/5"]);
    expect(await client.getPullRequestHead(REPO, 6)).toBeNull();
  });

  it("an answer without a head commit is a transient GitHub failure, never taken as 'not the head'", async () => {
    github.failNext({ status: 200, body: { number: 5, state: "open" }, path: /\/pulls\/5$/ });
    const error = await failure(client.getPullRequestHead(REPO, 5));
    expect(error.transient).toBe(true);
    expect(error.message).toContain("without the pull request's head commit");
  });
});
