/**
 * "Accept drift" end to end inside workerd (issue 5): a drifted PR check fails and its
 * `schema-drift` run offers the button (the stand-in GitHub validates the PATCH against GitHub's
 * OpenAPI description); a signed `check_run.requested_action` records who accepted which findings
 * in D1 and re-concludes the run `success` (and the check's failed Vercel run `succeeded`); a re-run
 * of the same commit with the same findings passes with the note; once the branch drifts
 * differently the check fails again; the dashboard shows the acceptance and the check's links.
 * A retried attempt that completes the same run without drift takes the button away.
 *
 * The commit carries one more migration than the example (0003 adds `play_count`), so the branch
 * has two different drifts: before `migrateBranch` both updated_at and play_count are missing;
 * after it (the example's migrations applied) only play_count is.
 */
import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import journal from "../../examples/soundcloud/drizzle/meta/_journal.json" with { type: "json" };
import lastSnapshot from "../../examples/soundcloud/drizzle/meta/0002_snapshot.json" with { type: "json" };
import { findLatestCheck, listAcceptances, listFindings, setGitHubCheckRunId, type StoredCheck } from "../../src/adapters/d1/store.js";
import { githubEventToJob } from "../../src/worker/github/events.js";
import worker, { type Job } from "../../src/worker/index.js";
import { db, pullRequestPayload, sendWebhook, waitFor } from "./helpers.js";
import { addBranch, checkRunFor, checkRunPayload, commit, failGitHubRequests, migrateBranch, standIns, uniqueRepo, webhookExample, type SeenCheckRun } from "./e2e-support.js";
import { decodeEntities, getPage, signIn, storeCompletedCheck } from "./dashboard-helpers.js";
import { addVercelCheckRun, checkRunPayload as vercelCheckRunPayload, envelope, gitMeta, sendVercelWebhook, vercelRun } from "./vercel-support.js";

const INSTALLATION = 4242;
const BRANCH = "accept-x";
const PR = 21;
const ACTION = { label: "Accept drift", description: "Pass this commit with exactly this drift", identifier: "accept_drift" };
const UPDATED_AT = "COLUMN_MISSING public.soundcloud_tracks.updated_at";
const PLAY_COUNT = "COLUMN_MISSING public.soundcloud_tracks.play_count";

const projectId = `proj-accept-${crypto.randomUUID().slice(0, 6)}`;
const repo = uniqueRepo("accept-drift");
let sha: string;

/** drizzle/ files of a fourth migration adding `soundcloud_tracks.play_count`, as drizzle-kit writes them. */
function playCountMigration(): Record<string, string> {
  const snapshot = structuredClone(lastSnapshot) as unknown as { id: string; prevId: string; tables: Record<string, { columns: Record<string, unknown> }> };
  snapshot.prevId = lastSnapshot.id;
  snapshot.id = "5d0f7c3e-3b0a-4f7e-9a57-2f4d3c1b8e01";
  snapshot.tables["public.soundcloud_tracks"]!.columns.play_count = { name: "play_count", type: "integer", primaryKey: false, notNull: false };
  const entries = [...journal.entries, { idx: 3, version: "7", when: journal.entries.at(-1)!.when + 1000, tag: "0003_add_play_count", breakpoints: true }];
  return {
    "drizzle/0003_add_play_count.sql": 'ALTER TABLE "soundcloud_tracks" ADD COLUMN "play_count" integer;',
    "drizzle/meta/0003_snapshot.json": JSON.stringify(snapshot, null, 2),
    "drizzle/meta/_journal.json": JSON.stringify({ ...journal, entries }, null, 2),
  };
}

