/** `driftcheck --help` and `--version`. */
import { readFileSync } from "node:fs";

export const USAGE = `driftcheck — does this database contain everything this commit's Drizzle schema expects?

Usage:
  driftcheck check  [flags]   compare the drizzle migrations folder with the database
  driftcheck status [flags]   migration findings only (pending, skipped, edited, unknown)
  driftcheck baseline [flags]  run the check and write its findings to driftcheck.baseline.json: later
                              checks show them as known (never failing) and list the ones fixed since
  driftcheck replay [--drizzle DIR] [--out FILE] [--scratch-url URL] [--replay-prelude FILE]
                              replay the migrations on a scratch database; write the expected schema JSON
  driftcheck verify [--drizzle DIR] [--scratch-url URL] [--replay-prelude FILE] [flags]
                              the folder against itself: replay its migrations, compare with the newest
                              snapshot, name the migration file and line of each disagreement
  driftcheck diff --from URL --to URL [flags]
                              what the --to database lacks or has beyond the --from database
  driftcheck fix-sql [flags] [--allow-destructive]
                              one dependency-ordered SQL script that fixes the check's findings
  driftcheck vercel setup --project P [--team T] --webhook-url URL [--dry-run]
                              create, if missing, the Vercel account webhook and the project check
                              the Worker needs (uses $VERCEL_TOKEN; prints a new webhook's secret once)
  driftcheck github setup --worker-url URL [--org ORG] [--print] [--force]
                              create the GitHub App (App Manifest flow, local callback) and store its
                              id, key and webhook secret with \`wrangler secret put\` (--print: print
                              the commands); stops when one is stored, unless --force
  driftcheck neon setup --database-url OWNER_URL [--role NAME]
                              create the read-only role (LOGIN, pg_read_all_data) the Worker connects
                              as and print its password's secret command; run again, changes nothing
  driftcheck --help | --version

Flags:
  --database-url URL          PostgreSQL URL (default: $DATABASE_URL)
  --drizzle DIR               drizzle-kit migrations folder (default: \`out\` of drizzle.config.*, else ./drizzle)
  --format text|json|markdown|sarif
                              report format (default: text; check, status, diff)
  --fail-on error|warning|info
                              lowest severity that fails the check (default: error)
  --environment production|preview
                              which environments.* block of driftcheck.json applies (default: production)
  --migrations-table schema.table
                              applied-migrations table (default: drizzle.__drizzle_migrations)
  --ignore RULE               schema:NAME, table:GLOB, kind:KIND or code:CODE; repeatable
  --config FILE               settings file (default: ./driftcheck.json when present)
  --expected auto|snapshot|replay|FILE.json
                              expected schema (check, fix-sql; default: auto): auto = the folder's
                              newest snapshot when every migration has one, else a replay of the
                              migrations (the report says which and why); snapshot, replay, or a
                              JSON file \`driftcheck replay --out\` wrote
  --scratch-url URL           replay on a throw-away database created through this server
                              (default: embedded PGlite)
  --replay-prelude FILE       SQL run on the scratch database before the first migration (what the
                              migrations assume exists: a role, a helper function, a platform
                              extension); default: \`replay.prelude\` of driftcheck.json
  --out FILE                  replay: write the JSON here (default: stdout)
  --from URL, --to URL        diff: the reference database and the compared one
  --allow-destructive         fix-sql: include drops and narrowing type changes
  --schema FILE               push workflow: derive the expected schema from the TypeScript schema
                              (drizzle-kit's generateDrizzleJson) instead of a migrations folder;
                              repeatable; implies migrations "push"
  --no-database               check: only MIGRATION_NOT_GENERATED (the drizzle config's \`schema\`
                              against the newest snapshot, through the project's drizzle-kit)
  --baseline FILE             check, status, baseline: the baseline file
                              (default: ./driftcheck.baseline.json, applied when present)
  --probe FILE                check: queries that must still compile (prepared, never run);
                              FILE.sql is one query, FILE.json a list of { name, sql, paramTypes? };
                              repeatable, added to \`probes\` of driftcheck.json

vercel setup flags:
  --project NAME|ID           the Vercel project
  --team SLUG|team_ID         the team owning it (default: the token's personal account)
  --webhook-url URL           the Worker's Vercel webhook route, https://WORKER/webhooks/vercel
  --check-name NAME           the project check's name (default: driftcheck)
  --api-url URL               Vercel API base (default: $VERCEL_API_URL, else https://api.vercel.com)
  --dry-run                   list what exists and what would be created; create nothing

Exit codes:
  0  pass (no finding at or above --fail-on); fix-sql: the script alone clears them all
  2  findings at or above --fail-on; fix-sql: the script alone does not clear them (destructive
     fixes refused, pending migrations to run first, or findings without a fix)
  1  could not run the check, or bad input; vercel setup: refused, or found in a state it cannot fix
`;

/** The package version, read from package.json two levels above src/cli or dist/cli. */
export function packageVersion(): string {
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  const version = (JSON.parse(text) as { version?: unknown }).version;
  return typeof version === "string" ? version : "unknown";
}
