/**
 * Out-of-order deliveries (issue 13, item 7): GitHub delivers webhooks in no guaranteed order and
 * redelivers on request, so the check of a commit that is no longer the pull request's head may
 * finish last. Its check run still completes, but it must not create or change the sticky comment:
 * the Worker asks GitHub for the PR's current head (GET /repos/{o}/{r}/pulls/{n}) before touching it.
 *
 * Commit A reads a Neon branch that lacks the last migration (fails); commit B reads one that has
 * them all (clean). Each commit's driftcheck.json picks its branch, as a repository's config does.
 */
import { describe, expect, it } from "vitest";
import { findLatestCheck } from "../../src/adapters/d1/store.js";
import { db, pullRequestPayload, sendWebhook, waitFor } from "./helpers.js";
import { addBranch, checkRunFor, commit, control, standIns, uniqueRepo } from "./e2e-support.js";

const INSTALLATION = 4242;
const BRANCH = "ooo-feature";

async function project(): Promise<string> {
  const projectId = `proj-ooo-${crypto.randomUUID().slice(0, 6)}`;
  await addBranch({ projectId, name: "main", default: true, state: "all" });
  await addBranch({ projectId, name: `preview/${BRANCH}`, state: "all" });
  await addBranch({ projectId, name: "stale-branch", state: "all-but-last" });
  return projectId;
}

/** A failing commit (A) and a clean one (B) of the same pull request. */
async function commits(repo: string, projectId: string) {
  const failing = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId, branches: { preview: "stale-branch" } } }) });
  const clean = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
  return { failing, clean };
}

/** GitHub's view of the pull request: its head moved to `sha` (a push to the PR's branch). */
function moveHead(repo: string, number: number, sha: string): Promise<void> {
  return control("POST", "/github/pull", { repo, number, sha });
}

/** The check run's conclusion once the D1 check is completed (that happens after the comment is written). */
async function checked(repo: string, sha: string): Promise<string | null> {
  const run = await checkRunFor(repo, sha);
  await waitFor(async () => ((await findLatestCheck(db(), { repo, sha, environment: "preview" }))?.status === "completed" ? true : null), `the D1 check of ${sha.slice(0, 7)}`, 20_000);
  return run.conclusion;
}

async function deliver(repo: string, sha: string, number: number, action: string): Promise<void> {
  const response = await sendWebhook("pull_request", pullRequestPayload({ repo, sha, branch: BRANCH, number, action, installation: INSTALLATION }));
  expect(response.status).toBe(202);
}

describe("a check of a commit that is no longer the PR's head", () => {
  it("completes its check run but creates no comment when the head is clean", async () => {
    const repo = uniqueRepo("ooo-create");
    const { failing, clean } = await commits(repo, await project());
    await moveHead(repo, 31, clean.sha);

    await deliver(repo, clean.sha, 31, "synchronize");
    expect(await checked(repo, clean.sha)).toBe("success");
    // The late synchronize for the older commit.
    await deliver(repo, failing.sha, 31, "synchronize");
    expect(await checked(repo, failing.sha)).toBe("failure");

    const state = await standIns(repo);
    expect(state.comments).toEqual([]);
    // It asked GitHub which commit is the head.
    expect(state.githubRequests.filter((request) => request.method === "GET" && request.path === `/repos/${repo}/pulls/31`).length).toBeGreaterThanOrEqual(1);
  });

  it("leaves a comment resolved by the head's check as it is when an older commit's check finishes late", async () => {
    const repo = uniqueRepo("ooo-update");
    const projectId = await project();
    const { failing, clean } = await commits(repo, projectId);
    await moveHead(repo, 32, failing.sha);
    await deliver(repo, failing.sha, 32, "opened");
    expect(await checked(repo, failing.sha)).toBe("failure");
    const [created] = (await standIns(repo)).comments;
    expect(created?.body).toContain("COLUMN_MISSING");

    await moveHead(repo, 32, clean.sha);
    await deliver(repo, clean.sha, 32, "synchronize");
    expect(await checked(repo, clean.sha)).toBe("success");
    const [resolved] = (await standIns(repo)).comments;
    expect(resolved?.body).toContain("### ✅ driftcheck: resolved");

    // The late synchronize of an older failing commit, pushed before B and never checked yet.
    const older = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId, branches: { preview: "stale-branch" } } }), "NOTES.md": "older\n" });
    await deliver(repo, older.sha, 32, "synchronize");
    expect(await checked(repo, older.sha)).toBe("failure");
    const comments = (await standIns(repo)).comments;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain("### ✅ driftcheck: resolved");
    expect(comments[0]!.updates).toBe(resolved!.updates);
  });

  it("still comments when the check's commit is the head", async () => {
    const repo = uniqueRepo("ooo-head");
    const { failing } = await commits(repo, await project());
    await moveHead(repo, 33, failing.sha);
    await deliver(repo, failing.sha, 33, "opened");
    expect(await checked(repo, failing.sha)).toBe("failure");
    expect((await standIns(repo)).comments).toHaveLength(1);
  });
});

