/** Row-level security flag and policies of a table present on both sides. */
import type { PolicyDef, TableDef } from "../model.js";
import type { Finding } from "../findings.js";
import { compareExpressions, worseComparison, type ExpressionComparison } from "../expressions/index.js";
import { finding, memberPath } from "./finding.js";
import { alterTable, createPolicySql, dropPolicySql } from "./fix-sql.js";
import { matchObjects, sameList } from "./matching.js";

export function diffRowLevelSecurity(expected: TableDef, actual: TableDef, tablePath: string): Finding[] {
  if (expected.rlsEnabled === actual.rlsEnabled) return [];
  return expected.rlsEnabled
    ? [
        finding("RLS_DISABLED", "error", "rls", tablePath, {
          expected: { rlsEnabled: true },
          actual: { rlsEnabled: false },
          message: `Row-level security is disabled in the database; every row is visible to every role the code relies on being restricted.`,
          fixSql: alterTable(expected, "ENABLE ROW LEVEL SECURITY"),
        }),
      ]
    : [
        finding("RLS_EXTRA", "warning", "rls", tablePath, {
          expected: { rlsEnabled: false },
          actual: { rlsEnabled: true },
          message: `Row-level security is enabled in the database but not in the code; queries may see fewer rows than expected.`,
          fixSql: alterTable(expected, "DISABLE ROW LEVEL SECURITY"),
        }),
      ];
}

function compareOptionalExpression(e: string | null, a: string | null, table: string): ExpressionComparison {
  if (e === null || a === null) return e === a ? "equal" : "different";
  return compareExpressions(e, a, { table });
}

export function diffPolicies(expected: TableDef, actual: TableDef, tablePath: string): Finding[] {
  const findings: Finding[] = [];
  // Policies are matched by name only: two policies with the same rules are still two policies.
  const matched = matchObjects<PolicyDef, PolicyDef>(expected.policies, actual.policies, () => false);
  for (const { name, expected: e, actual: a } of matched.byName) {
    const shapeDiffers =
      e.as !== a.as || e.for !== a.for || !sameList(e.to, a.to) || (e.using === null) !== (a.using === null) || (e.withCheck === null) !== (a.withCheck === null);
    const comparison = shapeDiffers
      ? "different"
      : worseComparison(compareOptionalExpression(e.using, a.using, expected.name), compareOptionalExpression(e.withCheck, a.withCheck, expected.name));
    if (comparison === "equal") continue;
    // A settled difference is an error (DESIGN.md); one that only expression text normalisation
    // could not settle is at most a warning.
    findings.push(
      finding("POLICY_MISMATCH", comparison === "different" ? "error" : "warning", "policy", memberPath(tablePath, name), {
        expected: e,
        actual: a,
        message: `Policy ${name} differs from the code's definition; rows may be exposed or hidden unexpectedly.`,
        fixSql: [dropPolicySql(expected, name), createPolicySql(expected, e)].join("\n"),
      }),
    );
  }
  for (const { name, expected: e } of matched.missing) {
    findings.push(
      finding("POLICY_MISSING", "error", "policy", memberPath(tablePath, name), {
        expected: e,
        actual: null,
        message: `Policy ${name} is absent; the access rule the code relies on is not enforced.`,
        fixSql: createPolicySql(expected, e),
      }),
    );
  }
  for (const { name, actual: a } of matched.extra) {
    findings.push(
      finding("POLICY_EXTRA", "warning", "policy", memberPath(tablePath, name), {
        expected: null,
        actual: a,
        message: `The database has a policy ${name} the code does not declare.`,
        fixSql: dropPolicySql(actual, name),
      }),
    );
  }
  return findings;
}
