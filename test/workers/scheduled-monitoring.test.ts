/**
 * Scheduled production monitoring end to end inside workerd (issue 5, point 8): the Worker's real
 * `scheduled` handler fans out one queue job per registered repository; the consumer re-checks the
 * commit live in production against the production Neon branch (real PostgreSQL 15 behind the
 * stand-in Neon SQL endpoint), stores a NEW check, and the production monitor posts to the
 * stand-in Slack incoming webhook: drift introduced out of band is alerted once, the same drift
 * never again, the fix alerts the recovery once; an alert the webhook refuses is sent again by
 * the next cron; an alert whose claim was never settled is sent again rather than lost; a check
 * that gives up alerts "could not check"; drift accepted for the live commit does not alert and
 * ends an outage like a pass. No GitHub check run is created for a scheduled check.
 */
import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  completeCheck,
  createCheckRun,
  findCheckByDelivery,
  findLatestCheck,
  getProductionMonitor,
  getVercelProduction,
  listFindings,
  openDb,
  recordAcceptance,
  saveFindings,
  type StoredCheck,
} from "../../src/adapters/d1/store.js";
import type { Finding } from "../../src/core/findings.js";
import { loadConfig } from "../../src/worker/config.js";
import { findingKeys, findingsFingerprint } from "../../src/worker/acceptance/fingerprint.js";
import worker, { type Job } from "../../src/worker/index.js";
import { NO_LIVE_SHA_REASON } from "../../src/worker/schedule/live-production.js";
import { CLAIM_STALE_MS, recordScheduledConclusion, type MonitorScope } from "../../src/worker/schedule/monitor.js";
import { scheduledCheckJob, scheduledDeliveryId } from "../../src/worker/schedule/fan-out.js";
import { db, pushPayload, randomSha, sendWebhook, waitFor } from "./helpers.js";
import { addBranch, checkRunPayload, commit, standIns, uniqueRepo } from "./e2e-support.js";
import { alertsFor, captureLogs, failAlerts, failingD1, installOn, runCron, runSqlOnBranch, scheduledCheck } from "./scheduled-support.js";
import { deploymentPayload, envelope, gitMeta, sendVercelWebhook } from "./vercel-support.js";

/** The stand-in GitHub's App installation (it mints tokens for this id only). */
const INSTALLATION = 4242;
const logs = captureLogs();
afterAll(async () => {
  // Let the last cron's other re-checks finish before the stand-ins go away (a retry waiting on its
  // backoff is left alone).
  await waitFor(async () => {
    const busy = await env.DB.prepare("SELECT count(*) AS n FROM checks WHERE status = 'in_progress' OR (status = 'queued' AND error IS NULL)").first<{ n: number }>();
    return busy?.n === 0 ? true : null;
  }, "in-flight checks to settle", 20_000).catch(() => undefined);
  logs.restore();
});

/** A repository of examples/soundcloud checked against `projectId`, installed, with a push to main checked. */
async function productionRepo(prefix: string, projectId: string): Promise<{ repo: string; sha: string; pushCheck: StoredCheck }> {
  const repo = uniqueRepo(prefix);
  const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
  await installOn(repo, INSTALLATION);
  expect((await sendWebhook("push", pushPayload({ repo, sha, ref: "refs/heads/main", installation: INSTALLATION }))).status).toBe(202);
  const pushCheck = await waitFor(async () => {
    const check = await findLatestCheck(db(), { repo, sha, environment: "production" });
    return check?.status === "completed" ? check : null;
  }, `the push check of ${repo}`, 20_000);
  return { repo, sha, pushCheck };
}

function newProject(label: string): string {
  return `proj-sched-${label}-${crypto.randomUUID().slice(0, 6)}`;
}

