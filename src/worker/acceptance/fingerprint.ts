/**
 * The fingerprint of a set of findings: what "Accept drift" accepts and what a later check of the
 * same commit must match for the acceptance to apply (issue 5: acceptance never carries over to
 * different findings).
 *
 * Every finding counts, whatever its severity: the check's `failOn` is not stored with it, so a
 * severity cut here could leave out findings that failed the check; and a finding that appears
 * later, even an info one, means the database changed since the acceptance. Each finding
 * contributes its code, object, severity, expected and actual value: the same column missing is
 * the same finding, but a column whose type drifted to something else again is not. Messages, fix
 * SQL and pending-migration attributions are explanations derived from these, so they are left out.
 *
 * Pure apart from WebCrypto's SHA-256 (present in workerd and Node alike). Order does not matter
 * and duplicates collapse; stored findings (JSON through D1) and fresh ones give the same value.
 */
import type { Finding } from "../../core/findings.js";
import { canonicalJson } from "../../core/util/canonical-json.js";
import { sha256HexAsync } from "../../core/util/sha256.js";

type FingerprintedFields = Pick<Finding, "code" | "object" | "severity" | "expected" | "actual">;

/** `CODE object`: how an accepted finding is named in the note, the dashboard and D1. */
export function findingKey(finding: Pick<Finding, "code" | "object">): string {
  return `${finding.code} ${finding.object}`;
}

/** The findings' keys, sorted and without duplicates. */
export function findingKeys(findings: readonly Pick<Finding, "code" | "object">[]): string[] {
  return [...new Set(findings.map(findingKey))].sort();
}

/** `sha256:<hex>` over the sorted, de-duplicated canonical lines of the findings. */
export async function findingsFingerprint(findings: readonly FingerprintedFields[]): Promise<string> {
  const lines = [...new Set(findings.map(canonicalLine))].sort();
  return `sha256:${await sha256HexAsync(lines.join("\n"))}`;
}

function canonicalLine(finding: FingerprintedFields): string {
  return canonicalJson([finding.code, finding.object, finding.severity, finding.expected ?? null, finding.actual ?? null]);
}

// Shared with the CLI baseline (core/baseline.ts): a D1 round trip changes nothing.
export { canonicalJson };
