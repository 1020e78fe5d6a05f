/**
 * The cron's history retention inside workerd (issue 5, point 8): checks older than
 * RETENTION_DAYS (default 90) go with their findings, Vercel check runs and accepted drift (D1
 * enforces the foreign keys' ON DELETE CASCADE), deployments keep their row with the link cleared;
 * recent checks, checks still queued or running, each production monitor's last check, and the
 * checks holding accepted drift of a commit still live in production stay; old webhook deliveries
 * go. Removing an installation deletes its repositories' monitors. The
 * settings (ALERT_WEBHOOK_URL, RETENTION_DAYS) are validated like the others.
 */
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import {
  getCheck,
  getDeliveryStatus,
  getProductionMonitor,
  getVercelCheckRun,
  getVercelDeployment,
  listAcceptances,
  listFindings,
  recordAcceptance,
  claimDelivery,
  recordVercelDeployment,
  saveFindings,
  saveInstallation,
  saveProductionMonitor,
  saveVercelCheckRun,
  setVercelProduction,
} from "../../src/adapters/d1/store.js";
import { checks } from "../../src/adapters/d1/schema.js";
import type { CheckStatus } from "../../src/adapters/d1/schema.js";
import type { Finding } from "../../src/core/findings.js";
import { ConfigError, parseConfig } from "../../src/worker/config.js";
import { db, randomSha, sendWebhook, uniqueId, waitFor } from "./helpers.js";
import { captureLogs, runCron } from "./scheduled-support.js";

const DAY = 86_400_000;
const logs = captureLogs();
afterAll(() => logs.restore());

const finding: Finding = {
  code: "COLUMN_MISSING",
  severity: "error",
  kind: "column",
  object: "public.soundcloud_tracks.updated_at",
  expected: { type: "timestamp with time zone", notNull: true, default: "now()" },
  actual: null,
  message: "column updated_at of soundcloud_tracks is missing",
  fixSql: 'ALTER TABLE "public"."soundcloud_tracks" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;',
  pendingMigration: null,
};

/** A check row as old as asked (the store stamps `now`; retention is about age). */
async function storedCheck(repo: string, createdAt: number, status: CheckStatus, sha = randomSha(), run = 1): Promise<string> {
  const id = crypto.randomUUID();
  await db()
    .insert(checks)
    .values({ id, source: "github", repo, sha, ref: "main", environment: "production", run, status, outcome: status === "completed" ? "fail" : null, createdAt, updatedAt: createdAt });
  return id;
}

/** "Accept drift" clicked on `checkId`'s run, for (repo, sha) in production. */
async function accept(repo: string, sha: string, checkId: string, at: number): Promise<void> {
  await recordAcceptance(db(), { repo, sha, environment: "production", fingerprint: `sha256:${sha}`, findingKeys: ["COLUMN_MISSING public.soundcloud_tracks.updated_at"], checkId, acceptedBy: "octocat" }, at);
}

