/**
 * The check page's headline: what the outcome means and the one next step, in words (issue 13
 * item 12), e.g. "Fails: migration 0002_add_avatar has not run on Neon branch preview/feature-x"
 * → "Run the pending migration 0002_add_avatar on Neon branch preview/feature-x (drizzle-kit
 * migrate), then re-run the check." Pure, so the wording is tested without a page.
 */
import type { StoredCheck } from "../../adapters/d1/store.js";
import type { Finding } from "../../core/findings.js";
import { displayObject, fixingMigration, plural } from "../../core/report/describe.js";

export interface Headline {
  title: string;
  next: string | null;
}

/** The Neon branch the check read, as precisely as the check knows it. */
export function neonBranchLabel(check: Pick<StoredCheck, "resolvedNeonBranch" | "neonBranch">): string | null {
  return check.resolvedNeonBranch ?? check.neonBranch;
}

/** Pending migrations the findings name, in the order they appear (MIGRATION_PENDING first). */
export function pendingMigrationsOf(findings: readonly Finding[]): string[] {
  const tags = new Set<string>();
  for (const finding of findings) if (finding.code === "MIGRATION_PENDING") tags.add(finding.object);
  for (const finding of findings) {
    const tag = fixingMigration(finding);
    if (tag) tags.add(tag);
  }
  return [...tags];
}

export function headlineOf(check: StoredCheck, findings: readonly Finding[]): Headline {
  const branch = neonBranchLabel(check);
  const onBranch = branch ? ` on Neon branch ${branch}` : "";
  if (check.status !== "completed") return { title: "Not checked yet: the check is " + check.status.replace("_", " ") + ".", next: null };
  if (check.outcome === "error" || check.outcome === null) {
    return {
      title: `Could not check${onBranch}: ${check.error?.message ?? "the check did not finish."}`,
      next: check.error?.hint ?? "Fix the cause, then re-run the check. This is not a pass.",
    };
  }
  if (check.outcome === "pass") {
    const notes = findings.length > 0 ? ` (${plural(findings.length, "finding")} below the failing level)` : "";
    return { title: `Passes: the database${onBranch} has everything the code at ${check.sha.slice(0, 7)} expects${notes}.`, next: null };
  }

  const errors = findings.filter((finding) => finding.severity === "error");
  const failing = errors.length > 0 ? errors : findings;
  const pending = pendingMigrationsOf(failing);
  const coveredByPending = failing.every((finding) => finding.code === "MIGRATION_PENDING" || fixingMigration(finding) !== null);
  if (pending.length > 0 && coveredByPending) {
    const which = pending.length === 1 ? `migration ${pending[0]} has` : `${pending.length} migrations (${pending.join(", ")}) have`;
    return {
      title: `Fails: ${which} not run${onBranch}.`,
      next: `Run the pending migration${pending.length === 1 ? "" : "s"} ${pending.join(", ")}${onBranch} (drizzle-kit migrate against it), then re-run the check.`,
    };
  }
  const first = failing[0];
  if (!first) return { title: "Fails.", next: null };
  const more = failing.length > 1 ? ` and ${failing.length - 1} more` : "";
  return {
    title: `Fails: ${first.code} ${displayObject(first)}${more}${onBranch}.`,
    next: first.fixSql
      ? `Add a migration that makes this change (or apply the fix script below${onBranch}), then re-run the check.`
      : first.message,
  };
}
