/**
 * The team's policy applied to findings: ignore rules, `migrationsRunOnDeploy`, the `failOn`
 * threshold. Attribution of findings to the pending migration that fixes them is attribution.ts.
 */
import { FINDING_CODES, OBJECT_KINDS, SCHEMA_SCOPED_KINDS, SEVERITY_RANK, type Finding, type FindingCode, type ObjectKind, type Severity } from "./findings.js";
import { userError } from "./errors.js";
import { compareText, globToRegExp } from "./diff/matching.js";

export { OBJECT_KINDS };

export type IgnoreRule =
  | { type: "schema"; name: string }
  | { type: "table"; glob: string; pattern: RegExp }
  | { type: "kind"; kind: ObjectKind }
  | { type: "code"; code: FindingCode };

const RULE_FORMS =
  "Valid forms: schema:NAME, table:GLOB (matched against schema.table, or the table name when the glob has no dot; * and ? wildcards), " +
  `kind:KIND (${OBJECT_KINDS.join(", ")}), code:CODE (a finding code such as COLUMN_MISSING).`;

/** Parse one ignore rule; throws a `user` DriftcheckError naming the rule and the valid forms. */
export function parseIgnoreRule(rule: string): IgnoreRule {
  const colon = rule.indexOf(":");
  const type = colon < 0 ? "" : rule.slice(0, colon).trim();
  const value = colon < 0 ? "" : rule.slice(colon + 1).trim();
  const invalid = (why: string) => userError(`Invalid ignore rule "${rule}": ${why}.`, RULE_FORMS);
  if (colon < 0) throw invalid("missing the TYPE: prefix");
  if (!value) throw invalid("empty value");
  switch (type) {
    case "schema":
      return { type: "schema", name: value };
    case "table":
      return { type: "table", glob: value, pattern: globToRegExp(value) };
    case "kind":
      if (!(OBJECT_KINDS as readonly string[]).includes(value)) throw invalid(`unknown kind "${value}"`);
      return { type: "kind", kind: value as ObjectKind };
    case "code":
      if (!(FINDING_CODES as readonly string[]).includes(value)) throw invalid(`unknown code "${value}"`);
      return { type: "code", code: value as FindingCode };
    default:
      throw invalid(`unknown type "${type}"`);
  }
}

/** Kinds whose path starts with `schema.table` (tables, views and what lives in a table). */
const RELATION_SCOPED: ReadonlySet<ObjectKind> = new Set(
  [...SCHEMA_SCOPED_KINDS].filter((kind) => kind !== "schema" && kind !== "enum" && kind !== "sequence"),
);

export function ruleMatches(rule: IgnoreRule, finding: Finding): boolean {
  switch (rule.type) {
    case "code":
      return finding.code === rule.code;
    case "kind":
      return finding.kind === rule.kind;
    case "schema":
      return SCHEMA_SCOPED_KINDS.has(finding.kind) && finding.object.split(".")[0] === rule.name;
    case "table": {
      if (!RELATION_SCOPED.has(finding.kind)) return false;
      const [schema, table] = finding.object.split(".");
      if (table === undefined) return false;
      return rule.glob.includes(".") ? rule.pattern.test(`${schema}.${table}`) : rule.pattern.test(table);
    }
  }
}

export interface PolicyOptions {
  ignore: string[];
  failOn: Severity;
  migrationsRunOnDeploy: boolean;
}

export function applyPolicy(findings: Finding[], options: PolicyOptions): { findings: Finding[]; verdict: "pass" | "fail" } {
  const rules = options.ignore.map(parseIgnoreRule);
  const kept = findings
    .filter((finding) => !rules.some((rule) => ruleMatches(rule, finding)))
    .map((finding) =>
      options.migrationsRunOnDeploy && (finding.code === "MIGRATION_PENDING" || finding.pendingMigration !== null) && finding.severity !== "info"
        ? { ...finding, severity: "info" as const, message: `${finding.message} (The deploy runs migrations and will fix this.)` }
        : finding,
    );
  const threshold = SEVERITY_RANK[options.failOn];
  const verdict = kept.some((finding) => SEVERITY_RANK[finding.severity] >= threshold) ? "fail" : "pass";
  return { findings: kept, verdict };
}

/** Severity (most severe first), then object path, then code, then message: deterministic. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    compareText(a.object, b.object) ||
    compareText(a.code, b.code) ||
    compareText(a.message, b.message)
  );
}