describe("the cron re-checks production and alerts on drift", () => {
  const projectId = newProject("mon");
  const vercelProject = newProject("vercel");
  let repo: string;
  let sha: string;
  let vercelRepo: string;
  let promotedSha: string;
  const unknownRepo = uniqueRepo("sched-never-pushed");

  beforeAll(async () => {
    await addBranch({ projectId, name: "main", default: true, state: "all" });
    await addBranch({ projectId: vercelProject, name: "main", default: true, state: "all" });
    ({ repo, sha } = await productionRepo("sched-mon", projectId));
    // A repository Vercel deploys: a push checked, then a later commit promoted to production.
    ({ repo: vercelRepo } = await productionRepo("sched-vercel", vercelProject));
    ({ sha: promotedSha } = await commit(vercelRepo, { "driftcheck.json": JSON.stringify({ neon: { projectId: vercelProject } }), "CHANGELOG.md": "Promoted.\n" }));
    const deploymentId = `dpl_${crypto.randomUUID().slice(0, 8)}`;
    const promoted = envelope("deployment.promoted", deploymentPayload({ deploymentId, target: "production", meta: gitMeta(vercelRepo, promotedSha, "main"), projectId: "prj_sched_vercel" }));
    expect((await sendVercelWebhook(promoted)).status).toBe(202);
    await waitFor(async () => ((await getVercelProduction(db(), "prj_sched_vercel"))?.sha === promotedSha ? true : null), "the promoted deployment");
    // Installed, but nothing tells which commit runs in production.
    await installOn(unknownRepo, INSTALLATION);
  }, 90_000);

  it("re-checks the live sha of each registered repository as a new run: stored, no GitHub check run, no alert", async () => {
    const runsBefore = (await standIns(repo)).checkRuns.length;
    const readsBefore = (await standIns(repo)).githubRequests.filter((request) => request.method === "GET").length;
    const time = await runCron();

    const { check, monitor } = await scheduledCheck(time, repo);
    expect(check).toMatchObject({ source: "schedule", sha, environment: "production", run: 2, outcome: "pass", githubCheckRunId: null });
    expect(monitor).toMatchObject({ sha, lastCheckId: check.id, lastOutcome: "pass", alertedState: "ok", alertedFingerprint: null });
    // Read through the GitHub App (the drizzle folder at the commit), reported nowhere on GitHub.
    const after = await standIns(repo);
    expect(after.githubRequests.filter((request) => request.method === "GET").length).toBeGreaterThan(readsBefore);
    expect(after.checkRuns).toHaveLength(runsBefore);
    expect(after.comments).toHaveLength(0);

    // Vercel's promotion wins over the older push.
    const vercel = await scheduledCheck(time, vercelRepo);
    expect(vercel.check).toMatchObject({ source: "schedule", sha: promotedSha, outcome: "pass" });

    expect(await findCheckByDelivery(db(), scheduledDeliveryId(time, unknownRepo))).toBeNull();
    expect(logs.lines.some((line) => line.includes(`skipping ${unknownRepo}: ${NO_LIVE_SHA_REASON}`))).toBe(true);
    expect(await alertsFor(repo)).toEqual([]);
  });

  it("drift introduced out of band on the production branch is alerted once: repo, sha, counts, the finding, its fix SQL, the check page", async () => {
    await runSqlOnBranch(projectId, "main", 'ALTER TABLE "soundcloud_tracks" DROP COLUMN "updated_at"');
    const time = await runCron();
    const { check, monitor } = await scheduledCheck(time, repo);
    expect(check).toMatchObject({ source: "schedule", sha, run: 3, outcome: "fail" });
    expect(check.errorCount).toBeGreaterThan(0);

    const alerts = await alertsFor(repo);
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert!.status).toBe(200);
    for (const part of [repo, sha.slice(0, 7), "production", "schema drift", "COLUMN_MISSING", "soundcloud_tracks.updated_at", `${check.errorCount} error`, "ADD COLUMN", `${env.PUBLIC_URL}/checks/${check.id}`]) {
      expect(alert!.text).toContain(part);
    }
    expect(alert!.blocks?.length).toBeGreaterThan(0);
    expect(monitor).toMatchObject({ lastOutcome: "fail", alertedState: "drift" });
    expect(monitor.alertedFingerprint?.split("\n")).toContain("COLUMN_MISSING public.soundcloud_tracks.updated_at");
    expect(monitor.alertedAt).not.toBeNull();
    // The other repository's production is untouched: nothing about it.
    expect(await alertsFor(vercelRepo)).toEqual([]);
  });

  it("the same drift on the next cron is checked again (a new run) but not alerted again", async () => {
    const previous = (await getMonitorCheck(repo))!;
    const time = await runCron();
    const { check, monitor } = await scheduledCheck(time, repo);
    expect(check.id).not.toBe(previous);
    expect(check).toMatchObject({ run: 4, outcome: "fail" });
    expect(monitor.alertedState).toBe("drift");
    expect(await alertsFor(repo)).toHaveLength(1);
  });

  it("applying the finding's fix SQL alerts the recovery once", async () => {
    const drifted = (await getMonitorCheck(repo))!;
    const missing = (await listFindings(db(), drifted)).find((finding) => finding.code === "COLUMN_MISSING");
    expect(missing?.fixSql).toBeTruthy();
    await runSqlOnBranch(projectId, "main", missing!.fixSql!);

    const time = await runCron();
    const { check, monitor } = await scheduledCheck(time, repo);
    expect(check.outcome).toBe("pass");
    expect(monitor).toMatchObject({ alertedState: "ok", alertedFingerprint: null, lastOutcome: "pass" });
    const alerts = await alertsFor(repo);
    expect(alerts).toHaveLength(2);
    expect(alerts[1]!.text).toContain("recovered");
    expect(alerts[1]!.text).toContain(`${env.PUBLIC_URL}/checks/${check.id}`);

    const again = await runCron();
    expect((await scheduledCheck(again, repo)).check.outcome).toBe("pass");
    expect(await alertsFor(repo)).toHaveLength(2);
  });
});

