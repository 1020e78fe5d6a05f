/**
 * Known findings (DESIGN.md): a committed `driftcheck.baseline.json` lists fingerprints of the
 * findings a team accepted as its starting point, per environment. A finding in it is reported
 * as known (shown, never failing the check); an entry no longer found is reported as fixed, so
 * the file only shrinks. Like ESLint's bulk suppressions or SARIF's `baselineState`.
 *
 * A fingerprint is code + object + the canonical expected and actual values: the same drift on
 * another object, or the same object drifting to something else, is a new finding.
 */
import type { CheckResult } from "./check.js";
import { userError } from "./errors.js";
import { FINDING_CODES, SEVERITY_RANK, type Finding, type FindingCode, type Severity } from "./findings.js";
import { canonicalJson } from "./util/canonical-json.js";
import { sha256HexAsync } from "./util/sha256.js";

export const BASELINE_FILE = "driftcheck.baseline.json";
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  code: FindingCode;
  object: string;
  fingerprint: string;
}

export interface BaselineDocument {
  version: typeof BASELINE_VERSION;
  /** Entries per environment (`production`, `preview`), sorted by code then object. */
  environments: Record<string, BaselineEntry[]>;
}

/** What a check did with the baseline: how many findings it knew, which entries are fixed. */
export interface BaselineOutcome {
  file: string;
  environment: string;
  known: number;
  fixed: BaselineEntry[];
}

export async function findingFingerprint(finding: Pick<Finding, "code" | "object" | "expected" | "actual">): Promise<string> {
  return `sha256:${await sha256HexAsync(canonicalJson([finding.code, finding.object, finding.expected ?? null, finding.actual ?? null]))}`;
}

export async function baselineEntries(findings: readonly Finding[]): Promise<BaselineEntry[]> {
  const entries = await Promise.all(findings.map(async (f) => ({ code: f.code, object: f.object, fingerprint: await findingFingerprint(f) })));
  const unique = [...new Map(entries.map((entry) => [entry.fingerprint, entry])).values()];
  return unique.sort((a, b) => compare(a.code, b.code) || compare(a.object, b.object) || compare(a.fingerprint, b.fingerprint));
}

/** The document with one environment's entries replaced (the others kept as they are). */
export function withEnvironment(document: BaselineDocument | null, environment: string, entries: BaselineEntry[]): BaselineDocument {
  const environments = { ...(document?.environments ?? {}), [environment]: entries };
  const sorted = Object.fromEntries(Object.keys(environments).sort(compare).map((name) => [name, environments[name]!]));
  return { version: BASELINE_VERSION, environments: sorted };
}

export function renderBaseline(document: BaselineDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Parses and validates the file; `label` names it in errors. */
export function parseBaseline(text: string, label: string): BaselineDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw userError(`${label}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`, "Write it again with `driftcheck baseline`.");
  }
  const bad = (what: string) => userError(`${label}: ${what}.`, "Write it again with `driftcheck baseline` (it is generated, not edited by hand).");
  if (typeof parsed !== "object" || parsed === null) throw bad("must be an object");
  const { version, environments } = parsed as Record<string, unknown>;
  if (version !== BASELINE_VERSION) throw bad(`version must be ${BASELINE_VERSION}`);
  if (typeof environments !== "object" || environments === null || Array.isArray(environments)) throw bad("environments must be an object");
  const result: Record<string, BaselineEntry[]> = {};
  for (const [name, entries] of Object.entries(environments)) {
    if (!Array.isArray(entries)) throw bad(`environments.${name} must be a list`);
    result[name] = entries.map((entry, index) => {
      const { code, object, fingerprint } = (entry ?? {}) as Record<string, unknown>;
      const valid = typeof code === "string" && (FINDING_CODES as readonly string[]).includes(code) && typeof object === "string" &&
        typeof fingerprint === "string" && /^sha256:[0-9a-f]{64}$/.test(fingerprint);
      if (!valid) throw bad(`environments.${name}[${index}] must be { code, object, fingerprint: "sha256:…" } with a known code`);
      return { code: code as FindingCode, object: object as string, fingerprint: fingerprint as string };
    });
  }
  return { version: BASELINE_VERSION, environments: result };
}

/**
 * Marks the result's findings that the environment's entries know, recomputes the verdict from
 * the others, and lists entries no finding matched as fixed (only when `reportFixed`: a partial
 * run, e.g. migration status only, cannot tell that a schema finding is gone).
 */
export async function applyBaseline(
  result: CheckResult,
  document: BaselineDocument,
  options: { file: string; environment: string; failOn: Severity; reportFixed: boolean },
): Promise<CheckResult> {
  if (result.verdict === "error") return result;
  const entries = document.environments[options.environment] ?? [];
  const byFingerprint = new Map(entries.map((entry) => [entry.fingerprint, entry]));
  const matched = new Set<string>();
  const findings = await Promise.all(
    result.findings.map(async (finding) => {
      const fingerprint = await findingFingerprint(finding);
      if (!byFingerprint.has(fingerprint)) return finding;
      matched.add(fingerprint);
      return { ...finding, baseline: "known" as const };
    }),
  );
  const threshold = SEVERITY_RANK[options.failOn];
  const failing = findings.some((finding) => finding.baseline !== "known" && SEVERITY_RANK[finding.severity] >= threshold);
  const fixed = options.reportFixed ? entries.filter((entry) => !matched.has(entry.fingerprint)) : [];
  const known = findings.filter((finding) => finding.baseline === "known").length;
  return {
    ...result,
    verdict: failing ? "fail" : "pass",
    findings,
    summary: { ...result.summary, known },
    baseline: { file: options.file, environment: options.environment, known, fixed },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
