/**
 * Drift acceptance in a check's conclusion (issue 5). A check that fails because of findings
 * either matches an acceptance for its (repo, sha, environment) — same fingerprint — and then
 * concludes `success` with the "Drift accepted by @login" note, or it fails as usual and its
 * `schema-drift` run offers the "Accept drift" button. Anything else (a pass, "could not check",
 * "waiting for Neon branch") is left exactly as it was. The D1 outcome is never changed: the
 * check still failed; the acceptance is shown next to it.
 */
import { findAcceptance, listAcceptances, type Db, type StoredAcceptance, type StoredCheck } from "../../adapters/d1/store.js";
import type { CheckRunAction } from "../../adapters/github/index.js";
import type { CheckResult } from "../../core/check.js";
import type { Finding } from "../../core/findings.js";
import type { GitHubConclusion } from "../reporting/conclusion.js";
import { findingsFingerprint } from "./fingerprint.js";
import { ACCEPT_DRIFT_ACTION, acceptancePreface, acceptedTitle } from "./note.js";

export interface ConclusionWithAcceptance extends GitHubConclusion {
  /** Markdown to put above the report: the acceptance note, or "". */
  preface: string;
  /** The run's buttons, when there are any to offer. */
  actions?: CheckRunAction[];
}

/** A failure caused by findings (not "could not check"): the only conclusion drift can be accepted for. */
export function failsOnFindings(result: Pick<CheckResult, "verdict" | "error" | "findings">, conclusion: GitHubConclusion): boolean {
  return result.verdict === "fail" && result.error === undefined && conclusion.conclusion === "failure" && result.findings.length > 0;
}

export async function concludeWithAcceptance(
  db: Db,
  check: Pick<StoredCheck, "repo" | "sha" | "environment">,
  result: Pick<CheckResult, "verdict" | "error" | "findings">,
  conclusion: GitHubConclusion,
  detailsUrl: string,
): Promise<ConclusionWithAcceptance> {
  if (!failsOnFindings(result, conclusion)) return { ...conclusion, preface: "" };
  const acceptance = await acceptanceOf(db, check, result.findings);
  if (!acceptance) return { ...conclusion, preface: "", actions: [ACCEPT_DRIFT_ACTION] };
  return {
    conclusion: "success",
    title: acceptedTitle(acceptance, conclusion.title),
    preface: acceptancePreface(acceptance, detailsUrl),
  };
}

/** The acceptance of exactly these findings for the check's commit and environment, or null. */
export async function acceptanceOf(db: Db, check: Pick<StoredCheck, "repo" | "sha" | "environment">, findings: readonly Finding[]): Promise<StoredAcceptance | null> {
  if (findings.length === 0) return null;
  return findAcceptance(db, { repo: check.repo, sha: check.sha, environment: check.environment, fingerprint: await findingsFingerprint(findings) });
}

export interface CheckAcceptances {
  /** The acceptance of exactly this check's findings (its run concluded `success` because of it). */
  applied: StoredAcceptance | null;
  /** Acceptances of other findings for the same commit and environment: they do not apply. */
  others: StoredAcceptance[];
}

/** For the dashboard: which acceptances of the check's commit apply to its findings. */
export async function acceptancesOfCheck(db: Db, check: Pick<StoredCheck, "repo" | "sha" | "environment" | "outcome">, findings: readonly Finding[]): Promise<CheckAcceptances> {
  const all = await listAcceptances(db, check);
  if (all.length === 0) return { applied: null, others: [] };
  const fingerprint = check.outcome === "fail" && findings.length > 0 ? await findingsFingerprint(findings) : null;
  const applied = all.find((acceptance) => acceptance.fingerprint === fingerprint) ?? null;
  return { applied, others: all.filter((acceptance) => acceptance !== applied) };
}