describe("which commit the cron re-checks", () => {
  it("the newest push, not an older commit whose check someone re-ran since", async () => {
    const projectId = newProject("rerun");
    await addBranch({ projectId, name: "main", default: true, state: "all" });
    const { repo, sha: oldSha } = await productionRepo("sched-rerun", projectId);
    const { sha: newSha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }), "CHANGELOG.md": "Newer.\n" });
    expect((await sendWebhook("push", pushPayload({ repo, sha: newSha, ref: "refs/heads/main", installation: INSTALLATION }))).status).toBe(202);
    await waitFor(async () => ((await findLatestCheck(db(), { repo, sha: newSha, environment: "production" }))?.status === "completed" ? true : null), `the push check of ${repo}@${newSha.slice(0, 7)}`, 20_000);
    // "Re-run" on the old commit's check run (GitHub's check_run.rerequested): run 2 of the old commit, newer than the push.
    expect((await sendWebhook("check_run", checkRunPayload({ repo, sha: oldSha, branch: "main", action: "rerequested", installation: INSTALLATION }))).status).toBe(202);
    await waitFor(async () => {
      const rerun = await findLatestCheck(db(), { repo, sha: oldSha, environment: "production" });
      return rerun?.run === 2 && rerun.status === "completed" ? true : null;
    }, `the re-run of ${repo}@${oldSha.slice(0, 7)}`, 20_000);

    const { check } = await scheduledCheck(await runCron(), repo);
    expect(check.sha).toBe(newSha);
  });

  it("a push of a commit that already had a scheduled run (which took run 1) still counts", async () => {
    const projectId = newProject("taken");
    await addBranch({ projectId, name: "main", default: true, state: "all" });
    const { repo } = await productionRepo("sched-taken", projectId);
    const { sha: newSha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }), "CHANGELOG.md": "Newer.\n" });
    // The cron (or a promotion's audit) checked the commit before its push reached driftcheck.
    const earlier = await createCheckRun(
      db(),
      { source: "schedule", repo, sha: newSha, ref: "main", pr: null, environment: "production", neonBranch: null, installationId: INSTALLATION, deliveryId: `schedule:0:${repo}`, expectedKey: null },
      Date.now() - 60_000,
    );
    expect(earlier.run).toBe(1);
    await completeCheck(db(), earlier.id, { outcome: "pass", counts: { error: 0, warning: 0, info: 0 }, timings: null, error: null }, Date.now() - 59_000);
    expect((await sendWebhook("push", pushPayload({ repo, sha: newSha, ref: "refs/heads/main", installation: INSTALLATION }))).status).toBe(202);
    await waitFor(async () => {
      const pushed = await findLatestCheck(db(), { repo, sha: newSha, environment: "production" });
      return pushed?.source === "github" && pushed.status === "completed" ? true : null;
    }, `the push check of ${repo}@${newSha.slice(0, 7)}`, 20_000);

    const { check } = await scheduledCheck(await runCron(), repo);
    expect(check.sha).toBe(newSha);
  });
});