describe("history retention", () => {
  it("prunes finished checks older than 90 days with their findings, runs and acceptances; keeps recent, unfinished and monitored ones", async () => {
    const now = Date.now();
    const old = now - 91 * DAY;
    const recent = now - 89 * DAY;
    const repo = `acme/${uniqueId("prune")}`;

    const oldDone = await storedCheck(repo, old, "completed");
    const oldCanceled = await storedCheck(repo, old, "canceled");
    const oldQueued = await storedCheck(repo, old, "queued");
    const oldRunning = await storedCheck(repo, old, "in_progress");
    const recentDone = await storedCheck(repo, recent, "completed");
    const monitored = await storedCheck(repo, old, "completed");

    await saveFindings(db(), oldDone, [finding]);
    await saveFindings(db(), recentDone, [finding]);
    await saveFindings(db(), monitored, [finding]);
    const runId = `cr_${crypto.randomUUID().slice(0, 8)}`;
    await saveVercelCheckRun(db(), { id: runId, deploymentId: "dpl_old", teamId: null, projectId: null, checkId: oldDone }, old);
    await recordVercelDeployment(db(), { id: "dpl_old", projectId: "prj", teamId: null, url: null, repo, sha: null, ref: "main", environment: "production", state: "succeeded", checkId: oldDone }, old);
    const oldDoneRow = (await getCheck(db(), oldDone))!;
    await recordAcceptance(db(), { repo, sha: oldDoneRow.sha, environment: "production", fingerprint: "sha256:old", findingKeys: ["COLUMN_MISSING public.soundcloud_tracks.updated_at"], checkId: oldDone, acceptedBy: "octocat" }, old);
    await saveProductionMonitor(db(), { repo, sha: randomSha(), lastCheckId: monitored, lastOutcome: "fail", alertedState: "drift", alertedFingerprint: "COLUMN_MISSING public.soundcloud_tracks.updated_at", alertedAt: old, updatedAt: old });

    const oldDelivery = crypto.randomUUID();
    const recentDelivery = crypto.randomUUID();
    await claimDelivery(db(), { id: oldDelivery, source: "github", event: "push", receivedAt: old });
    await claimDelivery(db(), { id: recentDelivery, source: "github", event: "push", receivedAt: recent });

    await runCron(now);

    for (const id of [oldDone, oldCanceled]) expect(await getCheck(db(), id), `check ${id} pruned`).toBeNull();
    for (const id of [oldQueued, oldRunning, recentDone, monitored]) expect(await getCheck(db(), id), `check ${id} kept`).not.toBeNull();
    // Children of the pruned check went with it (D1 enforces foreign keys); the others' stayed.
    expect(await listFindings(db(), oldDone)).toEqual([]);
    expect(await listFindings(db(), recentDone)).toHaveLength(1);
    expect(await listFindings(db(), monitored)).toHaveLength(1);
    expect(await getVercelCheckRun(db(), runId)).toBeNull();
    expect(await listAcceptances(db(), { repo, sha: oldDoneRow.sha, environment: "production" })).toEqual([]);
    expect(await getVercelDeployment(db(), "dpl_old")).toMatchObject({ id: "dpl_old", checkId: null });

    expect(await getDeliveryStatus(db(), oldDelivery)).toBeNull();
    expect(await getDeliveryStatus(db(), recentDelivery)).toBe("received");
    expect(logs.lines.some((line) => /pruned 2 checks and 1 delivery older than 90 days/.test(line))).toBe(true);
  });

  it("keeps old checks whose accepted drift is for a commit still live in production (the monitor's sha or a Vercel promotion)", async () => {
    const now = Date.now();
    const old = now - 200 * DAY;
    const repo = `acme/${uniqueId("prune-accepted")}`;
    const [monitoredSha, promotedSha, replacedSha] = [randomSha(), randomSha(), randomSha()];

    // The monitor re-checks `monitoredSha` (its last check is recent); the acceptance was clicked long ago.
    const acceptedMonitored = await storedCheck(repo, old, "completed", monitoredSha);
    await accept(repo, monitoredSha, acceptedMonitored, old);
    const unacceptedMonitored = await storedCheck(repo, old, "completed", monitoredSha, 2);
    const lastScheduled = await storedCheck(repo, now, "completed", monitoredSha, 3);
    await saveProductionMonitor(db(), { repo, sha: monitoredSha, lastCheckId: lastScheduled, lastOutcome: "fail", alertedState: "ok", alertedFingerprint: null, alertedAt: null, updatedAt: now });
    // Another Vercel project of the repository serves `promotedSha` (Vercel may report it in upper case).
    const acceptedPromoted = await storedCheck(repo, old, "completed", promotedSha);
    await accept(repo, promotedSha, acceptedPromoted, old);
    await setVercelProduction(db(), { projectId: `prj_${uniqueId("keep")}`, deploymentId: `dpl_${uniqueId("keep")}`, repo, sha: promotedSha.toUpperCase() }, old);
    // Accepted for a commit no longer live anywhere: goes.
    const acceptedReplaced = await storedCheck(repo, old, "completed", replacedSha);
    await accept(repo, replacedSha, acceptedReplaced, old);

    await runCron(now);

    for (const id of [acceptedMonitored, acceptedPromoted, lastScheduled]) expect(await getCheck(db(), id), `check ${id} kept`).not.toBeNull();
    for (const id of [unacceptedMonitored, acceptedReplaced]) expect(await getCheck(db(), id), `check ${id} pruned`).toBeNull();
    expect(await listAcceptances(db(), { repo, sha: monitoredSha, environment: "production" })).toHaveLength(1);
    expect(await listAcceptances(db(), { repo, sha: promotedSha, environment: "production" })).toHaveLength(1);
    expect(await listAcceptances(db(), { repo, sha: replacedSha, environment: "production" })).toEqual([]);
  });

  it("counts the 90 days from the cron's scheduled time, and honours RETENTION_DAYS", async () => {
    const now = Date.now();
    const repo = `acme/${uniqueId("prune-days")}`;
    const tenDaysOld = await storedCheck(repo, now - 10 * DAY, "completed");
    // Five days later the default keeps it…
    await runCron(now + 5 * DAY);
    expect(await getCheck(db(), tenDaysOld)).not.toBeNull();
    // …a retention of 7 days does not.
    await runCron(now, { ...env, RETENTION_DAYS: "7" });
    expect(await getCheck(db(), tenDaysOld)).toBeNull();
  });
});

