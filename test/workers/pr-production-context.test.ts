/**
 * PR context (issue 5, point 6) inside workerd: a pull request's check compares the PR's expected
 * schema with its preview branch AND with the production branch (a second read-only round trip
 * through the real `neon()` client), and its `schema-drift` summary gains "What production will
 * lack when this merges". The section is context: it never changes the check's conclusion, and a
 * production branch that cannot be compared — or not within the comparison's own deadline — is a
 * note, not a failure. The two round trips run concurrently (the SQL stand-in records when each
 * request started and ended).
 */
import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { findLatestCheck, getProductionContext, listFindings } from "../../src/adapters/d1/store.js";
import { githubEventToJob } from "../../src/worker/github/events.js";
import worker, { type Job } from "../../src/worker/index.js";
import { db, pullRequestPayload, pushPayload, sendWebhook, waitFor } from "./helpers.js";
import { addBranch, checkRunFor, commit, delayNeonSql, migrateBranch, standIns, uniqueRepo } from "./e2e-support.js";
import { decodeEntities, getPage, signIn, storeCompletedCheck } from "./dashboard-helpers.js";

const INSTALLATION = 4242;
const HEADING = "What production will lack when this merges";

type BranchState = "all-but-last" | "all" | "unreachable";

/** A Neon project whose production (default) branch and `preview/<ref>` branch hold the given migrations. */
async function neonProject(production: BranchState, ref: string, preview: BranchState) {
  const projectId = `proj-prctx-${crypto.randomUUID().slice(0, 6)}`;
  const main = await addBranch({ projectId, name: "main", default: true, state: production });
  const feature = await addBranch({ projectId, name: `preview/${ref}`, state: preview });
  return { projectId, main, feature };
}

/** SQL-over-HTTP requests the stand-in received for one branch's endpoint. */
async function sqlRequestsTo(host: string) {
  // `connection` is `user@host[:port]/database`.
  return (await standIns()).neonHttpRequests.filter((request) => request.connection?.split("@")[1]?.split("/")[0]?.split(":")[0] === host);
}

/** The D1 check is completed after the check run is reported. */
function completedCheck(repo: string, sha: string, environment: "preview" | "production" = "preview") {
  return waitFor(async () => {
    const check = await findLatestCheck(db(), { repo, sha, environment });
    return check?.status === "completed" ? check : null;
  }, `the completed ${environment} check of ${repo}`);
}

/** A pull request's check job run by the consumer with this delivery's production-comparison deadline. */
/** main's code pushed and checked against production (the push's own check), as a repo's history has it. */
async function checkMainInProduction(repo: string, files: Record<string, string>) {
  const onMain = await commit(repo, files);
  expect((await sendWebhook("push", pushPayload({ repo, sha: onMain.sha, ref: "refs/heads/main", installation: INSTALLATION }))).status).toBe(202);
  return completedCheck(repo, onMain.sha, "production");
}

async function runPullRequestJob(repo: string, sha: string, ref: string, number: number, productionDeadlineMs: number): Promise<void> {
  const decision = githubEventToJob("pull_request", pullRequestPayload({ repo, sha, branch: ref, number, installation: INSTALLATION }), crypto.randomUUID());
  if (decision.kind !== "job") throw new Error(`pull_request payload: ${JSON.stringify(decision)}`);
  // The Worker's settings for this batch shorten the comparison's deadline (PRODUCTION_CONTEXT_BUDGET_MS by default).
  const shortDeadline = { ...env, NEON_PRODUCTION_CONTEXT_TIMEOUT_MS: String(productionDeadlineMs) } as Env;
  await worker.queue(createMessageBatch<Job>("driftcheck-checks", [{ id: `${repo}-${sha}`, timestamp: new Date(), attempts: 1, body: decision.job }]), shortDeadline);
}

async function openPullRequest(repo: string, sha: string, ref: string, number: number): Promise<void> {
  const response = await sendWebhook("pull_request", pullRequestPayload({ repo, sha, branch: ref, number, installation: INSTALLATION }));
  expect(response.status).toBe(202);
}