const finding = (column: string): Finding => ({
  code: "COLUMN_MISSING",
  severity: "error",
  kind: "column",
  object: `public.soundcloud_tracks.${column}`,
  expected: { type: "text", notNull: false },
  actual: null,
  message: `column ${column} of soundcloud_tracks is missing`,
  fixSql: `ALTER TABLE "public"."soundcloud_tracks" ADD COLUMN "${column}" text;`,
  pendingMigration: null,
});

/** A concluded scheduled check as the consumer leaves it: failed with these findings, or "could not check" without any. */
async function concludedCheck(repo: string, sha: string, createdAt: number, found: Finding[] | "could not check"): Promise<string> {
  const check = await createCheckRun(db(), { source: "schedule", repo, sha, ref: "main", pr: null, environment: "production", neonBranch: null, installationId: INSTALLATION, deliveryId: crypto.randomUUID(), expectedKey: null }, createdAt);
  if (found === "could not check") {
    await completeCheck(db(), check.id, { outcome: "error", counts: { error: 0, warning: 0, info: 0 }, timings: null, error: { kind: "connection", message: "the production database did not answer" } }, createdAt);
  } else {
    await saveFindings(db(), check.id, found);
    await completeCheck(db(), check.id, { outcome: "fail", counts: { error: found.length, warning: 0, info: 0 }, timings: null, error: null }, createdAt);
  }
  return check.id;
}

function monitorScope(overrides: Partial<MonitorScope> = {}): MonitorScope {
  return { config: loadConfig(env), db: db(), now: () => Date.now(), ...overrides };
}

describe("concurrent conclusions", () => {
  it("two scheduled checks of one repository concluding together (and a redelivery) post each alert once", async () => {
    const repo = uniqueRepo("sched-race");
    const sha = randomSha();
    const scope = monitorScope();
    const record = (ids: string[]) => Promise.all(ids.map((id) => recordScheduledConclusion(id, scope)));

    // No monitor row yet: both would create it.
    const t = Date.now();
    const [a, b] = [await concludedCheck(repo, sha, t, [finding("genre")]), await concludedCheck(repo, sha, t + 1, [finding("genre")])];
    await record([a, b, b]);
    expect(await alertsFor(repo)).toHaveLength(1);
    expect(await getProductionMonitor(db(), repo)).toMatchObject({ lastCheckId: b, lastOutcome: "fail", alertedState: "drift" });

    // The row exists: both would see the same announced drift and the same new finding.
    const [c, d] = [await concludedCheck(repo, sha, t + 2, [finding("genre"), finding("title")]), await concludedCheck(repo, sha, t + 3, [finding("genre"), finding("title")])];
    await record([c, d, c]);
    const alerts = await alertsFor(repo);
    expect(alerts).toHaveLength(2);
    expect(alerts[1]!.text).toContain("1 new error finding");
    expect(await getProductionMonitor(db(), repo)).toMatchObject({ lastCheckId: d, lastOutcome: "fail", alertedState: "drift" });
  });
});