/** GitHub's published `check_run.requested_action` example, pointed at our run. */
function requestedActionPayload(options: { run: SeenCheckRun; login: string; identifier?: string }) {
  const payload = webhookExample("check_run", "requested_action");
  const [owner = "", name = ""] = repo.split("/");
  payload.repository = { ...payload.repository, full_name: repo, name, default_branch: "main", owner: { ...payload.repository.owner, login: owner } };
  payload.installation = { ...payload.installation, id: INSTALLATION };
  const example = payload.check_run as Record<string, unknown> & { check_suite: Record<string, unknown> };
  payload.check_run = {
    ...example,
    id: options.run.id,
    name: options.run.name,
    head_sha: options.run.head_sha,
    external_id: options.run.external_id,
    status: options.run.status,
    conclusion: options.run.conclusion,
    check_suite: { ...example.check_suite, head_sha: options.run.head_sha, head_branch: BRANCH },
  };
  payload.requested_action = { identifier: options.identifier ?? ACTION.identifier };
  payload.sender = { ...(payload.sender as Record<string, unknown>), login: options.login };
  return payload;
}

/** The body of the PATCH that last concluded `runId`, as the stand-in GitHub received and accepted it. */
async function concludingPatch(runId: number): Promise<{ body: Record<string, unknown>; status: number }> {
  const patches = (await standIns(repo)).githubRequests.filter(
    (request) => request.method === "PATCH" && request.path === `/repos/${repo}/check-runs/${runId}` && typeof (request.body as { conclusion?: unknown }).conclusion === "string",
  );
  const last = patches.at(-1);
  if (!last) throw new Error(`no concluding PATCH of check run ${runId}`);
  return { body: last.body as Record<string, unknown>, status: last.status };
}

async function completedCheck(predicate: (check: StoredCheck) => boolean = () => true): Promise<StoredCheck> {
  return waitFor(async () => {
    const check = await findLatestCheck(db(), { repo, sha, environment: "preview" });
    return check?.status === "completed" && predicate(check) ? check : null;
  }, `the D1 check of ${repo}@${sha.slice(0, 7)}`, 20_000);
}

async function rerun(seen: number[]): Promise<SeenCheckRun> {
  const response = await sendWebhook("check_run", checkRunPayload({ repo, sha, branch: BRANCH, action: "rerequested", prs: [PR], installation: INSTALLATION }));
  expect(response.status).toBe(202);
  return checkRunFor(repo, sha, (run) => !seen.includes(run.id) && run.status === "completed");
}

beforeAll(async () => {
  await addBranch({ projectId, name: "main", default: true, state: "all" });
  await addBranch({ projectId, name: `preview/${BRANCH}`, state: "all-but-last" });
  ({ sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }), ...playCountMigration() }));
});

