/**
 * driftcheck.baseline.json in the Worker: committed at the checked commit, its findings are known
 * — listed, never failing the check run — and a new finding still fails. End to end inside
 * workerd against the stand-in GitHub and Neon and real PostgreSQL, like e2e-check-flow.test.ts.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { findLatestCheck, listFindings, type StoredCheck } from "../../src/adapters/d1/store.js";
import { baselineEntries, renderBaseline, withEnvironment } from "../../src/core/baseline.js";
import type { Finding } from "../../src/core/findings.js";
import { db, pullRequestPayload, sendWebhook, waitFor } from "./helpers.js";
import { addBranch, checkRunFor, commit, uniqueRepo } from "./e2e-support.js";

const INSTALLATION = 4242;
// A preview branch of its own: other files migrate the shared `preview/feature-x`.
const BRANCH = "feature-baseline";

async function completedCheck(repo: string, sha: string): Promise<StoredCheck> {
  return waitFor(async () => {
    const check = await findLatestCheck(db(), { repo, sha, environment: "preview" });
    return check?.status === "completed" ? check : null;
  }, `the D1 check of ${repo}@${sha.slice(0, 7)}`, 20_000);
}

describe("driftcheck.baseline.json at the commit", () => {
  const repo = uniqueRepo("baseline");

  beforeAll(async () => {
    await addBranch({ projectId: env.NEON_PROJECT_ID, name: `preview/${BRANCH}`, state: "all-but-last" });
  });

  it("turns today's failure into known findings: the check run succeeds and still lists them", async () => {
    const first = await commit(repo);
    await sendWebhook("pull_request", pullRequestPayload({ repo, sha: first.sha, branch: BRANCH, number: 9, installation: INSTALLATION }));
    expect((await checkRunFor(repo, first.sha)).conclusion).toBe("failure");
    const failed = await completedCheck(repo, first.sha);
    const findings: Finding[] = await listFindings(db(), failed.id);
    expect(findings.map((f) => f.code)).toContain("COLUMN_MISSING");

    const baseline = renderBaseline(withEnvironment(null, "preview", await baselineEntries(findings)));
    const second = await commit(repo, { "driftcheck.baseline.json": baseline });
    await sendWebhook("pull_request", pullRequestPayload({ repo, sha: second.sha, branch: BRANCH, number: 9, installation: INSTALLATION }));
    const run = await checkRunFor(repo, second.sha);
    expect(run.conclusion).toBe("success");
    const passed = await completedCheck(repo, second.sha);
    expect(passed.outcome).toBe("pass");
    // Still listed (D1 stores the findings, not the known mark, which the report carries).
    const listed = await listFindings(db(), passed.id);
    expect(listed.map((f) => `${f.code} ${f.object}`).sort()).toEqual(findings.map((f) => `${f.code} ${f.object}`).sort());
  });

  it("a baseline for another environment, or for another object, does not hide the failure", async () => {
    const other = JSON.stringify({
      version: 1,
      environments: { production: [{ code: "COLUMN_MISSING", object: "public.soundcloud_tracks.updated_at", fingerprint: `sha256:${"0".repeat(64)}` }] },
    });
    const { sha } = await commit(repo, { "driftcheck.baseline.json": other });
    await sendWebhook("pull_request", pullRequestPayload({ repo, sha, branch: BRANCH, number: 9, installation: INSTALLATION }));
    expect((await checkRunFor(repo, sha)).conclusion).toBe("failure");
  });
});
