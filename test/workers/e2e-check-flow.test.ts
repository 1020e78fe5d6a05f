/**
 * End to end inside workerd: a signed GitHub webhook → the Worker reads the drizzle folder from
 * the stand-in GitHub, resolves the branch at the stand-in Neon API, introspects real PostgreSQL
 * 15 through the real `neon()` client and the local SQL-over-HTTP endpoint, stores the check in
 * D1 and reports a `schema-drift` check run and the sticky PR comment to the stand-in GitHub.
 * The last test proves no secret reached D1, a log line, a report or a stand-in request body.
 */
import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { findLatestCheck, listFindings, type StoredCheck } from "../../src/adapters/d1/store.js";
import worker, { type Job } from "../../src/worker/index.js";
import { captureConsole, db, pullRequestPayload, pushPayload, sendWebhook, waitFor } from "./helpers.js";
import { addBranch, checkRunFor, commit, migrateBranch, standIns, uniqueRepo } from "./e2e-support.js";

const INSTALLATION = 4242;
const logLines = captureConsole();

async function completedCheck(repo: string, sha: string, environment: "preview" | "production"): Promise<StoredCheck> {
  return waitFor(async () => {
    const check = await findLatestCheck(db(), { repo, sha, environment });
    return check?.status === "completed" ? check : null;
  }, `the D1 check of ${repo}@${sha.slice(0, 7)}`, 20_000);
}

describe("pull request → check run and sticky comment", () => {
  const repo = uniqueRepo("soundcloud");

  it("fails with COLUMN_MISSING soundcloud_tracks.updated_at while the last migration is unapplied, and comments", async () => {
    const { sha } = await commit(repo);
    const response = await sendWebhook("pull_request", pullRequestPayload({ repo, sha, branch: "feature-x", number: 7, installation: INSTALLATION }));
    expect(response.status).toBe(202);

    const run = await checkRunFor(repo, sha);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toContain("COLUMN_MISSING");
    expect(run.output.title).toContain("soundcloud_tracks.updated_at");
    expect(run.output.summary).toContain("updated_at");
    expect(run.details_url).toMatch(/^https:\/\/driftcheck\.test\/checks\/[0-9a-f-]{36}$/);
    // The finding points at the migration that would fix it.
    expect(run.annotations.some((annotation) => annotation.path === "drizzle/0002_add_updated_at.sql" && annotation.annotation_level === "failure")).toBe(true);

    const check = await completedCheck(repo, sha, "preview");
    expect(check).toMatchObject({ outcome: "fail", githubCheckRunId: run.id, pr: 7 });
    const findings = await listFindings(db(), check.id);
    expect(findings.find((finding) => finding.code === "COLUMN_MISSING")).toMatchObject({
      severity: "error",
      pendingMigration: "0002_add_updated_at",
    });
    expect(findings.find((finding) => finding.code === "COLUMN_MISSING")?.object).toMatch(/soundcloud_tracks\.updated_at$/);

    const comments = (await standIns(repo)).comments;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain("<!-- driftcheck -->");
    expect(comments[0]!.body).toContain("COLUMN_MISSING");
    expect(comments[0]!.issue).toBe(7);
  });

  it("passes once the migration is applied to the preview; the same comment now says what production lacks", async () => {
    await migrateBranch(env.NEON_PROJECT_ID, "preview/feature-x");
    const { sha } = await commit(repo, { "CHANGELOG.md": "Ran the migration.\n" });
    const response = await sendWebhook("pull_request", pullRequestPayload({ repo, sha, branch: "feature-x", number: 7, action: "synchronize", installation: INSTALLATION }));
    expect(response.status).toBe(202);

    const run = await checkRunFor(repo, sha);
    expect(run.conclusion).toBe("success");
    expect((await completedCheck(repo, sha, "preview")).outcome).toBe("pass");

    // Production (`main`) has not run the migration and this repository does not run migrations on
    // deploy: merging now would break production, so the comment is not resolved but updated to
    // say so (pr-production-context.test.ts resolves one once production catches up).
    const comments = (await standIns(repo)).comments;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain("<!-- driftcheck -->");
    expect(comments[0]!.body).toContain("### ⚠️ driftcheck: production lacks what this pull request expects");
    expect(comments[0]!.body).toContain("What production will lack when this merges");
    expect(comments[0]!.body).toMatch(/\| 🔴 error \| `COLUMN_MISSING` \| `soundcloud_tracks\.updated_at` \|/);
    expect(comments[0]!.updates).toBe(1);
  });
});

describe("steady state", () => {
  it("reads an unchanged drizzle folder with exactly one GitHub tree request and no blob", async () => {
    const repo = uniqueRepo("steady");
    const first = await commit(repo);
    await sendWebhook("push", pushPayload({ repo, sha: first.sha, ref: "refs/heads/main", installation: INSTALLATION }));
    expect((await checkRunFor(repo, first.sha)).conclusion).toBe("failure");
    await completedCheck(repo, first.sha, "production");
    const before = (await standIns(repo)).githubRequests.length;

    const second = await commit(repo, { "README.md": "Only the readme changed.\n" });
    await sendWebhook("push", pushPayload({ repo, sha: second.sha, ref: "refs/heads/main", installation: INSTALLATION }));
    expect((await checkRunFor(repo, second.sha)).conclusion).toBe("failure");
    const check = await completedCheck(repo, second.sha, "production");

    const reads = (await standIns(repo)).githubRequests.slice(before).filter((request) => request.method === "GET");
    expect(reads.filter((request) => request.path.includes("/git/trees/"))).toHaveLength(1);
    expect(reads.filter((request) => request.path.includes("/git/blobs/") || request.path.includes("/contents/"))).toHaveLength(0);
    expect(check.outcome).toBe("fail");
  });
});

