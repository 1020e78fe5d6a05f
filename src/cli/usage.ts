/** `driftcheck --help` and `--version`. */
import { readFileSync } from "node:fs";

export const USAGE = `driftcheck — does this database contain everything this commit's Drizzle schema expects?

Usage:
  driftcheck check  [flags]   compare the drizzle migrations folder with the database
  driftcheck status [flags]   migration findings only (pending, skipped, edited, unknown)
  driftcheck --help | --version

Flags:
  --database-url URL          PostgreSQL URL (default: $DATABASE_URL)
  --drizzle DIR               drizzle-kit migrations folder (default: \`out\` of drizzle.config.*, else ./drizzle)
  --format text|json|markdown report format (default: text)
  --fail-on error|warning|info
                              lowest severity that fails the check (default: error)
  --environment production|preview
                              which environments.* block of driftcheck.json applies (default: production)
  --migrations-table schema.table
                              applied-migrations table (default: drizzle.__drizzle_migrations)
  --ignore RULE               schema:NAME, table:GLOB, kind:KIND or code:CODE; repeatable
  --config FILE               settings file (default: ./driftcheck.json when present)

Exit codes:
  0  pass (no finding at or above --fail-on)
  2  findings at or above --fail-on
  1  could not run the check, or bad input
`;

/** The package version, read from package.json two levels above src/cli or dist/cli. */
export function packageVersion(): string {
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  const version = (JSON.parse(text) as { version?: unknown }).version;
  return typeof version === "string" ? version : "unknown";
}