describe("alert delivery", () => {
  it("an alert the webhook refuses loses nothing: the check is stored, and the next cron alerts again", async () => {
    const projectId = newProject("refused");
    await addBranch({ projectId, name: "main", default: true, state: "all-but-last" });
    const { repo } = await productionRepo("sched-refused", projectId);
    await failAlerts(repo, 1, 503);

    const first = await scheduledCheck(await runCron(), repo);
    expect(first.check.outcome).toBe("fail");
    expect((await listFindings(db(), first.check.id)).some((finding) => finding.code === "COLUMN_MISSING")).toBe(true);
    expect((await alertsFor(repo)).map((alert) => alert.status)).toEqual([503]);
    // Not announced: the monitor still says `ok`.
    expect(first.monitor).toMatchObject({ lastCheckId: first.check.id, lastOutcome: "fail", alertedState: "ok", alertedAt: null });
    expect(logs.lines.some((line) => line.includes(`could not post the drift alert for ${repo}`) && line.includes("HTTP 503"))).toBe(true);
    // The webhook URL is a secret: never logged.
    expect(logs.lines.some((line) => line.includes(env.ALERT_WEBHOOK_URL) || line.includes(new URL(env.ALERT_WEBHOOK_URL).pathname))).toBe(false);

    const second = await scheduledCheck(await runCron(), repo);
    expect((await alertsFor(repo)).map((alert) => alert.status)).toEqual([503, 200]);
    expect(second.monitor.alertedState).toBe("drift");
  });

  it("a scheduled check that gives up (dead-letter queue) alerts \"could not check\", and reports nothing to GitHub", async () => {
    const projectId = newProject("down");
    await addBranch({ projectId, name: "main", default: true, state: "unreachable" });
    const repo = uniqueRepo("sched-down");
    const { sha } = await commit(repo, { "driftcheck.json": JSON.stringify({ neon: { projectId } }) });
    await installOn(repo, INSTALLATION);
    await sendWebhook("push", pushPayload({ repo, sha, ref: "refs/heads/main", installation: INSTALLATION }));
    await waitFor(async () => await findLatestCheck(db(), { repo, sha, environment: "production" }), `the push check of ${repo}`);

    const time = await runCron();
    const job = scheduledCheckJob({ repo, installationId: INSTALLATION, sha, ref: "main", from: "push" }, time);
    // The first attempt fails transiently (the database is unreachable) and is retried…
    const retried = await waitFor(async () => {
      const check = await findCheckByDelivery(db(), job.deliveryId!);
      return check?.status === "queued" && check.error ? check : null;
    }, "the scheduled check's first, transient failure", 20_000);
    expect(retried.error?.kind).toBe("connection");
    // …until the retries are exhausted and the platform hands the message to the dead-letter queue.
    const batch = createMessageBatch<Job>("driftcheck-checks-dlq", [{ id: `dead-${time}`, timestamp: new Date(), attempts: 1, body: job }]);
    await worker.queue(batch, env);

    const { check, monitor } = await scheduledCheck(time, repo);
    expect(check.outcome).toBe("error");
    expect(monitor).toMatchObject({ lastOutcome: "error", alertedState: "error" });
    const alerts = await alertsFor(repo);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain("could not check");
    expect(alerts[0]!.text).toContain("gave up");
    expect(alerts[0]!.text).toContain(`${env.PUBLIC_URL}/checks/${check.id}`);
    // GitHub saw the push's check run only: none carries the scheduled check's id.
    expect((await standIns(repo)).checkRuns.some((run) => run.external_id === check.id)).toBe(false);
  });
});

describe("an alert whose claim is never settled (the Worker stopped, or D1 failed, after claiming)", () => {
  /**
   * Check `id` claims the monitor to post its alert; the post is refused and D1 fails the write
   * that records so, as if the Worker had stopped between claim and settle: the claim stays.
   */
  async function abandonClaim(repo: string, id: string): Promise<void> {
    await failAlerts(repo, 1, 503);
    const faulty = failingD1(/^update "production_monitors"/i);
    faulty.failing = true;
    await expect(recordScheduledConclusion(id, monitorScope({ db: openDb(faulty.d1) }))).rejects.toMatchObject({ cause: { message: expect.stringContaining("D1_ERROR: injected") } });
    // The claim names the check but announces nothing yet.
    expect(await getProductionMonitor(db(), repo)).toMatchObject({ lastCheckId: id, lastOutcome: null, alertedState: "ok", alertedFingerprint: null });
    expect((await alertsFor(repo)).map((alert) => alert.status)).toEqual([503]);
  }
  const stale = () => monitorScope({ now: () => Date.now() + CLAIM_STALE_MS + 1 });

  it("a redelivery of its message alerts once the claim is stale (not while it may still be in flight)", async () => {
    const repo = uniqueRepo("sched-abandoned-redelivery");
    const id = await concludedCheck(repo, randomSha(), Date.now(), [finding("genre")]);
    await abandonClaim(repo, id);

    await recordScheduledConclusion(id, monitorScope());
    expect((await alertsFor(repo)).map((alert) => alert.status)).toEqual([503]);

    // Two redeliveries together: one of them takes the stale claim over.
    await Promise.all([recordScheduledConclusion(id, stale()), recordScheduledConclusion(id, stale())]);
    expect((await alertsFor(repo)).map((alert) => alert.status)).toEqual([503, 200]);
    expect(await getProductionMonitor(db(), repo)).toMatchObject({ lastCheckId: id, lastOutcome: "fail", alertedState: "drift" });
    // Recorded now: another redelivery, however late, posts nothing.
    await recordScheduledConclusion(id, stale());
    expect(await alertsFor(repo)).toHaveLength(2);
  });

  it("the next check alerts the same drift: the abandoned claim announced nothing (a duplicate if its post had gone out, never a lost alert)", async () => {
    const repo = uniqueRepo("sched-abandoned-next");
    const sha = randomSha();
    const t = Date.now();
    const abandoned = await concludedCheck(repo, sha, t, [finding("genre")]);
    await abandonClaim(repo, abandoned);

    const next = await concludedCheck(repo, sha, t + 1, [finding("genre")]);
    await recordScheduledConclusion(next, stale());
    const alerts = await alertsFor(repo);
    expect(alerts.map((alert) => alert.status)).toEqual([503, 200]);
    expect(alerts[1]!.text).toContain("soundcloud_tracks.genre");
    expect(await getProductionMonitor(db(), repo)).toMatchObject({ lastCheckId: next, lastOutcome: "fail", alertedState: "drift" });
  });
});

