/** Which commit the cron re-checks per repository (src/worker/schedule/live-production.ts). */
import { describe, expect, it } from "vitest";
import { NO_LIVE_SHA_REASON, planLiveProduction } from "../../src/worker/schedule/live-production.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const C = "c".repeat(40);
const D = "d".repeat(40);

describe("planLiveProduction", () => {
  it("prefers the newest Vercel promotion, then the newest push, then the sha the monitor last checked; skips the rest with the reason", () => {
    const plan = planLiveProduction(
      [
        { repo: "acme/vercel", installationId: 1 },
        { repo: "acme/pushed", installationId: 1 },
        { repo: "acme/quiet", installationId: 2 },
        { repo: "acme/unknown", installationId: 2 },
      ],
      {
        promoted: [
          { repo: "acme/vercel", sha: A, ref: "main", promotedAt: 10 },
          // Another Vercel project of the same repository, promoted later.
          { repo: "acme/vercel", sha: B.toUpperCase(), ref: null, promotedAt: 20 },
          // Not a registered repository.
          { repo: "acme/elsewhere", sha: D, ref: null, promotedAt: 30 },
        ],
        pushed: [
          { repo: "acme/vercel", sha: C, ref: "main", createdAt: 99 },
          { repo: "acme/pushed", sha: C, ref: "trunk", createdAt: 5 },
        ],
        monitored: [
          { repo: "acme/pushed", sha: D },
          { repo: "acme/quiet", sha: D },
        ],
      },
    );
    expect(plan.live).toEqual([
      { repo: "acme/vercel", installationId: 1, sha: B, ref: null, from: "vercel" },
      { repo: "acme/pushed", installationId: 1, sha: C, ref: "trunk", from: "push" },
      { repo: "acme/quiet", installationId: 2, sha: D, ref: null, from: "monitor" },
    ]);
    expect(plan.skipped).toEqual([{ repo: "acme/unknown", reason: NO_LIVE_SHA_REASON }]);
  });
});
