/** Which commit the cron re-checks per repository (src/worker/schedule/live-production.ts). */
import { describe, expect, it } from "vitest";
import { NO_LIVE_SHA_REASON, planLiveProduction } from "../../src/worker/schedule/live-production.js";

const A = "a".repeat(40);
const B = "b".repeat(40);
const C = "c".repeat(40);
const D = "d".repeat(40);

describe("planLiveProduction", () => {
  it("takes the newer of the newest Vercel promotion and the newest push, else the sha the monitor last checked; skips the rest with the reason", () => {
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
          // Pushed before the promotion: Vercel deployed it (or a later commit) since.
          { repo: "acme/vercel", sha: C, ref: "main", createdAt: 15 },
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

  it("a push to the default branch newer than the last promotion wins: the repository stopped deploying on Vercel, or production moved elsewhere", () => {
    const sources = {
      promoted: [{ repo: "acme/moved", sha: A, ref: "main", promotedAt: 1_000 }],
      pushed: [{ repo: "acme/moved", sha: C.toUpperCase(), ref: "main", createdAt: 2_000 }],
      monitored: [{ repo: "acme/moved", sha: A }],
    };
    expect(planLiveProduction([{ repo: "acme/moved", installationId: 3 }], sources).live).toEqual([{ repo: "acme/moved", installationId: 3, sha: C, ref: "main", from: "push" }]);
    // The next promotion is newer again and wins; a promotion as old as the push wins the tie.
    for (const promotedAt of [3_000, 2_000]) {
      const promoted = [...sources.promoted, { repo: "acme/moved", sha: B, ref: null, promotedAt }];
      expect(planLiveProduction([{ repo: "acme/moved", installationId: 3 }], { ...sources, promoted }).live).toEqual([{ repo: "acme/moved", installationId: 3, sha: B, ref: null, from: "vercel" }]);
    }
  });
});
