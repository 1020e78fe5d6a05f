/**
 * Check-run annotations where they help: a finding that a pending migration would fix points at
 * that migration's .sql file ("this file has not run on the branch"). Findings with no file to
 * point at stay in the summary only. Paths are repository paths.
 */
import type { CheckRunAnnotation } from "../../adapters/github/index.js";
import type { CheckResult } from "../../core/check.js";
import type { DrizzleFolder } from "../../core/drizzle/types.js";
import type { Severity } from "../../core/findings.js";
import { displayObject } from "../../core/report/describe.js";

/** GitHub shows annotations per run; more than this helps nobody. */
export const MAX_ANNOTATIONS = 50;

const LEVEL: Record<Severity, CheckRunAnnotation["annotation_level"]> = { error: "failure", warning: "warning", info: "notice" };

export function annotationsFor(result: CheckResult, folder: DrizzleFolder | null, folderPath: string): CheckRunAnnotation[] {
  if (!folder) return [];
  const sqlPathOf = new Map(folder.migrations.map((migration) => [migration.tag, migration.sqlPath]));
  const annotations: CheckRunAnnotation[] = [];
  for (const finding of result.findings) {
    if (finding.severity === "info") continue;
    // MIGRATION_* findings name the migration itself; schema findings name the one that would fix them.
    const tag = finding.kind === "migration" ? finding.object : finding.pendingMigration;
    const sqlPath = tag ? sqlPathOf.get(tag) : undefined;
    if (!sqlPath) continue;
    annotations.push({
      path: folderPath ? `${folderPath}/${sqlPath}` : sqlPath,
      start_line: 1,
      end_line: 1,
      annotation_level: LEVEL[finding.severity],
      title: `${finding.code} ${displayObject(finding)}`.slice(0, 255),
      message: finding.kind === "migration" ? finding.message : `${finding.message} This migration would fix it; it has not run on the checked branch.`,
    });
    if (annotations.length >= MAX_ANNOTATIONS) break;
  }
  return annotations;
}
