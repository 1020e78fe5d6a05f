import { describe, expect, it } from "vitest";
import { githubEventToJob } from "../../src/worker/github/events.js";
import { pullRequestPayload, pushPayload } from "./helpers.js";

const SHA = "a".repeat(40);
const repository = { full_name: "acme/app", default_branch: "main" };

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
    expect(githubEventToJob("issues", { action: "opened" }, "d")).toEqual({ kind: "ignored", reason: "event issues" });
  });

  it("push to the default branch → production check", () => {
    const decision = githubEventToJob("push", pushPayload({ repo: "acme/app", sha: SHA, ref: "refs/heads/main" }), "d");
    expect(decision).toMatchObject({ kind: "job", job: { environment: "production", ref: "main", pr: null, sha: SHA, trigger: "event" } });
  });

  it("check_suite requested is the idempotent check; rerequested and check_run rerequested are re-runs", () => {
    const suite = (action: string, branch: string, prs: number[]) => ({
      action,
      check_suite: { head_sha: SHA, head_branch: branch, pull_requests: prs.map((number) => ({ number })) },
      repository,
      installation: { id: 3 },
    });
    expect(githubEventToJob("check_suite", suite("requested", "main", []), "d")).toMatchObject({ job: { environment: "production", trigger: "event" } });
    expect(githubEventToJob("check_suite", suite("rerequested", "feat", [9]), "d")).toMatchObject({ job: { environment: "preview", pr: 9, ref: "feat", trigger: "rerun" } });
    expect(githubEventToJob("check_suite", suite("completed", "feat", []), "d").kind).toBe("ignored");
    const run = {
      action: "rerequested",
      check_run: { head_sha: SHA, pull_requests: [{ number: 4 }], check_suite: { head_branch: "feat" } },
      repository,
      installation: { id: 3 },
    };
    expect(githubEventToJob("check_run", run, "d")).toMatchObject({ job: { trigger: "rerun", pr: 4, environment: "preview", installationId: 3 } });
    expect(githubEventToJob("check_run", { ...run, action: "created" }, "d").kind).toBe("ignored");
  });

  it("installation events become installation jobs", () => {
    const installation = { id: 11, account: { login: "acme" } };
    expect(githubEventToJob("installation", { action: "created", installation, repositories: [{ full_name: "acme/app" }] }, "d")).toEqual({
      kind: "job",
      job: { type: "installation", action: "saved", installationId: 11, account: "acme", repos: ["acme/app"], added: [], removed: [] },
    });
    expect(githubEventToJob("installation", { action: "deleted", installation }, "d")).toMatchObject({ job: { action: "removed", repos: [] } });
    expect(githubEventToJob("installation", { action: "suspend", installation }, "d").kind).toBe("ignored");
    expect(
      githubEventToJob("installation_repositories", { action: "removed", installation, repositories_added: [], repositories_removed: [{ full_name: "acme/old" }] }, "d"),
    ).toMatchObject({ job: { action: "repositories", removed: ["acme/old"], added: [] } });
  });

  it("reports the missing field of a relevant event", () => {
    const decision = githubEventToJob("pull_request", { action: "opened", number: 1, pull_request: { head: { sha: "nope", ref: "x" } }, repository }, "d");
    expect(decision).toEqual({ kind: "invalid", message: "pull_request payload: pull_request.head.sha: a 40-character commit sha" });
  });
});
