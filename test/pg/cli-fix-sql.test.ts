import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { splitStatements } from "../../src/core/fix-script.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { captureIo, migrateExample } from "./cli-support.js";

interface JsonReport {
  findings: { code: string; object: string }[];
}

const databases: TestDatabase[] = [];

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

async function migratedDatabase(prefix: string, drift: string): Promise<TestDatabase> {
  const db = await createTestDatabase(prefix);
  databases.push(db);
  await migrateExample(db.url, { skipLast: false });
  await db.exec(drift);
  return db;
}

async function cli(args: string[]) {
  const { io, out } = captureIo();
  const code = await run(args, io);
  return { code, ...out };
}

async function findings(url: string): Promise<string[]> {
  const result = await cli(["check", "--database-url", url, "--format", "json", "--fail-on", "info"]);
  return (JSON.parse(result.stdout) as JsonReport).findings.map((f) => `${f.code} ${f.object}`);
}

/** Runs the script as psql does: one statement at a time, so CONCURRENTLY can run outside BEGIN…COMMIT. */
async function applyScript(url: string, script: string): Promise<number> {
  const statements = splitStatements(script.split("\n").filter((line) => !line.startsWith("--")).join("\n"));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
  return statements.length;
}

// Drift a migrated database in ways that need every phase of the script.
const DRIFT = [
  'ALTER TABLE soundcloud_tracks DROP COLUMN updated_at',
  'ALTER TABLE soundcloud_tracks DROP COLUMN genre',
  'DROP INDEX soundcloud_tracks_artist_idx',
  'ALTER TABLE soundcloud_tracks DROP CONSTRAINT soundcloud_tracks_permalink_url_unique',
  'ALTER TABLE soundcloud_tracks ALTER COLUMN plays DROP DEFAULT',
].join(";\n");

const DESTRUCTIVE_DRIFT = [
  "ALTER TABLE soundcloud_tracks ALTER COLUMN duration_ms TYPE text",
  "ALTER TABLE soundcloud_tracks ADD CONSTRAINT plays_positive CHECK (plays >= 0)",
].join(";\n");

let drifted: TestDatabase;
let destructive: TestDatabase;
let behind: TestDatabase;

beforeAll(async () => {
  [drifted, destructive, behind] = await Promise.all([
    migratedDatabase("h11_fix_drifted", DRIFT),
    migratedDatabase("h11_fix_destructive", DESTRUCTIVE_DRIFT),
    (async () => {
      const db = await createTestDatabase("h22_fix_behind");
      databases.push(db);
      await migrateExample(db.url, { skipLast: true });
      return db;
    })(),
  ]);
});

describe("driftcheck fix-sql on PostgreSQL 15", () => {
  it("prints one ordered script; applying it makes the next check clean", async () => {
    expect(await findings(drifted.url)).not.toEqual([]);
    const result = await cli(["fix-sql", "--database-url", drifted.url]);
    expect(result.code).toBe(0);
    const script = result.stdout;
    expect(script).toContain("BEGIN;");
    expect(script.indexOf("ADD COLUMN genre text;")).toBeLessThan(script.indexOf("COMMIT;"));
    expect(script.indexOf("CREATE INDEX CONCURRENTLY soundcloud_tracks_artist_idx")).toBeGreaterThan(script.indexOf("COMMIT;"));
    expect(result.stderr).toMatch(/^driftcheck: \d+ statements from 5 findings\n$/);
    expect(await applyScript(drifted.url, script)).toBeGreaterThan(5);
    expect(await findings(drifted.url)).toEqual([]);
  });

  it("refuses destructive steps (exit 2, listed in a comment) and includes them with --allow-destructive", async () => {
    const refused = await cli(["fix-sql", "--database-url", destructive.url]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain("-- Refused 2 destructive fixes");
    expect(refused.stdout).toMatch(/^-- COLUMN_TYPE_MISMATCH public\.soundcloud_tracks\.duration_ms: changes the column type from text to integer/m);
    expect(refused.stdout).toMatch(/^-- CHECK_EXTRA public\.soundcloud_tracks\.plays_positive/m);
    expect(refused.stderr).toContain("refused 2 destructive fixes");

    const allowed = await cli(["fix-sql", "--database-url", destructive.url, "--allow-destructive"]);
    expect(allowed.code).toBe(0);
    await applyScript(destructive.url, allowed.stdout);
    expect(await findings(destructive.url)).toEqual([]);
  });

  it("with a migration pending, says first to run it and leaves out the fixes it makes (exit 2); migrating then clears the check", async () => {
    const before = await findings(behind.url);
    const pendingTag = before.find((finding) => finding.startsWith("MIGRATION_PENDING "))!.split(" ")[1]!;
    const fixedByIt = before.filter((finding) => !finding.startsWith("MIGRATION_"));
    expect(fixedByIt.length).toBeGreaterThan(0);

    const result = await cli(["fix-sql", "--database-url", behind.url]);
    expect(result.code).toBe(2);
    const lines = result.stdout.split("\n");
    expect(lines.slice(2, 4)).toEqual(["", `-- FIRST run the 1 pending migration with \`drizzle-kit migrate\`: ${pendingTag}.`]);
    for (const finding of fixedByIt) expect(result.stdout).toContain(`--   ${finding} (${pendingTag})`);
    // None of the migration's own changes are in the script: applying them would break `migrate`.
    expect(result.stdout).not.toMatch(/^(BEGIN|ALTER|CREATE)/m);
    expect(result.stdout).not.toMatch(/^-- {3}error MIGRATION_PENDING/m);
    expect(result.stderr).toContain(`run the pending migration first (drizzle-kit migrate): ${pendingTag}`);

    // Applying what the script holds, then migrating, succeeds and leaves the check clean.
    await applyScript(behind.url, result.stdout);
    await migrateExample(behind.url, { skipLast: false });
    expect(await findings(behind.url)).toEqual([]);
  });

  it("exits 0 with nothing refused, nothing pending and every finding fixed, as --help says", async () => {
    const { USAGE } = await import("../../src/cli/usage.js");
    expect(USAGE).toContain("fix-sql: the script alone clears them all");
    const clean = await cli(["fix-sql", "--database-url", drifted.url]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).not.toContain("pending migration");
  });

  it("exits 1 when the check cannot run", async () => {
    const result = await cli(["fix-sql"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("No database URL.");
  });
});