describe("accepted drift", () => {
  it("drift someone accepted for the live commit does not alert; drift beyond it does", async () => {
    const projectId = newProject("accepted");
    await addBranch({ projectId, name: "main", default: true, state: "all-but-last" });
    const { repo, sha, pushCheck } = await productionRepo("sched-accepted", projectId);
    expect(pushCheck.outcome).toBe("fail");
    const findings = await listFindings(db(), pushCheck.id);
    await recordAcceptance(db(), { repo, sha, environment: "production", fingerprint: await findingsFingerprint(findings), findingKeys: findingKeys(findings), checkId: pushCheck.id, acceptedBy: "octocat" }, Date.now());

    const accepted = await scheduledCheck(await runCron(), repo);
    expect(accepted.check.outcome).toBe("fail");
    expect(accepted.monitor).toMatchObject({ lastOutcome: "fail", alertedState: "ok" });
    expect(await alertsFor(repo)).toEqual([]);

    // More drift, out of band: these findings were never accepted.
    await runSqlOnBranch(projectId, "main", 'ALTER TABLE "soundcloud_tracks" DROP COLUMN "genre"');
    const grown = await scheduledCheck(await runCron(), repo);
    expect(grown.monitor.alertedState).toBe("drift");
    const alerts = await alertsFor(repo);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain("soundcloud_tracks.genre");
  });
});

describe("accepted drift while production could not be checked", () => {
  it("counts as a pass: the outage ends with one recovery message, and the next outage alerts again", async () => {
    const repo = uniqueRepo("sched-accepted-outage");
    const sha = randomSha();
    const t = Date.now();
    const scope = monitorScope();
    await recordScheduledConclusion(await concludedCheck(repo, sha, t, "could not check"), scope);
    expect((await getProductionMonitor(db(), repo))?.alertedState).toBe("error");

    const drifted = await concludedCheck(repo, sha, t + 1, [finding("genre")]);
    const findings = await listFindings(db(), drifted);
    await recordAcceptance(db(), { repo, sha, environment: "production", fingerprint: await findingsFingerprint(findings), findingKeys: findingKeys(findings), checkId: drifted, acceptedBy: "octocat" }, t + 1);
    await recordScheduledConclusion(drifted, scope);
    expect(await getProductionMonitor(db(), repo)).toMatchObject({ lastCheckId: drifted, lastOutcome: "fail", alertedState: "ok" });

    await recordScheduledConclusion(await concludedCheck(repo, sha, t + 2, "could not check"), scope);
    const alerts = await alertsFor(repo);
    expect(alerts).toHaveLength(3);
    expect(alerts[0]!.text).toContain("could not check");
    expect(alerts[1]!.text).toContain("recovered: the drift left was accepted by @octocat");
    expect(alerts[2]!.text).toContain("could not check");
    expect((await getProductionMonitor(db(), repo))?.alertedState).toBe("error");
  });
});

async function getMonitorCheck(repo: string): Promise<string | null> {
  return (await getProductionMonitor(db(), repo))?.lastCheckId ?? null;
}