describe("PR check: what production will lack when this merges", () => {
  it("a PR whose code adds a column production lacks passes on its preview and shows production's COLUMN_MISSING with its fix", async () => {
    // The preview branch ran every migration; production has not run 0002 (updated_at).
    const { projectId, main, feature } = await neonProject("all-but-last", "prctx-add", "all");
    const repo = uniqueRepo("prctx-add");
    const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
    await openPullRequest(repo, sha, "prctx-add", 21);

    const run = await checkRunFor(repo, sha);
    // The outcome is the preview's: production's findings never fail the PR check.
    expect(run.conclusion).toBe("success");
    expect(run.output.title).toBe("no schema drift");
    const summary = run.output.summary ?? "";
    const section = summary.slice(summary.indexOf(HEADING));
    expect(summary).toContain(`#### ${HEADING}`);
    expect(section).toContain("`main`");
    expect(section).toMatch(/\| 🔴 error \| `COLUMN_MISSING` \| `soundcloud_tracks\.updated_at` \|/);
    expect(section).toContain("`0002_add_updated_at`");
    expect(section).toContain("<summary>Fix SQL for production (");
    expect(section).toContain("ALTER TABLE public.soundcloud_tracks ADD COLUMN updated_at timestamp with time zone DEFAULT now() NOT NULL;");

    const stored = await completedCheck(repo, sha);
    expect(stored).toMatchObject({ outcome: "pass", errorCount: 0, attempts: 1 });
    // Kept with the check for the dashboard's check page.
    expect(await getProductionContext(db(), stored.id)).toMatchObject({ kind: "compared", branchName: "main", omitted: 0, findings: expect.arrayContaining([expect.objectContaining({ code: "COLUMN_MISSING", expected: null, actual: null })]) });
    const page = decodeEntities(await (await getPage(`/checks/${stored.id}`, await signIn())).text());
    const onPage = page.slice(page.indexOf(`<h2>${HEADING}</h2>`));
    expect(onPage).toContain("The production branch <code>main</code>");
    expect(onPage).toContain("COLUMN_MISSING</strong> <code>public.soundcloud_tracks.updated_at</code>");
    expect(onPage).toContain("ALTER TABLE public.soundcloud_tracks ADD COLUMN updated_at timestamp with time zone DEFAULT now() NOT NULL;");
    // The preview is clean, but the author should hear what production lacks: the sticky comment says it.
    const [comment, ...others] = (await standIns(repo)).comments;
    expect(others).toHaveLength(0);
    expect(comment!.body).toContain("<!-- driftcheck -->");
    expect(comment!.body).toContain("### ⚠️ driftcheck: production lacks what this pull request expects");
    expect(comment!.body).toContain(`The preview branch has everything the code at \`${sha.slice(0, 7)}\` expects.`);
    expect(comment!.body).toContain(`#### ${HEADING}`);
    expect(comment!.body).toMatch(/\| 🔴 error \| `COLUMN_MISSING` \| `soundcloud_tracks\.updated_at` \|/);

    // One read-only transaction per branch: the preview's and production's.
    for (const host of [feature.host, main.host]) {
      const requests = await sqlRequestsTo(host);
      expect(requests, `SQL requests to ${host}`).toHaveLength(1);
      expect(requests[0]!.status).toBe(200);
      expect(requests[0]!.headers["neon-batch-read-only"]).toBe("true");
      expect(Array.isArray((requests[0]!.body as { queries?: unknown }).queries)).toBe(true);
    }
  });

  it("follows production's migrationsRunOnDeploy: a column a pending migration adds on deploy is not something production will lack", async () => {
    const { projectId, main } = await neonProject("all-but-last", "prctx-deploy", "all");
    const repo = uniqueRepo("prctx-deploy");
    const config = { neon: { projectId }, environments: { production: { migrationsRunOnDeploy: true } } };
    const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify(config) });
    await openPullRequest(repo, sha, "prctx-deploy", 22);

    const run = await checkRunFor(repo, sha);
    expect(run.conclusion).toBe("success");
    const section = (run.output.summary ?? "").split(HEADING)[1] ?? "";
    expect(section).toContain("it has everything the code expects");
    expect(section).toMatch(/\d+ info findings? not shown/);
    expect(section).not.toContain("COLUMN_MISSING");
    expect(await sqlRequestsTo(main.host)).toHaveLength(1);
    await completedCheck(repo, sha);
    expect((await standIns(repo)).comments).toHaveLength(0);
  });

  it("does not comment on drift production already had: the default branch's own check reported it", async () => {
    const { projectId } = await neonProject("all-but-last", "prctx-known", "all");
    const repo = uniqueRepo("prctx-known");
    const files = { "driftcheck.json": JSON.stringify({ neon: { projectId } }) };
    // main's code already expects updated_at and production lacks it: its push check says so.
    await checkMainInProduction(repo, files);

    // A PR that changes nothing about it: the section lists production's gap, but no comment is started.
    const pr = await commit(repo, { ...files, "README.md": "unrelated change" });
    await openPullRequest(repo, pr.sha, "prctx-known", 26);
    const run = await checkRunFor(repo, pr.sha);
    expect(run.conclusion).toBe("success");
    expect((run.output.summary ?? "").split(HEADING)[1]).toMatch(/`COLUMN_MISSING` \| `soundcloud_tracks\.updated_at`/);
    await completedCheck(repo, pr.sha);
    expect((await standIns(repo)).comments).toHaveLength(0);
  });

  it("never calls a comment resolved while production still lacks something, even drift it already had", async () => {
    const { projectId } = await neonProject("all-but-last", "prctx-keep", "all-but-last");
    const repo = uniqueRepo("prctx-keep");
    const files = { "driftcheck.json": JSON.stringify({ neon: { projectId } }) };
    await checkMainInProduction(repo, files);

    // The preview lacks updated_at too: the PR's own drift starts the comment.
    const first = await commit(repo, { ...files, "README.md": "first" });
    await openPullRequest(repo, first.sha, "prctx-keep", 30);
    await completedCheck(repo, first.sha);
    const [created] = (await standIns(repo)).comments;
    expect(created!.body).toContain("COLUMN_MISSING");

    // The preview is migrated; production still lacks the column (drift on record): updated, not resolved.
    await migrateBranch(projectId, "preview/prctx-keep");
    const second = await commit(repo, { ...files, "README.md": "second" });
    await openPullRequest(repo, second.sha, "prctx-keep", 30);
    await completedCheck(repo, second.sha);
    const [updated, ...others] = (await standIns(repo)).comments;
    expect(others).toHaveLength(0);
    expect(updated!.id).toBe(created!.id);
    expect(updated!.body).toContain("### ⚠️ driftcheck: production lacks what this pull request expects");
    expect(updated!.body).not.toContain("resolved");
  });

  it("drift on record only counts when production's own event or cron check found it, expecting the same", async () => {
    // The exact finding a production check of the example app reports (main lacks updated_at).
    const reference = await neonProject("all-but-last", "prctx-ref", "all");
    const referenceRepo = uniqueRepo("prctx-ref");
    const mainCheck = await checkMainInProduction(referenceRepo, { "driftcheck.json": JSON.stringify({ neon: { projectId: reference.projectId } }) });
    const known = await listFindings(db(), mainCheck.id);
    expect(known.filter((finding) => finding.code === "COLUMN_MISSING")).toHaveLength(1);

    const prWithDriftOnRecord = async (name: string, number: number, onRecord: Parameters<typeof storeCompletedCheck>[0]) => {
      const { projectId } = await neonProject("all-but-last", name, "all");
      const repo = uniqueRepo(name);
      await storeCompletedCheck({ ...onRecord, repo });
      const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
      await openPullRequest(repo, sha, name, number);
      await completedCheck(repo, sha);
      return (await standIns(repo)).comments;
    };
    // An API check (any sha, maybe another expected schema or branch) is not production's record.
    expect(await prWithDriftOnRecord("prctx-api", 27, { repo: "", environment: "production", source: "api", findings: known })).toHaveLength(1);
    // Production's own check found the column missing, but expecting another type: the PR changes what production lacks.
    const otherType = known.map((finding) => (finding.code === "COLUMN_MISSING" ? { ...finding, expected: { ...(finding.expected as object), type: "text" } } : finding));
    expect(await prWithDriftOnRecord("prctx-other", 28, { repo: "", environment: "production", source: "github", findings: otherType })).toHaveLength(1);
    // The same finding from production's own check: the PR did not cause it.
    expect(await prWithDriftOnRecord("prctx-same", 29, { repo: "", environment: "production", source: "github", findings: known })).toHaveLength(0);
  });

  it("says so when production cannot be compared (not 'resolved'), and marks the comment resolved once production has what the PR expects", async () => {
    const { projectId, main } = await neonProject("all-but-last", "prctx-heal", "all");
    const repo = uniqueRepo("prctx-heal");
    const files = { "driftcheck.json": JSON.stringify({ neon: { projectId } }) };
    const first = await commit(repo, files);
    await openPullRequest(repo, first.sha, "prctx-heal", 23);
    await completedCheck(repo, first.sha);
    const [created] = (await standIns(repo)).comments;
    expect(created!.body).toContain(HEADING);

    // Production answers too late: the preview is still clean, but nobody knows whether production is.
    await delayNeonSql(main.host, 5_000);
    try {
      const second = await commit(repo, { ...files, "README.md": "second commit" });
      await runPullRequestJob(repo, second.sha, "prctx-heal", 23, 1_000);
      expect((await checkRunFor(repo, second.sha)).output.summary).toContain("could not compare with production");
      await completedCheck(repo, second.sha);
      const [updated, ...others] = (await standIns(repo)).comments;
      expect(others).toHaveLength(0);
      expect(updated!.id).toBe(created!.id);
      expect(updated!.body).toContain("### driftcheck: preview clean, production not compared");
      expect(updated!.body).toContain("could not compare with production: the production branch did not answer within 1 s.");
      expect(updated!.body).not.toContain("resolved");
      expect(updated!.body).not.toContain("COLUMN_MISSING");
    } finally {
      await delayNeonSql(main.host, 0);
    }

    await migrateBranch(projectId, "main");
    const third = await commit(repo, { ...files, "README.md": "third commit" });
    await openPullRequest(repo, third.sha, "prctx-heal", 23);
    await completedCheck(repo, third.sha);
    const comments = (await standIns(repo)).comments;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.id).toBe(created!.id);
    expect(comments[0]!.body).toContain("driftcheck: resolved");
    expect(comments[0]!.body).toContain("the preview branch and production (`main`) have everything");
    expect(comments[0]!.body).not.toContain("COLUMN_MISSING");
  });

  it("a production branch that cannot be reached is a note — the PR check still concludes from its preview, without a retry", async () => {
    const { projectId, main } = await neonProject("unreachable", "prctx-down", "all-but-last");
    const repo = uniqueRepo("prctx-down");
    const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
    await openPullRequest(repo, sha, "prctx-down", 23);

    const run = await checkRunFor(repo, sha);
    // The preview lacks updated_at: that is the check's outcome, whatever production did.
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toContain("COLUMN_MISSING");
    const section = (run.output.summary ?? "").split(HEADING)[1] ?? "";
    expect(section).toMatch(/could not compare with production: \S/);
    expect(section).not.toContain("canary-pw");
    expect(await completedCheck(repo, sha)).toMatchObject({ outcome: "fail", attempts: 1 });
    expect((await sqlRequestsTo(main.host)).length).toBeGreaterThan(0);

    // The sticky comment (the preview has blocking findings) carries the same note.
    const comment = (await standIns(repo)).comments[0];
    expect(comment?.body).toContain(HEADING);
    expect(comment?.body).toContain("could not compare with production:");
  });

  it("runs the production round trip concurrently with the preview's: their SQL requests overlap", async () => {
    const { projectId, main, feature } = await neonProject("all-but-last", "prctx-overlap", "all");
    // The preview's introspection is held long enough that a comparison started only after it
    // (sequentially) could not begin before it ends.
    await delayNeonSql(feature.host, 1_500);
    try {
      const repo = uniqueRepo("prctx-overlap");
      const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
      await openPullRequest(repo, sha, "prctx-overlap", 24);
      const run = await checkRunFor(repo, sha);
      expect(run.output.summary).toContain("`COLUMN_MISSING`");

      const [preview] = await sqlRequestsTo(feature.host);
      const [production] = await sqlRequestsTo(main.host);
      expect(preview?.endedAt, "the preview's request ended").toEqual(expect.any(Number));
      expect(production?.endedAt, "production's request ended").toEqual(expect.any(Number));
      // Overlap: each started before the other ended.
      expect(production!.startedAt).toBeLessThan(preview!.endedAt!);
      expect(preview!.startedAt).toBeLessThan(production!.endedAt!);
    } finally {
      await delayNeonSql(feature.host, 0);
    }
  });

  it("a production branch slower than the comparison's own deadline is a note — the PR check concludes on its preview in time", async () => {
    const { projectId, main } = await neonProject("all", "prctx-slow", "all-but-last");
    // Longer than the deadline below; without a deadline the check would wait for all of it.
    // Far longer than the 2 s deadline plus a busy one-core machine's preview check.
    const productionDelayMs = 30_000;
    await delayNeonSql(main.host, productionDelayMs);
    try {
      const repo = uniqueRepo("prctx-slow");
      const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
      const started = Date.now();
      await runPullRequestJob(repo, sha, "prctx-slow", 25, 2_000);
      expect(Date.now() - started, "the check did not wait for production").toBeLessThan(productionDelayMs);

      const run = await checkRunFor(repo, sha);
      // The preview lacks updated_at: that is the outcome, with production's note under it.
      expect(run.conclusion).toBe("failure");
      expect(run.output.title).toContain("COLUMN_MISSING");
      const section = (run.output.summary ?? "").split(HEADING)[1] ?? "";
      expect(section).toContain("could not compare with production: the production branch did not answer within 2 s.");
      const completed = await completedCheck(repo, sha);
      expect(completed).toMatchObject({ outcome: "fail", attempts: 1 });
      expect(await getProductionContext(db(), completed.id)).toEqual({ kind: "failed", message: "the production branch did not answer within 2 s." });
      // The request to production was made, and given up on.
      expect(await sqlRequestsTo(main.host)).toHaveLength(1);
    } finally {
      await delayNeonSql(main.host, 0);
    }
  });

  it("is absent for a check that is not a pull request's (a push to the default branch)", async () => {
    const { projectId, main, feature } = await neonProject("all-but-last", "prctx-push", "all");
    const repo = uniqueRepo("prctx-push");
    const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
    const response = await sendWebhook("push", pushPayload({ repo, sha, ref: "refs/heads/main", installation: INSTALLATION }));
    expect(response.status).toBe(202);

    const run = await checkRunFor(repo, sha);
    expect(run.conclusion).toBe("failure");
    expect(run.output.summary).not.toContain(HEADING);
    expect(await sqlRequestsTo(main.host)).toHaveLength(1);
    expect(await sqlRequestsTo(feature.host)).toHaveLength(0);
    const check = await completedCheck(repo, sha, "production");
    expect(await getProductionContext(db(), check.id)).toBeNull();
    const page = await (await getPage(`/checks/${check.id}`, await signIn())).text();
    expect(page).not.toContain(HEADING);
  });
});
