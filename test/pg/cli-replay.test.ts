import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { SERVER_URL, createTestDatabase, type TestDatabase } from "../support/pg.js";
import { validateSarif } from "../unit/sarif-validate.js";
import { EXAMPLE, EXAMPLE_MIGRATIONS, LAST_TAG, captureIo, migrateExample } from "./cli-support.js";

interface JsonReport {
  verdict: string;
  findings: { code: string; object: string; pendingMigration: string | null }[];
  migrations: { pending: string[] } | null;
  expected: { source: string } | null;
}

let migrated: TestDatabase;
let behind: TestDatabase;
const dirs: string[] = [];

beforeAll(async () => {
  [migrated, behind] = await Promise.all([createTestDatabase("h11_replay_full"), createTestDatabase("h11_replay_behind")]);
  await migrateExample(migrated.url, { skipLast: false });
  await migrateExample(behind.url, { skipLast: true });
});

afterAll(async () => {
  await Promise.all([migrated?.drop(), behind?.drop()]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[], cwd = EXAMPLE) {
  const { io, out } = captureIo(cwd, {});
  const code = await run(args, io);
  return { code, ...out };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "driftcheck-h11-replay-"));
  dirs.push(dir);
  return dir;
}

/**
 * The snapshot-derived schema as a database spells it: without `unnamed`, the snapshot's note that
 * an inline 0.x primary key carries no name of its own (the comparison then ignores its name).
 */
async function snapshotExpected() {
  const expected = structuredClone((await readDrizzleFolder(createDiskFileSource(EXAMPLE_MIGRATIONS))).expected);
  for (const table of Object.values(expected.tables)) if (table.primaryKey) delete table.primaryKey.unnamed;
  return expected;
}

async function replayDatabases(): Promise<string[]> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    const rows = await client.query<{ datname: string }>("select datname from pg_database where datname like 'driftcheck\\_replay\\_%'");
    return rows.rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

describe("driftcheck replay (examples/soundcloud)", () => {
  it("on embedded PGlite, writes the versioned expected schema, equal to the snapshot-derived one", async () => {
    const result = await cli(["replay"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as { formatVersion: number; kind: string; generatedBy: string; source: string; schema: unknown };
    expect(doc).toMatchObject({ formatVersion: 1, kind: "driftcheck.expected", source: "replay of ./drizzle on embedded PGlite" });
    expect(doc.generatedBy).toMatch(/^driftcheck \d/);
    expect(doc.schema).toEqual(await snapshotExpected());
  });

  it("via --scratch-url, on a throw-away database that is dropped afterwards", async () => {
    const out = join(tempDir(), "expected.json");
    const result = await cli(["replay", "--scratch-url", SERVER_URL, "--out", out, "--drizzle", EXAMPLE_MIGRATIONS]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("replayed 3 migrations (1 table)");
    const doc = JSON.parse(readFileSync(out, "utf8")) as { source: string; schema: unknown };
    expect(doc.source).toBe("replay of ./drizzle on a scratch database");
    expect(doc.schema).toEqual(await snapshotExpected());
    expect(await replayDatabases()).toEqual([]);
  });

  it("drops the scratch database when a migration fails, and names the migration", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "0000_broken.sql"), "CREATE TABLE ok (id integer);\n--> statement-breakpoint\nCREATE TABLE broken (id no_such_type);");
    const journal = { version: "7", dialect: "postgresql", entries: [{ idx: 0, version: "7", when: 1700000000000, tag: "0000_broken", breakpoints: true }] };
    const meta = join(dir, "meta");
    mkdirSync(meta);
    writeFileSync(join(meta, "_journal.json"), JSON.stringify(journal));
    const result = await cli(["replay", "--drizzle", dir, "--scratch-url", SERVER_URL]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Replaying migration 0000_broken failed at statement 2 of 2");
    expect(await replayDatabases()).toEqual([]);
  });
});

describe("driftcheck replay --scratch-url errors", () => {
  it("says the server could not be reached, exit 1, never printing the URL or its password", async () => {
    const result = await cli(["replay", "--scratch-url", "postgresql://postgres:canary-h11-scratch@127.0.0.1:1/postgres"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("connection error: Could not connect to 127.0.0.1:1: connection refused.");
    expect(result.stderr).not.toContain("SQLSTATE");
    expect(result.stdout + result.stderr).not.toContain("canary-h11-scratch");
    const bad = await cli(["replay", "--scratch-url", "mysql://x"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("The --scratch-url URL must start with postgresql:// or postgres://.");
  });
});

describe("driftcheck check --expected", () => {
  it("replay: zero findings on the fully migrated database", async () => {
    const result = await cli(["check", "--database-url", migrated.url, "--expected", "replay", "--format", "json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.findings).toEqual([]);
    expect(report.migrations?.pending).toEqual([]);
    expect(report.expected?.source).toBe("replay of ./drizzle on embedded PGlite");
  });

  it("FILE.json: the missing column, with the pending migration from the folder", async () => {
    const out = join(tempDir(), "expected.json");
    expect((await cli(["replay", "--out", out])).code).toBe(0);
    const clean = await cli(["check", "--database-url", migrated.url, "--expected", out, "--format", "json"]);
    expect(clean.code).toBe(0);
    expect((JSON.parse(clean.stdout) as JsonReport).findings).toEqual([]);
    const result = await cli(["check", "--database-url", behind.url, "--expected", out, "--format", "json"]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.findings.find((f) => f.code === "COLUMN_MISSING")).toMatchObject({
      object: "public.soundcloud_tracks.updated_at",
      pendingMigration: LAST_TAG,
    });
    expect(report.migrations?.pending).toEqual([LAST_TAG]);
  });

  it("FILE.json of another kind or version: a clear error, exit 1", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "other.json"), JSON.stringify({ formatVersion: 1, verdict: "pass" }));
    writeFileSync(join(dir, "future.json"), JSON.stringify({ formatVersion: 99, kind: "driftcheck.expected", schema: {} }));
    const other = await cli(["check", "--database-url", migrated.url, "--expected", join(dir, "other.json")]);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('not a driftcheck expected-schema file ("kind" must be "driftcheck.expected")');
    const future = await cli(["check", "--database-url", migrated.url, "--expected", join(dir, "future.json")]);
    expect(future.code).toBe(1);
    expect(future.stderr).toContain("formatVersion 99 is not supported");
  });
});

describe("driftcheck check --format sarif", () => {
  it("is valid SARIF 2.1.0 locating the missing column at its migration line, relative to the repo root", async () => {
    const result = await cli(["check", "--database-url", behind.url, "--format", "sarif"]);
    expect(result.code).toBe(2);
    const log = JSON.parse(result.stdout) as {
      runs: { results: { ruleId: string; locations: { physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    expect(validateSarif(log)).toEqual([]);
    const missing = log.runs[0]!.results.find((r) => r.ruleId === "COLUMN_MISSING");
    expect(missing?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: "examples/soundcloud/drizzle/0002_add_updated_at.sql" },
      region: { startLine: 1 },
    });
  });
});
