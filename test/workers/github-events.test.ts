import { describe, expect, it } from "vitest";
import { githubEventToJob } from "../../src/worker/github/events.js";
import { checkRunPayload, checkSuitePayload, installationPayload, installationRepositoriesPayload, pullRequestPayload, pushPayload, webhookExample } from "./webhook-examples.js";

const SHA = "a".repeat(40);

describe("githubEventToJob", () => {
  it.each(["opened", "synchronize", "reopened", "ready_for_review"])("pull_request.%s → preview check of the head", (action) => {
    const decision = githubEventToJob("pull_request", pullRequestPayload({ repo: "acme/app", sha: SHA, branch: "feat", number: 5, action, installation: 7 }), "d1");
    expect(decision).toEqual({
      kind: "job",
      job: { type: "check", source: "github", repo: "acme/app", sha: SHA, ref: "feat", pr: 5, environment: "preview", neonBranch: null, installationId: 7, trigger: "event", deliveryId: "d1", checkId: null, expectedKey: null },
    });
  });

  it("ignores other pull_request actions, pushes elsewhere and branch deletions", () => {
    expect(githubEventToJob("pull_request", pullRequestPayload({ repo: "acme/app", sha: SHA, branch: "f", number: 1, action: "labeled" }), "d").kind).toBe("ignored");
    expect(githubEventToJob("push", pushPayload({ repo: "acme/app", sha: SHA, ref: "refs/heads/dev" }), "d").kind).toBe("ignored");
    expect(githubEventToJob("push", pushPayload({ repo: "acme/app", sha: SHA, ref: "refs/tags/v1" }), "d").kind).toBe("ignored");
    expect(githubEventToJob("push", { ...pushPayload({ repo: "acme/app", sha: "0".repeat(40), ref: "refs/heads/main" }), deleted: true }, "d").kind).toBe("ignored");
    expect(githubEventToJob("issues", webhookExample("issues", "opened"), "d")).toEqual({ kind: "ignored", reason: "event issues" });
  });

  it("push to the default branch → production check", () => {
    const decision = githubEventToJob("push", pushPayload({ repo: "acme/app", sha: SHA, ref: "refs/heads/main" }), "d");
    expect(decision).toMatchObject({ kind: "job", job: { environment: "production", ref: "main", pr: null, sha: SHA, trigger: "event" } });
  });

  it("check_suite requested is the idempotent check; rerequested and check_run rerequested are re-runs", () => {
    const suite = (action: string, branch: string, prs: number[]) => checkSuitePayload({ repo: "acme/app", sha: SHA, branch, action, prs, installation: 3 });
    expect(githubEventToJob("check_suite", suite("requested", "main", []), "d")).toMatchObject({ job: { environment: "production", trigger: "event" } });
    expect(githubEventToJob("check_suite", suite("rerequested", "feat", [9]), "d")).toMatchObject({ job: { environment: "preview", pr: 9, ref: "feat", trigger: "rerun" } });
    expect(githubEventToJob("check_suite", suite("completed", "feat", []), "d").kind).toBe("ignored");
    const run = (action: string) => checkRunPayload({ repo: "acme/app", sha: SHA, branch: "feat", action, prs: [4], installation: 3 });
    expect(githubEventToJob("check_run", run("rerequested"), "d")).toMatchObject({ job: { trigger: "rerun", pr: 4, environment: "preview", installationId: 3 } });
    expect(githubEventToJob("check_run", run("created"), "d").kind).toBe("ignored");
  });

  it("installation events become installation jobs", () => {
    const installation = (action: string, repos?: string[]) => installationPayload({ action, id: 11, account: "acme", ...(repos ? { repos } : {}) });
    expect(githubEventToJob("installation", installation("created", ["acme/app"]), "d")).toEqual({
      kind: "job",
      job: { type: "installation", action: "saved", installationId: 11, account: "acme", repos: ["acme/app"], added: [], removed: [] },
    });
    expect(githubEventToJob("installation", installation("deleted", ["acme/app"]), "d")).toMatchObject({ job: { action: "removed", installationId: 11, repos: ["acme/app"] } });
    expect(githubEventToJob("installation", installation("suspend"), "d").kind).toBe("ignored");
    expect(
      githubEventToJob("installation_repositories", installationRepositoriesPayload({ action: "removed", id: 11, account: "acme", removed: ["acme/old"] }), "d"),
    ).toMatchObject({ job: { action: "repositories", removed: ["acme/old"], added: [] } });
  });

  it("reports the missing field of a relevant event", () => {
    const payload = pullRequestPayload({ repo: "acme/app", sha: "nope", branch: "x", number: 1 });
    const decision = githubEventToJob("pull_request", payload, "d");
    expect(decision).toEqual({ kind: "invalid", message: "pull_request payload: pull_request.head.sha: a 40-character commit sha" });
  });
});
