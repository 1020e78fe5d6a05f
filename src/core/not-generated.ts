/**
 * MIGRATION_NOT_GENERATED (DESIGN.md): the schema source (the drizzle config's `schema`) differs
 * from the folder's newest snapshot, so `drizzle-kit generate` was not run after the last schema
 * change. Both sides are snapshots (one generated now, one committed) read into the same
 * canonical model, so the comparison is the schema diff itself: one finding per difference,
 * each saying what the schema source adds, drops or changes relative to the snapshot.
 */
import type { CanonicalSchema } from "./model.js";
import type { Finding, FindingCode } from "./findings.js";
import { diffSchemas, type DiffOptions } from "./diff/index.js";
import { finding } from "./diff/finding.js";

export const GENERATE_COMMAND = "npx drizzle-kit generate";

/**
 * `fromSource`: what generate would write now; `newestSnapshot`: what the folder holds;
 * `sourceLabel`: how the schema source is named in messages (e.g. `src/db/schema.ts`).
 */
export function notGeneratedFindings(fromSource: CanonicalSchema, newestSnapshot: CanonicalSchema, sourceLabel: string, options: DiffOptions = {}): Finding[] {
  return diffSchemas(fromSource, newestSnapshot, options).map((difference) =>
    finding("MIGRATION_NOT_GENERATED", "error", difference.kind, difference.object, {
      expected: difference.expected,
      actual: difference.actual,
      message: `${sourceLabel} ${change(difference.code)} \`${shortObject(difference.object)}\` that no migration has; run \`${GENERATE_COMMAND}\` and commit the migration.`,
      fixSql: null,
    }),
  );
}

/** `COLUMN_MISSING` → "adds column", `COLUMN_TYPE_MISMATCH` → "changes the type of column". */
function change(code: FindingCode): string {
  if (code === "RLS_DISABLED") return "enables row-level security on";
  if (code === "RLS_EXTRA") return "disables row-level security on";
  if (code === "NAME_MISMATCH") return "renames";
  const words = (text: string) => text.toLowerCase().replace(/_/g, " ");
  if (code.endsWith("_MISSING")) return `adds ${words(code.slice(0, -"_MISSING".length))}`;
  if (code.endsWith("_EXTRA")) return `drops ${words(code.slice(0, -"_EXTRA".length))}`;
  const mismatch = code.replace(/_MISMATCH$/, "");
  const subject = SUBJECTS.find((prefix) => mismatch.startsWith(prefix));
  if (subject && mismatch !== subject) return `changes the ${words(mismatch.slice(subject.length + 1))} of ${words(subject)}`;
  return `changes ${words(mismatch)}`;
}

const SUBJECTS = ["COLUMN", "FOREIGN_KEY", "CHECK", "INDEX", "VIEW", "ENUM"];

/** `public.tracks.updated_at` → `tracks.updated_at`: the default schema goes without saying. */
function shortObject(path: string): string {
  return path.startsWith("public.") ? path.slice("public.".length) : path;
}