describe("could not check", () => {
  it("a committed snapshot of 5 MiB of `[` is a folder error naming the file and the limit, in bounded time (no stalled isolate)", async () => {
    const repo = uniqueRepo("nested");
    const { sha } = await commit(repo, { "drizzle/meta/0002_snapshot.json": "[".repeat(5 * 1024 * 1024) });
    const started = Date.now();
    await sendWebhook("push", pushPayload({ repo, sha, ref: "refs/heads/main", installation: INSTALLATION }));
    const run = await checkRunFor(repo, sha);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("could not check");
    expect(run.output.summary).toContain("drizzle/meta/0002_snapshot.json nests arrays or objects deeper than driftcheck's limit of 64 levels");
  });

  it("an unreachable database is retried, then concluded `failure` \"could not check\" for production — never success", async () => {
    const repo = uniqueRepo("unreachable");
    const projectId = `proj-down-${crypto.randomUUID().slice(0, 6)}`;
    await addBranch({ projectId, name: "main", default: true, state: "unreachable" });
    const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
    const delivery = crypto.randomUUID();
    await sendWebhook("push", pushPayload({ repo, sha, ref: "refs/heads/main", installation: INSTALLATION }), { delivery });

    // First attempt: transient failure recorded, the message retried, the run still open.
    const retried = await waitFor(async () => {
      const check = await findLatestCheck(db(), { repo, sha, environment: "production" });
      return check?.status === "queued" && check.error ? check : null;
    }, "the first attempt's transient failure", 20_000);
    expect(retried.error?.kind).toBe("connection");
    const open = await checkRunFor(repo, sha, (run) => run.status === "in_progress");
    expect(open.conclusion).toBeNull();

    // Retries exhausted: the platform hands the message to the dead-letter queue's consumer.
    const job: Job = {
      type: "check", source: "github", repo, sha, ref: "main", pr: null, environment: "production", neonBranch: null,
      installationId: INSTALLATION, trigger: "event", deliveryId: delivery, checkId: null, expectedKey: null,
    };
    const batch = createMessageBatch<Job>("driftcheck-checks-dlq", [{ id: "dead-1", timestamp: new Date(), attempts: 1, body: job }]);
    await worker.queue(batch, env);

    const run = await checkRunFor(repo, sha);
    expect(run.id).toBe(open.id);
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("could not check");
    expect(run.output.summary).toContain("gave up");
    const check = await completedCheck(repo, sha, "production");
    expect(check.outcome).toBe("error");
    expect((await standIns(repo)).checkRuns.some((seen) => seen.conclusion === "success")).toBe(false);
  });

  it("a preview whose Neon branch does not exist yet is `neutral` \"waiting for Neon branch\", then re-checked when it appears", async () => {
    const repo = uniqueRepo("waiting");
    const projectId = `proj-wait-${crypto.randomUUID().slice(0, 6)}`;
    await addBranch({ projectId, name: "main", default: true, state: "all" });
    const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
    await sendWebhook("pull_request", pullRequestPayload({ repo, sha, branch: "feature-late", number: 3, installation: INSTALLATION }));

    const waiting = await checkRunFor(repo, sha, (run) => run.conclusion === "neutral");
    expect(waiting.output.title).toBe("waiting for Neon branch");
    expect(waiting.output.summary).toContain("preview/feature-late");
    const open = await findLatestCheck(db(), { repo, sha, environment: "preview" });
    expect(open?.status).not.toBe("completed");

    // The branch appears (Vercel's preview deployed); the delayed re-check finds it.
    await addBranch({ projectId, name: "preview/feature-late", state: "all-but-last" });
    const run = await checkRunFor(repo, sha, (seen) => seen.conclusion === "failure");
    expect(run.id).toBe(waiting.id);
    expect(run.output.title).toContain("COLUMN_MISSING");
    expect((await completedCheck(repo, sha, "preview")).outcome).toBe("fail");
  });
});

describe("secrets", () => {
  it("the read-only password, the Neon API key, installation tokens and the App key appear in no D1 row, log line, report or stand-in request body", async () => {
    const state = await standIns();
    // The password was really used: the SQL endpoint accepted the read-only role with it.
    expect(state.neonHttpRequests.some((request) => request.connection?.startsWith("driftcheck_readonly@") && request.status === 200)).toBe(true);
    expect(state.installationTokens.length).toBeGreaterThan(0);
    expect(logLines.some((line) => line.includes("driftcheck:"))).toBe(true);

    const keyBody = env.GITHUB_APP_PRIVATE_KEY.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
    const canaries = [env.NEON_READONLY_PASSWORD, env.NEON_API_KEY, ...state.installationTokens, keyBody.slice(40, 100)];

    const tables = ["deliveries", "checks", "findings", "expected_schemas", "migration_hashes", "installations", "pr_comments"];
    const rows: unknown[] = [];
    for (const table of tables) rows.push(...(await env.DB.prepare(`SELECT * FROM ${table}`).all()).results);
    const places: Record<string, string> = {
      "D1 rows": JSON.stringify(rows),
      "log lines": logLines.join("\n"),
      "check runs": JSON.stringify(state.checkRuns),
      "PR comments": JSON.stringify(state.comments),
      "GitHub request bodies": JSON.stringify(state.githubRequests.map((request) => request.body)),
      "Neon SQL request bodies": JSON.stringify(state.neonHttpRequests.map((request) => request.body)),
      "Neon API requests": JSON.stringify(state.neonApiRequests),
    };
    expect(rows.length).toBeGreaterThan(0);
    for (const [place, text] of Object.entries(places)) {
      for (const canary of canaries) expect(text.includes(canary), `a secret appears in ${place}`).toBe(false);
    }
  });
});