describe("removing an installation", () => {
  it("deletes its repositories' production monitors with the rest of their data", async () => {
    const repo = `acme/${uniqueId("removed")}`;
    const installation = 900_000 + Math.floor(Math.random() * 1000);
    await saveInstallation(db(), { id: installation, account: "acme", repos: [repo] }, Date.now());
    const last = await storedCheck(repo, Date.now(), "completed");
    await saveProductionMonitor(db(), { repo, sha: randomSha(), lastCheckId: last, lastOutcome: "pass", alertedState: "ok", alertedFingerprint: null, alertedAt: null, updatedAt: Date.now() });

    const response = await sendWebhook("installation", { action: "deleted", installation: { id: installation, account: { login: "acme" } }, repositories: [{ full_name: repo }] });
    expect(response.status).toBe(202);
    await waitFor(async () => ((await getProductionMonitor(db(), repo)) === null ? true : null), `the monitor of ${repo} to be deleted`);
    expect(await getCheck(db(), last)).toBeNull();
  });
});

describe("settings", () => {
  it("without ALERT_WEBHOOK_URL the cron says once that alerts are off", async () => {
    const before = logs.lines.length;
    await runCron(Date.now(), { ...env, ALERT_WEBHOOK_URL: "" });
    const off = logs.lines.slice(before).filter((line) => line.includes("ALERT_WEBHOOK_URL is not set"));
    expect(off).toHaveLength(1);
  });

  it("ALERT_WEBHOOK_URL is optional and must be an http(s) URL; RETENTION_DAYS a positive whole number, default 90", () => {
    expect(parseConfig({ ...env, ALERT_WEBHOOK_URL: undefined, RETENTION_DAYS: undefined }).monitoring).toEqual({ alertWebhookUrl: null, retentionDays: 90 });
    expect(parseConfig({ ...env, ALERT_WEBHOOK_URL: "https://hooks.slack.com/services/T0/B0/x", RETENTION_DAYS: "30" }).monitoring).toEqual({
      alertWebhookUrl: "https://hooks.slack.com/services/T0/B0/x",
      retentionDays: 30,
    });
    for (const [name, value] of [["ALERT_WEBHOOK_URL", "hooks.slack.com/services/canary"], ["ALERT_WEBHOOK_URL", "ftp://canary"], ["RETENTION_DAYS", "0"], ["RETENTION_DAYS", "1.5"], ["RETENTION_DAYS", "ninety"]] as const) {
      let error: unknown;
      try {
        parseConfig({ ...env, [name]: value });
      } catch (caught) {
        error = caught;
      }
      expect(error, `${name}=${value}`).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).settings).toEqual([name]);
      expect((error as ConfigError).message).not.toContain("canary");
    }
  });
});