describe("Accept drift", () => {
  let failed: SeenCheckRun;
  let firstCheck: StoredCheck;
  let rerunCheck: StoredCheck;
  let differentCheck: StoredCheck;
  const vercelDeployment = `dpl_${crypto.randomUUID().slice(0, 8)}`;
  const vercelRunId = `cr_${crypto.randomUUID().slice(0, 10)}`;

  it("a drifted PR check fails and its run offers the \"Accept drift\" action", async () => {
    const response = await sendWebhook("pull_request", pullRequestPayload({ repo, sha, branch: BRANCH, number: PR, installation: INSTALLATION }));
    expect(response.status).toBe(202);
    failed = await checkRunFor(repo, sha);
    expect(failed.conclusion).toBe("failure");
    expect(failed.output.title).toContain("COLUMN_MISSING");

    const patch = await concludingPatch(failed.id);
    // 200: the stand-in validated the body (actions included) against GitHub's OpenAPI schema.
    expect(patch.status).toBe(200);
    expect(patch.body.actions).toEqual([ACTION]);

    firstCheck = await completedCheck();
    expect(firstCheck).toMatchObject({ outcome: "fail", githubCheckRunId: failed.id, pr: PR });
    const keys = (await listFindings(db(), firstCheck.id)).map((finding) => `${finding.code} ${finding.object}`);
    expect(keys).toEqual(expect.arrayContaining([UPDATED_AT, PLAY_COUNT]));

    // A Vercel deployment of the same commit: its check run concludes from the stored outcome, `failed`.
    await addVercelCheckRun(vercelDeployment, vercelRunId);
    const started = await sendVercelWebhook(
      envelope("deployment.checkrun.start", vercelCheckRunPayload({ deploymentId: vercelDeployment, checkRunId: vercelRunId, target: null, meta: gitMeta(repo, sha, BRANCH, PR) })),
    );
    expect(started.status).toBe(202);
    const vercel = await vercelRun(vercelRunId);
    expect(vercel.conclusion).toBe("failed");
    expect(vercel.externalId).toBe(firstCheck.id);
  });

  it("other requested actions are ignored", async () => {
    const response = await sendWebhook("check_run", requestedActionPayload({ run: failed, login: "mona", identifier: "lgtm" }));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: "ignored" });
  });

  it("a signed check_run.requested_action records the acceptance and re-concludes the run `success`", async () => {
    const response = await sendWebhook("check_run", requestedActionPayload({ run: failed, login: "mona" }));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: "enqueued" });

    const accepted = await checkRunFor(repo, sha, (run) => run.id === failed.id && run.conclusion === "success");
    expect(accepted.output.title).toMatch(/^drift accepted by @mona \(COLUMN_MISSING/);
    expect(accepted.output.summary).toContain("Drift accepted by @mona");
    expect(accepted.output.summary).toContain(UPDATED_AT);
    expect(accepted.output.summary).toContain(PLAY_COUNT);
    // The note comes first; the report stays under it: the findings table, their fix SQL and the details link.
    const [note = "", report = ""] = accepted.output.summary!.split("\n---\n");
    expect(note).toMatch(/^### ✅ Drift accepted by @mona/);
    expect(report).toContain("### ❌ driftcheck: fail");
    expect(report).toMatch(/\| 🔴 error \| `COLUMN_MISSING` \| `soundcloud_tracks\.updated_at` \|/);
    expect(report).toMatch(/\| 🔴 error \| `COLUMN_MISSING` \| `soundcloud_tracks\.play_count` \|/);
    expect(report).toContain("<details><summary>Fix SQL (");
    expect(report).toContain("ALTER TABLE public.soundcloud_tracks ADD COLUMN play_count integer;");
    expect(report).toContain(`[Details on the dashboard](https://driftcheck.test/checks/${firstCheck.id})`);
    const patch = await concludingPatch(failed.id);
    expect(patch.status).toBe(200);
    expect(patch.body.actions).toEqual([]); // the button goes away
    expect(accepted.actions).toEqual([]);

    const acceptances = await listAcceptances(db(), { repo, sha, environment: "preview" });
    expect(acceptances).toHaveLength(1);
    const findings = await listFindings(db(), firstCheck.id);
    expect(acceptances[0]).toMatchObject({ acceptedBy: "mona", checkId: firstCheck.id, findingKeys: [...new Set(findings.map((finding) => `${finding.code} ${finding.object}`))].sort() });
    expect(acceptances[0]!.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The stored truth is unchanged: the check failed.
    expect((await findLatestCheck(db(), { repo, sha, environment: "preview" }))?.outcome).toBe("fail");

    // The check's failed Vercel run passes too.
    const vercel = await vercelRun(vercelRunId, (run) => run.conclusion === "succeeded");
    expect(vercel.conclusionText).toContain("drift accepted by @mona");
  });

  it("a second click (or a redelivery) keeps the first acceptance", async () => {
    const before = (await checkRunFor(repo, sha, (run) => run.id === failed.id)).updates;
    await sendWebhook("check_run", requestedActionPayload({ run: failed, login: "hubot" }));
    const again = await checkRunFor(repo, sha, (run) => run.id === failed.id && run.updates > before);
    expect(again.conclusion).toBe("success");
    expect(again.output.title).toContain("@mona");
    const acceptances = await listAcceptances(db(), { repo, sha, environment: "preview" });
    expect(acceptances.map((acceptance) => acceptance.acceptedBy)).toEqual(["mona"]);
  });

  it("a re-run of the same commit with the same findings concludes `success` with the note", async () => {
    const run = await rerun([failed.id]);
    expect(run.conclusion).toBe("success");
    expect(run.output.title).toMatch(/^drift accepted by @mona \(COLUMN_MISSING/);
    expect(run.output.summary).toContain("Drift accepted by @mona");
    // The note comes first, then the full report as usual.
    const [note = "", report = ""] = run.output.summary!.split("\n---\n");
    expect(note).toMatch(/^### ✅ Drift accepted by @mona/);
    expect(report).toContain("updated_at");
    expect(report).toContain("play_count");
    // Completing a run always sets its buttons: none here.
    expect((await concludingPatch(run.id)).body.actions).toEqual([]);
    expect(run.actions).toEqual([]);

    rerunCheck = await completedCheck((check) => check.id !== firstCheck.id);
    expect(rerunCheck).toMatchObject({ outcome: "fail", run: 2, githubCheckRunId: run.id });
  });

  it("after the branch drifts differently the check fails again: the acceptance does not carry over", async () => {
    await migrateBranch(projectId, `preview/${BRANCH}`); // updated_at appears; play_count is still missing
    const run = await rerun([failed.id, rerunCheck.githubCheckRunId!]);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toContain("COLUMN_MISSING soundcloud_tracks.play_count");
    expect(run.output.title).not.toContain("accepted");
    expect(run.output.summary).not.toContain("Drift accepted");
    expect((await concludingPatch(run.id)).body.actions).toEqual([ACTION]);

    differentCheck = await completedCheck((check) => check.id !== firstCheck.id && check.id !== rerunCheck.id);
    const keys = (await listFindings(db(), differentCheck.id)).map((finding) => `${finding.code} ${finding.object}`);
    expect(keys).toContain(PLAY_COUNT);
    expect(keys).not.toContain(UPDATED_AT);
    expect(await listAcceptances(db(), { repo, sha, environment: "preview" })).toHaveLength(1);
  });

  it("the dashboard shows the accepted drift, and links to the commit, the PR and the Vercel deployment", async () => {
    const cookie = await signIn();
    const html = await (await getPage(`/checks/${firstCheck.id}`, cookie)).text();
    const text = decodeEntities(html);
    expect(html).toContain("badge-fail"); // the check's own outcome stays `fail`
    expect(html).toContain('<span class="badge badge-pass">drift accepted</span>');
    const section = text.slice(text.indexOf("<h2>Accepted drift</h2>"), text.indexOf("<h2>Findings</h2>"));
    expect(section).toContain('href="https://github.com/mona">@mona</a>');
    expect(section).toContain(`<code>${UPDATED_AT}</code>`);
    expect(section).toContain(`<code>${PLAY_COUNT}</code>`);
    expect(section).toMatch(/<time datetime="\d{4}-/);
    expect(html).toContain(`href="https://github.com/${repo}/commit/${sha}"`);
    expect(html).toContain(`href="https://github.com/${repo}/pull/${PR}"`);
    expect(html).toContain(`href="https://app-${vercelDeployment}.vercel.app"`);

    // The re-run that passed because of it shows the same acceptance, pointing at the check it was made on.
    const rerunPage = decodeEntities(await (await getPage(`/checks/${rerunCheck.id}`, cookie)).text());
    expect(rerunPage).toContain("drift accepted");
    expect(rerunPage).toContain(`href="/checks/${firstCheck.id}"`);

    // The check with other findings is not accepted; the page says the acceptance does not apply.
    const different = decodeEntities(await (await getPage(`/checks/${differentCheck.id}`, cookie)).text());
    expect(different).not.toContain('<span class="badge badge-pass">drift accepted</span>');
    expect(different).toContain("An acceptance of other findings for this commit does not apply to this check");
  });

  it("a click on a run whose check did not fail on drift accepts nothing and reports nothing", async () => {
    const passRepo = uniqueRepo("accept-pass");
    const passing = await storeCompletedCheck({ repo: passRepo, environment: "preview", findings: [] });
    await setGitHubCheckRunId(db(), passing.id, 987_654, Date.now());
    const job: Job = { type: "accept-drift", repo: passRepo, checkRunId: 987_654, checkId: passing.id, installationId: INSTALLATION, login: "mona", deliveryId: crypto.randomUUID() };
    await worker.queue(createMessageBatch<Job>("driftcheck-checks", [{ id: "accept-pass", timestamp: new Date(), attempts: 1, body: job }]), env);
    expect(await listAcceptances(db(), { repo: passRepo, sha: passing.sha, environment: "preview" })).toEqual([]);
    expect((await standIns(passRepo)).githubRequests).toEqual([]);
  });
});

describe("a retried check attempt", () => {
  it("that no longer fails takes the \"Accept drift\" button its first attempt put on the same run away", async () => {
    const retryProject = `proj-retry-${crypto.randomUUID().slice(0, 6)}`;
    await addBranch({ projectId: retryProject, name: "main", default: true, state: "all" });
    await addBranch({ projectId: retryProject, name: `preview/${BRANCH}`, state: "all-but-last" });
    const retryRepo = uniqueRepo("accept-retry");
    const { sha: retrySha } = await commit(retryRepo, { "driftcheck.json": JSON.stringify({ neon: { projectId: retryProject } }) });
    const decision = githubEventToJob("pull_request", pullRequestPayload({ repo: retryRepo, sha: retrySha, branch: BRANCH, number: PR, installation: INSTALLATION }), crypto.randomUUID());
    if (decision.kind !== "job") throw new Error(`pull_request payload: ${JSON.stringify(decision)}`);
    const deliver = (attempts: number) =>
      worker.queue(createMessageBatch<Job>("driftcheck-checks", [{ id: `accept-retry-${attempts}`, timestamp: new Date(), attempts, body: decision.job }]), env);

    // Attempt 1 concludes the run `failure` with the button, then GitHub fails the PR comment (502): the job is retried.
    await failGitHubRequests(`^/repos/${retryRepo}/issues/\\d+/comments`, 502);
    await deliver(1);
    const first = await checkRunFor(retryRepo, retrySha);
    expect(first.conclusion).toBe("failure");
    expect(first.actions).toEqual([ACTION]);
    expect(await findLatestCheck(db(), { repo: retryRepo, sha: retrySha, environment: "preview" })).toMatchObject({ status: "queued", attempts: 1 });

    // The branch is migrated meanwhile: attempt 2 passes, on the same run, which keeps no button.
    await migrateBranch(retryProject, `preview/${BRANCH}`);
    await deliver(2);
    const retried = await checkRunFor(retryRepo, retrySha, (run) => run.id === first.id && run.conclusion === "success");
    expect(retried.actions).toEqual([]);
    expect((await standIns(retryRepo)).checkRuns.filter((run) => run.head_sha === retrySha)).toHaveLength(1);
  });
});

describe("check_run.requested_action → job", () => {
  const run = { id: 555, name: "schema-drift", head_sha: "a".repeat(40), external_id: "check-1", status: "completed", conclusion: "failure" } as SeenCheckRun;

  it("\"Accept drift\" becomes an accept-drift job naming the run, its check, the installation and the sender", () => {
    expect(githubEventToJob("check_run", requestedActionPayload({ run, login: "mona" }), "delivery-1")).toEqual({
      kind: "job",
      job: { type: "accept-drift", repo, checkRunId: 555, checkId: "check-1", installationId: INSTALLATION, login: "mona", deliveryId: "delivery-1" },
    });
    const withoutExternalId = githubEventToJob("check_run", requestedActionPayload({ run: { ...run, external_id: "" }, login: "mona" }), "d");
    expect(withoutExternalId).toMatchObject({ kind: "job", job: { checkId: null, checkRunId: 555 } });
  });

  it("ignores other identifiers and clicks without a sender login; refuses a payload without the run id", () => {
    expect(githubEventToJob("check_run", requestedActionPayload({ run, login: "mona", identifier: "lgtm|26764" }), "d")).toEqual({ kind: "ignored", reason: "requested action lgtm|26764" });
    const anonymous = { ...requestedActionPayload({ run, login: "mona" }), sender: null };
    expect(githubEventToJob("check_run", anonymous, "d").kind).toBe("ignored");
    const broken = requestedActionPayload({ run, login: "mona" });
    delete (broken.check_run as { id?: number }).id;
    expect(githubEventToJob("check_run", broken, "d")).toEqual({ kind: "invalid", message: "check_run payload: check_run.id: Invalid input: expected number, received undefined" });
  });
});
