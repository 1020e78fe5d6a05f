/**
 * After a scheduled production check concludes (pass, fail or could not check): decide whether it
 * alerts (alert-decision.ts), post the alert, and update the repository's `production_monitors`
 * row. Runs after the check's result is stored in D1, so nothing here can lose it.
 *
 * Two scheduled checks of one repository may conclude together (the platform running a cron
 * twice, a retried check overlapping the next cron), and both would read the same announced state.
 * So every write is conditional on the row being as it was read (replaceProductionMonitorIf), and
 * an alert is posted only by the writer that CLAIMED the transition: its row names the check with
 * `lastOutcome` null while the POST is in flight, and is settled afterwards. The loser reads again:
 * a claim in flight is waited for (CLAIM_POLL_MS) until settled or stale (CLAIM_STALE_MS), a newer
 * check's record wins over an older one.
 *
 * The claim keeps what was announced BEFORE it (`alertedState`, `alertedFingerprint`); the new
 * state is written only with the outcome, once the alert was delivered. So a claimant that never
 * settles (its isolate died, or the D1 write after the POST failed) leaves the transition
 * unannounced: a redelivery of its message re-claims once the claim is stale, and any later check
 * alerts again. When the POST did go out before that, the alert is sent twice: a duplicate alert
 * is preferred to a lost one.
 *
 * An alert that cannot be posted (no answer, a 5xx, a refused payload) is logged and the claim is
 * settled with what was announced before: the next cron's check finds the same state unannounced
 * and alerts again. Without `ALERT_WEBHOOK_URL` nothing is posted and nothing is recorded as
 * announced either, so the first cron after the URL is configured announces the current state.
 * Drift someone accepted for the live commit ("Accept drift", same findings) counts as a pass:
 * it does not alert, and it ends a drift or "could not check" state (one recovery message), so
 * the next drift or outage alerts again.
 */
import {
  getCheck,
  getProductionMonitor,
  listFindings,
  monitorVersion,
  replaceProductionMonitorIf,
  type Db,
  type StoredCheck,
  type StoredProductionMonitor,
} from "../../adapters/d1/store.js";
import { redact } from "../../core/errors.js";
import type { Finding } from "../../core/findings.js";
import { acceptanceOf } from "../acceptance/conclude.js";
import type { Config } from "../config.js";
import { detailsUrl } from "../reporting/check-run.js";
import { decideAlert, errorFindingKeys, INITIAL_ALERTED_STATE, type AlertDecision, type AlertedState, type ScheduledObservation } from "./alert-decision.js";
import { alertMessage, type AlertMessage } from "./alert-message.js";
import { ALERT_TIMEOUT_MS, postAlert } from "./alert-webhook.js";

export interface MonitorScope {
  config: Config;
  db: Db;
  now: () => number;
}

/** A claim not settled after this was abandoned: its Worker stopped, or its D1 write failed, before settling. */
export const CLAIM_STALE_MS = ALERT_TIMEOUT_MS + 20_000;
const CLAIM_POLL_MS = 500;

export async function recordScheduledConclusion(checkId: string, scope: MonitorScope): Promise<void> {
  const { db, now } = scope;
  const check = await getCheck(db, checkId);
  if (!check || check.source !== "schedule" || check.status !== "completed" || check.outcome === null) return;
  const findings = await listFindings(db, check.id);
  const acceptance = check.outcome === "fail" ? await acceptanceOf(db, check, findings) : null;
  // Waiting out one claim, plus a few lost races: then the next cron's check records the repository.
  const giveUpAt = now() + CLAIM_STALE_MS + 10 * CLAIM_POLL_MS;

  for (;;) {
    const monitor = await getProductionMonitor(db, check.repo);
    // A redelivered message, or a duplicate alongside: this check is recorded, or being recorded by
    // a live claim. A stale claim of this check was abandoned before its result was recorded: it
    // is claimed again (a duplicate alert if the abandoned POST went out, never a lost one).
    if (monitor?.lastCheckId === check.id && (monitor.lastOutcome !== null || isClaimInFlight(monitor, now()))) return;
    if (monitor?.lastCheckId && (await isOlderThan(db, check, monitor.lastCheckId))) {
      console.warn(`driftcheck: schedule: check ${check.id} of ${redact(check.repo)} concluded after a newer scheduled check; the monitor keeps the newer one.`);
      return;
    }
    const waitForClaim = monitor !== null && isClaimInFlight(monitor, now());
    if (!waitForClaim && (await recordAgainst(monitor, check, findings, acceptance?.acceptedBy ?? null, scope))) return;
    if (now() >= giveUpAt) {
      console.warn(`driftcheck: schedule: check ${check.id} of ${redact(check.repo)} was not recorded: other checks kept updating the production monitor; the next cron's check records it.`);
      return;
    }
    if (waitForClaim) await sleep(CLAIM_POLL_MS);
  }
}

