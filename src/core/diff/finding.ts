/** Building findings: one place that fills in the fields every finding carries. */
import type { Finding, FindingCode, ObjectKind, Severity } from "../findings.js";

export function finding(
  code: FindingCode,
  severity: Severity,
  kind: ObjectKind,
  object: string,
  details: { expected: unknown; actual: unknown; message: string; fixSql: string | null },
): Finding {
  return {
    code,
    severity,
    kind,
    object,
    expected: details.expected,
    actual: details.actual,
    message: details.message,
    fixSql: details.fixSql,
    pendingMigration: null,
  };
}

/** `public.users` → `public.users.email`. */
export function memberPath(tablePath: string, member: string): string {
  return `${tablePath}.${member}`;
}
