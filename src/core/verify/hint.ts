/**
 * When `check` should point to `driftcheck verify`: the expected schema is the folder's newest
 * snapshot, that snapshot is the last migration's (nothing stale), and the database has applied
 * every migration of the folder and no other (no pending, skipped, edited or unknown row). Then a
 * schema finding has two possible causes only — a change made outside the migrations, or
 * migration SQL that does not do what its snapshot records — and verify tells them apart. Only
 * the possibility is stated: nothing here establishes which cause it is.
 */
import { SCHEMA_SCOPED_KINDS, type Finding } from "../findings.js";
import type { DrizzleFolder } from "../drizzle/types.js";
import type { MigrationStatus } from "../migrations/types.js";

export const VERIFY_HINT =
  "Every migration is applied: unless the database was changed outside them, the migrations' SQL and the snapshot disagree here (`npx driftcheck verify` names the migration and line).";

export function verifyHintApplies(folder: DrizzleFolder, status: MigrationStatus | null): boolean {
  if (!status || !status.tableExists || status.unknown > 0 || status.entries.length === 0) return false;
  if (!status.entries.every((entry) => entry.state === "applied")) return false;
  return folder.expectedFrom !== null && folder.expectedFrom === folder.migrations.at(-1)?.tag;
}

export function withVerifyHint(findings: Finding[]): Finding[] {
  return findings.map((finding) => (SCHEMA_SCOPED_KINDS.has(finding.kind) ? { ...finding, message: `${finding.message} ${VERIFY_HINT}` } : finding));
}
