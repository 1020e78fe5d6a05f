/**
 * The reliability suite, outside systems failing (issue 13): a check job runs with one outside
 * system behind a fault-injecting proxy (test/support/fault-proxy.ts) — 500, 429 with Retry-After,
 * a hang, garbage, a reset connection. Whatever the fault: never a false success (the database
 * here has every migration, so a check that "passed" without comparing would look right — it must
 * not), a reason that names the system, and a transient fault is retried and then succeeds once the
 * system answers again. CI runs one fault per system; the long mode (bench/reliability.ts) runs
 * every fault on every system. The Vercel API fails under a deployment check (`deployment.checkrun.start`):
 * its run is never concluded `succeeded` while Vercel cannot be told, and the retry concludes it.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { findLatestCheck } from "../../../src/adapters/d1/store.js";
import { githubEventToJob } from "../../../src/worker/github/events.js";
import worker, { type Job } from "../../../src/worker/index.js";
import { captureConsole, db, installOn, pushPayload, waitFor } from "../../workers/helpers.js";
import { addBranch, commit, control, standIns, uniqueRepo } from "../../workers/e2e-support.js";
import { vercelEnvelopeToJob } from "../../../src/worker/vercel/events.js";
import { addVercelCheckRun, checkRunPayload, envelope, gitMeta, vercelState } from "../../workers/vercel-support.js";

type System = "github" | "neonApi" | "neonSql";
type Fault = "500" | "429" | "hang" | "garbage" | "reset";
const BINDING: Record<System, keyof Env> = { github: "GITHUB_API_URL", neonApi: "NEON_API_URL", neonSql: "NEON_FETCH_ENDPOINT" };
const NAMED: Record<System, RegExp> = { github: /GitHub/, neonApi: /Neon/, neonSql: /database|Neon|PostgreSQL/i };

const CI_CASES: [System, Fault][] = [
  ["github", "500"],
  ["neonApi", "429"],
  ["neonSql", "reset"],
];
const ALL_CASES: [System, Fault][] = (["github", "neonApi", "neonSql"] as const).flatMap((system) => (["500", "429", "hang", "garbage", "reset"] as const).map((fault): [System, Fault] => [system, fault]));

const logLines = captureConsole();

interface QueueResult {
  retryMessages: { msgId: string }[];
  explicitAcks: string[];
}

async function runJob(job: Job, jobEnv: Env, attempts: number): Promise<QueueResult> {
  const batch = createMessageBatch<Job>("driftcheck-checks", [{ id: `fault-${attempts}-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body: job }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, jobEnv);
  return (await getQueueResult(batch, ctx)) as unknown as QueueResult;
}

describe("an outside system failing during a check", () => {
  for (const [system, fault] of env.RELIABILITY_LONG ? ALL_CASES : CI_CASES) {
    it(`${system}: ${fault} — no false success, a clear reason, retried, then checked`, async () => {
      const projectId = `proj-fault-${crypto.randomUUID().slice(0, 6)}`;
      await addBranch({ projectId, name: "main", default: true, state: "all" });
      const repo = uniqueRepo(`fault-${system}-${fault}`);
      const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
      const decision = githubEventToJob("push", pushPayload({ repo, sha, ref: "refs/heads/main", installation: 4242 }), crypto.randomUUID());
      if (decision.kind !== "job") throw new Error(JSON.stringify(decision));

      const proxy = await control<{ url: string; index: number }>("POST", "/fault-proxy", { system, fault });
      const faulty = { ...env, [BINDING[system]]: proxy.url } as Env;
      const before = logLines.length;
      const first = await runJob(decision.job, faulty, 1);
      const said = logLines.slice(before).join("\n");

      const check = await findLatestCheck(db(), { repo, sha, environment: "production" });
      expect(check?.outcome ?? null, "no false success").not.toBe("pass");
      const runs = (await standIns(repo)).checkRuns.filter((run) => run.head_sha === sha);
      expect(runs.filter((run) => run.conclusion === "success"), "no successful check run").toEqual([]);
      if (first.retryMessages.length === 1) {
        // Transient: retried, and the reason names the system that failed.
        expect(said, "the retry's log line").toMatch(NAMED[system]);
      } else {
        // Concluded at once: "could not check", with the reason stored.
        expect(check?.status).toBe("completed");
        expect(check?.error?.message ?? "", "the stored reason").toMatch(NAMED[system]);
      }
      const proxies = await control<{ seen: number; faulted: number }[]>("GET", "/fault-proxy");
      expect(proxies[proxy.index]!.faulted, "the fault was hit").toBeGreaterThan(0);

      if (first.retryMessages.length === 1) {
        // The system answers again: the retry checks for real.
        const second = await runJob(decision.job, env, 2);
        expect(second.retryMessages).toEqual([]);
        const healed = await waitFor(async () => {
          const latest = await findLatestCheck(db(), { repo, sha, environment: "production" });
          return latest?.status === "completed" ? latest : null;
        }, "the retried check");
        expect(healed.outcome).toBe("pass");
      }
    }, 120_000);
  }
});

type VercelFault = Fault;
// garbage: a 200 that is not Vercel's answer once passed for a recorded conclusion.
const VERCEL_CI_CASES: VercelFault[] = ["500", "garbage"];
const VERCEL_ALL_CASES: VercelFault[] = ["500", "429", "hang", "garbage", "reset"];

describe("the Vercel API failing during a deployment check", () => {
  for (const fault of env.RELIABILITY_LONG ? VERCEL_ALL_CASES : VERCEL_CI_CASES) {
    it(`vercel: ${fault} — the run is never concluded succeeded behind Vercel's back; retried, then concluded`, async () => {
      const projectId = `proj-vfault-${crypto.randomUUID().slice(0, 6)}`;
      await addBranch({ projectId, name: "main", default: true, state: "all" });
      const repo = uniqueRepo(`vfault-${fault}`);
      const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
      await installOn(repo, 4242); // Vercel's payloads carry no installation id
      const deploymentId = `dpl_${crypto.randomUUID().slice(0, 8)}`;
      const checkRunId = `cr_${crypto.randomUUID().slice(0, 10)}`;
      await addVercelCheckRun(deploymentId, checkRunId);
      const decision = vercelEnvelopeToJob(envelope("deployment.checkrun.start", checkRunPayload({ deploymentId, checkRunId, target: "production", meta: gitMeta(repo, sha, "main") })));
      if (decision.kind !== "job") throw new Error(JSON.stringify(decision));

      const proxy = await control<{ url: string; index: number }>("POST", "/fault-proxy", { system: "vercel", fault });
      const before = logLines.length;
      const first = await runJob(decision.job, { ...env, VERCEL_API_URL: proxy.url } as Env, 1);
      const said = logLines.slice(before).join("\n");
      const runOf = async () => (await vercelState()).checkRuns.find((run) => run.id === checkRunId);
      expect((await runOf())?.conclusion ?? null, "no conclusion reached Vercel through the fault").toBeNull();
      expect(first.retryMessages, "a Vercel fault is transient: retried").toHaveLength(1);
      expect(said, "the retry's log line names Vercel").toMatch(/Vercel/);
      const proxies = await control<{ seen: number; faulted: number }[]>("GET", "/fault-proxy");
      expect(proxies[proxy.index]!.faulted, "the fault was hit").toBeGreaterThan(0);

      // Vercel answers again: the retry checks and concludes the run.
      const second = await runJob(decision.job, env, 2);
      expect(second.retryMessages).toEqual([]);
      const concluded = await waitFor(async () => {
        const run = await runOf();
        return run?.status === "completed" ? run : null;
      }, "the Vercel run concluded");
      expect(concluded.conclusion, concluded.conclusionText ?? "").toBe("succeeded");
    }, 120_000);
  }
});
