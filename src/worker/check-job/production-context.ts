/**
 * PR context (issue 5, point 6): what production will lack when a pull request merges. A PR check
 * compares the PR's expected schema with its preview branch; this compares the same expected
 * schema with the PRODUCTION Neon branch too — a second read-only round trip, started alongside
 * the first — under production's policy (with `migrationsRunOnDeploy`, a finding that a pending
 * migration fixes on deploy is info). It is context only: it never changes the check's outcome,
 * and whatever stops it (no production branch, an unreachable endpoint, a timeout) becomes a note
 * in the report instead of an error of the check. What it found is stored with the check for the
 * dashboard (toStoredProductionContext); it is never a finding of the check.
 *
 * It has its own deadline: the check waits for it inside the same per-check budget, and the Neon
 * API's timeouts and retries alone could spend that budget — the preview's result must not wait
 * on production.
 */
import { findLatestComparedCheck, listFindings, type Db, type StoredCheck, type StoredProductionContext } from "../../adapters/d1/store.js";
import { canonicalJson } from "../acceptance/fingerprint.js";
import { createNeonHttpExecutor } from "../../adapters/neon-http/index.js";
import { runCheck, type CheckInput, type CheckResult } from "../../core/check.js";
import { isWarningOrAbove, type Finding } from "../../core/findings.js";
import { errorToJson, redact } from "../../core/errors.js";
import type { Config } from "../config.js";
import { checkOptionsFor } from "./check-options.js";
import { neonApiFor, resolveNeonTarget } from "./neon-target.js";
import type { RepoConfig } from "./repo-config.js";

/** How long the comparison with production may take (NEON_PRODUCTION_CONTEXT_TIMEOUT_MS overrides it). */
export const PRODUCTION_CONTEXT_BUDGET_MS = 15_000;

export type ProductionContext =
  | { kind: "compared"; branchName: string; result: CheckResult }
  | { kind: "failed"; message: string };

/** Only pull-request checks of a preview are about to merge into production. */
export function wantsProductionContext(check: Pick<StoredCheck, "pr" | "environment">): boolean {
  return check.pr !== null && check.environment === "preview";
}

export interface ProductionContextArgs {
  config: Config;
  repoConfig: RepoConfig;
  /** The same expected schema (and drizzle folder) the preview is compared with. */
  expected: CheckInput["expected"];
  /** The check's own budget; the comparison stops at its own deadline before that. */
  signal: AbortSignal;
  now: () => number;
}

/** Never throws: a failure, the deadline included, is returned as `failed` with a redacted message. */
export async function compareWithProduction(args: ProductionContextArgs): Promise<ProductionContext> {
  const budgetMs = args.config.neon.productionContextTimeoutMs ?? PRODUCTION_CONTEXT_BUDGET_MS;
  const signal = AbortSignal.any([args.signal, AbortSignal.timeout(budgetMs)]);
  const timedOut = `the production branch did not answer within ${budgetMs / 1000} s.`;
  // The signal cancels the requests; the race ends the wait even where a step does not watch it.
  let stopWatching = () => {};
  const expired = new Promise<null>((resolve) => {
    const onAbort = () => resolve(null);
    signal.addEventListener("abort", onAbort, { once: true });
    stopWatching = () => signal.removeEventListener("abort", onAbort);
  });
  try {
    const compared = signal.aborted ? null : await Promise.race([compare(args, signal), expired]);
    return compared ?? failed(timedOut);
  } catch (error) {
    return failed(signal.aborted ? timedOut : errorToJson(error).message);
  } finally {
    stopWatching();
  }
}

/** Throws on failure; `signal` reaches the Neon API and the SQL-over-HTTP requests. */
async function compare(args: ProductionContextArgs, signal: AbortSignal): Promise<ProductionContext> {
  const { config, repoConfig } = args;
  const neon = await resolveNeonTarget(neonApiFor(config, signal), config, repoConfig, { environment: "production", ref: null, neonBranch: null });
  // resolveNeonTarget waits only for preview branches; a missing production branch throws.
  if (neon.kind === "missing") return failed(`the Neon branch "${neon.branchName}" does not exist.`);
  const executor = createNeonHttpExecutor(neon.connectionString, { signal, ...(config.neon.fetchEndpoint ? { fetchEndpoint: config.neon.fetchEndpoint } : {}) });
  const result = await runCheck({ database: executor, expected: args.expected, options: checkOptionsFor(repoConfig, "production"), now: args.now });
  if (signal.aborted) throw signal.reason;
  if (result.verdict === "error" || result.error !== undefined) return failed(result.error?.message ?? "unknown error");
  return { kind: "compared", branchName: neon.branchName, result };
}

function failed(message: string): ProductionContext {
  const safe = redact(message);
  console.warn(`driftcheck: could not compare a pull request with production: ${safe}`);
  return { kind: "failed", message: safe };
}

/**
 * How a production finding is recognised again in a later check: its code, object and what the
 * code expected — a PR that changes what it expects of an object production already gets wrong
 * changes what production will lack.
 */
export function productionDriftKey(finding: Pick<Finding, "code" | "object" | "expected">): string {
  return canonicalJson([finding.code, finding.object, finding.expected ?? null]);
}

/**
 * Whether `findings` (production's, in a PR's context) hold a warning or error that production's
 * drift on record does not: the warning-or-above findings of the repository's newest production
 * check that completed a comparison (a push to the default branch, a promotion's audit, the
 * cron). A PR that only meets those did not cause them, and merging it would not change them.
 */
export async function hasNewProductionDrift(db: Db, repo: string, findings: readonly Finding[]): Promise<boolean> {
  const blocking = findings.filter(isWarningOrAbove);
  if (blocking.length === 0) return false;
  const check = await findLatestComparedCheck(db, repo, "production");
  if (check === null) return true;
  const known = new Set((await listFindings(db, check.id)).filter(isWarningOrAbove).map(productionDriftKey));
  return blocking.some((finding) => !known.has(productionDriftKey(finding)));
}

/** At most this many of production's findings are kept for the dashboard, in at most STORED_CONTEXT_CHARS of JSON. */
export const STORED_PRODUCTION_FINDINGS = 200;
export const STORED_CONTEXT_CHARS = 200_000;

/**
 * What the dashboard shows of a comparison with production: the warning-or-above findings without
 * their expected/actual values (a missing table's definition is kilobytes; the message and fix SQL
 * say what is needed), as many as fit the caps, in severity order; the rest are counted.
 */
export function toStoredProductionContext(context: ProductionContext): StoredProductionContext {
  if (context.kind === "failed") return { kind: "failed", message: context.message };
  const { result, branchName } = context;
  const shown = result.findings.filter(isWarningOrAbove);
  const kept: Finding[] = [];
  let chars = 0;
  for (const finding of shown) {
    const slim: Finding = { ...finding, expected: null, actual: null };
    const size = JSON.stringify(slim).length;
    if (kept.length >= STORED_PRODUCTION_FINDINGS || chars + size > STORED_CONTEXT_CHARS) break;
    kept.push(slim);
    chars += size;
  }
  return {
    kind: "compared",
    branchName,
    database: result.database?.database ?? null,
    findings: kept,
    omitted: shown.length - kept.length,
    infoCount: result.findings.length - shown.length,
  };
}
