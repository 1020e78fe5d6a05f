/**
 * Issue 13 item 9: every identifier in a signed webhook is validated at the door — repository
 * names by GitHub's rules, delivery ids as GUIDs, branch names by git's — and a bad one answers
 * 400 with nothing stored (no delivery row, no check) for either webhook route.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { getDeliveryStatus } from "../../src/adapters/d1/store.js";
import { db, pullRequestPayload, pushPayload, randomSha, sendWebhook } from "./helpers.js";
import { deploymentPayload, envelope, gitMeta, sendVercelWebhook } from "./vercel-support.js";

const BAD_REPOS = ["", "/", "acme/", "/app", "../../etc/passwd", "acme/..", `acme/${"A".repeat(10_000)}`, `${"a".repeat(40)}/app`, "acme/app\nInjected: 1", "acme/a b", "-acme/app", "acme/app/extra", "acme/<img>"];

/** Rows a delivery left behind (its de-duplication record, checks made for it). */
async function storedFor(deliveryId: string): Promise<number> {
  const deliveries = await env.DB.prepare("SELECT count(*) AS n FROM deliveries WHERE id = ?").bind(deliveryId).first<{ n: number }>();
  const checks = await env.DB.prepare("SELECT count(*) AS n FROM checks WHERE delivery_id = ?").bind(deliveryId).first<{ n: number }>();
  return deliveries!.n + checks!.n;
}

describe("GitHub webhook identifiers", () => {
  it("answers 400 for an invalid repository full_name in a pull_request, push or installation, storing nothing", async () => {
    for (const repo of BAD_REPOS) {
      const delivery = crypto.randomUUID();
      const pr = await sendWebhook("pull_request", { ...pullRequestPayload({ repo: "acme/app", sha: randomSha(), branch: "feature/x", number: 7 }), repository: { full_name: repo, default_branch: "main" } }, { delivery });
      expect(pr.status, JSON.stringify(repo.slice(0, 40))).toBe(400);
      expect(await pr.text()).toContain("repository.full_name");
      expect(await getDeliveryStatus(db(), delivery)).toBeNull();
      const pushDelivery = crypto.randomUUID();
      const push = await sendWebhook("push", { ...pushPayload({ repo: "acme/app", sha: randomSha(), ref: "refs/heads/main" }), repository: { full_name: repo, default_branch: "main" } }, { delivery: pushDelivery });
      expect(push.status, JSON.stringify(repo.slice(0, 40))).toBe(400);
      const installDelivery = crypto.randomUUID();
      const installed = await sendWebhook("installation_repositories", { action: "added", installation: { id: 5, account: { login: "acme" } }, repositories_added: [{ full_name: repo }], repositories_removed: [] }, { delivery: installDelivery });
      expect(installed.status, JSON.stringify(repo.slice(0, 40))).toBe(400);
      for (const id of [delivery, pushDelivery, installDelivery]) expect(await storedFor(id)).toBe(0);
    }
  });

  it("answers 400 for a delivery id that is not a GUID (a 120 KB one included), storing nothing", async () => {
    for (const delivery of ["x".repeat(120 * 1024), "delivery-1", "../../etc/passwd", `${crypto.randomUUID()}x`]) {
      const response = await sendWebhook("push", pushPayload({ repo: "acme/ids", sha: randomSha(), ref: "refs/heads/main" }), { delivery });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("X-GitHub-Delivery");
      expect(await storedFor(delivery)).toBe(0);
    }
  });

  it("answers 400 for a branch name git would refuse", async () => {
    for (const branch of ["a..b", "x\ny", "has space", "x".repeat(300), "ends.lock"]) {
      const response = await sendWebhook("pull_request", pullRequestPayload({ repo: "acme/app", sha: randomSha(), branch, number: 8 }));
      expect(response.status, JSON.stringify(branch.slice(0, 40))).toBe(400);
    }
  });

  it("still accepts real names: dots, underscores, hyphens, a 100-character repository", async () => {
    for (const repo of ["acme/app.js", "a-b/c_d-e.f", `octo-cat/${"r".repeat(100)}`, "mona_acme/app"]) {
      const response = await sendWebhook("pull_request", pullRequestPayload({ repo, sha: randomSha(), branch: "feature/ok-1.2", number: 9 }));
      expect(response.status, repo).toBe(202);
    }
  });
});

describe("Vercel webhook identifiers", () => {
  it("answers 400 for an invalid envelope id, deployment id or repository, storing nothing", async () => {
    const sha = randomSha();
    const cases = [
      envelope("deployment.created", deploymentPayload({ deploymentId: "dpl_ok" }), "x".repeat(5000)),
      envelope("deployment.created", deploymentPayload({ deploymentId: "dpl_ok" }), "evt\n1"),
      envelope("deployment.created", deploymentPayload({ deploymentId: "../../etc/passwd" })),
      envelope("deployment.created", deploymentPayload({ deploymentId: "dpl_ok", meta: gitMeta("acme/../../x", sha, "main") })),
      envelope("deployment.created", deploymentPayload({ deploymentId: "dpl_ok", meta: { ...gitMeta("acme/app", sha, "main"), githubCommitOrg: "a".repeat(10_000) } })),
      envelope("deployment.created", deploymentPayload({ deploymentId: "dpl_ok", meta: gitMeta("acme/app", sha, "bad\nbranch") })),
    ];
    for (const body of cases) {
      const response = await sendVercelWebhook(body);
      expect(response.status, JSON.stringify(body).slice(0, 120)).toBe(400);
      expect(await storedFor(body.id)).toBe(0);
    }
  });
});
