/** The JSON report: the CheckResult as is, keys in a fixed order, pretty-printed. */
import type { CheckResult } from "../check.js";

export function renderJson(result: CheckResult): string {
  const ordered = {
    formatVersion: result.formatVersion,
    verdict: result.verdict,
    summary: result.summary,
    findings: result.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      kind: f.kind,
      object: f.object,
      expected: f.expected,
      actual: f.actual,
      message: f.message,
      fixSql: f.fixSql,
      pendingMigration: f.pendingMigration,
      ...(f.baseline ? { baseline: f.baseline } : {}),
    })),
    migrations: result.migrations,
    database: result.database,
    expected: result.expected,
    ...(result.error ? { error: result.error } : {}),
    ...(result.baseline ? { baseline: result.baseline } : {}),
    timings: result.timings,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