/**
 * Decides against the row as read and writes it if nobody wrote since (claiming, posting and
 * settling when there is an alert to post); false when another writer came first.
 */
async function recordAgainst(monitor: StoredProductionMonitor | null, check: StoredCheck, findings: readonly Finding[], acceptedBy: string | null, scope: MonitorScope): Promise<boolean> {
  const { db, now, config } = scope;
  const previous: AlertedState = monitor ? { state: monitor.alertedState, fingerprint: monitor.alertedFingerprint } : INITIAL_ALERTED_STATE;
  // Accepted drift is production as intended: a pass for alerting, so an announced drift or
  // "could not check" state ends here and the next outage or drift alerts again.
  const observed: ScheduledObservation = acceptedBy !== null ? { outcome: "pass", errorKeys: [] } : { outcome: check.outcome!, errorKeys: errorFindingKeys(findings) };
  const decision: AlertDecision = decideAlert(previous, observed);
  const expected = monitor ? monitorVersion(monitor) : null;
  const row = (announced: AlertedState, lastOutcome: StoredCheck["outcome"], alertedAt: number | null): StoredProductionMonitor => ({
    repo: check.repo,
    sha: check.sha,
    lastCheckId: check.id,
    lastOutcome,
    alertedState: announced.state,
    alertedFingerprint: announced.fingerprint,
    alertedAt,
    updatedAt: now(),
  });
  const alertedBefore = monitor?.alertedAt ?? null;
  const url = config.monitoring.alertWebhookUrl;

  // Nothing to post; or alerts are off (the cron logs it once), and an unsent alert is not announced.
  if (decision.alert === null || url === null) {
    return replaceProductionMonitorIf(db, expected, row(decision.alert === null ? decision.next : previous, check.outcome, alertedBefore));
  }

  // The claim announces nothing yet: it keeps `previous`, so an abandoned claim alerts again.
  const claim = row(previous, null, alertedBefore);
  if (!(await replaceProductionMonitorIf(db, expected, claim))) return false;
  const message = alertMessage({
    kind: decision.alert.kind,
    repo: check.repo,
    sha: check.sha,
    environment: check.environment,
    counts: { error: check.errorCount, warning: check.warningCount, info: check.infoCount },
    findings,
    newKeys: decision.alert.newKeys,
    error: check.error ?? null,
    checkUrl: detailsUrl(config, check.id),
    acceptedBy,
  });
  const delivered = await deliver(url, check, decision.alert.kind, message);
  // Only what was delivered counts as announced: a refused alert leaves `previous`.
  const settled = delivered ? row(decision.next, check.outcome, now()) : row(previous, check.outcome, alertedBefore);
  if (!(await replaceProductionMonitorIf(db, monitorVersion(claim), settled))) {
    console.warn(`driftcheck: schedule: the claim of check ${check.id} on the production monitor of ${redact(check.repo)} was taken over before it settled (${delivered ? "posted" : "not posted"}).`);
  }
  return true;
}

/** Another check's alert is being posted (its claim names it with no outcome yet), and not for long. */
function isClaimInFlight(monitor: StoredProductionMonitor, now: number): boolean {
  return monitor.lastCheckId !== null && monitor.lastOutcome === null && now - monitor.updatedAt < CLAIM_STALE_MS;
}

async function deliver(url: string, check: StoredCheck, kind: string, message: AlertMessage): Promise<boolean> {
  const delivery = await postAlert(url, message);
  const what = `the ${kind} alert for ${redact(check.repo)}@${check.sha.slice(0, 7)} (check ${check.id})`;
  if (delivery.ok) {
    console.log(`driftcheck: schedule: posted ${what}.`);
    return true;
  }
  console.error(`driftcheck: schedule: could not post ${what}: ${delivery.reason}. The check result is stored; the next cron's check alerts again.`);
  return false;
}

async function isOlderThan(db: Db, check: StoredCheck, otherId: string): Promise<boolean> {
  const other = await getCheck(db, otherId);
  return other !== null && other.createdAt > check.createdAt;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
