import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { validateSarif } from "../unit/sarif-validate.js";
import { captureIo, migrateExample } from "./cli-support.js";

interface JsonReport {
  verdict: string;
  findings: { code: string; severity: string; object: string; fixSql: string | null }[];
  migrations: unknown;
  database: { database: string } | null;
  expected: { source: string } | null;
}

let migrated: TestDatabase;
let behind: TestDatabase;

beforeAll(async () => {
  [migrated, behind] = await Promise.all([createTestDatabase("h11_diff_full"), createTestDatabase("h11_diff_behind")]);
  await migrateExample(migrated.url, { skipLast: false });
  await migrateExample(behind.url, { skipLast: true });
});

afterAll(async () => {
  await Promise.all([migrated?.drop(), behind?.drop()]);
});

async function cli(args: string[]) {
  const { io, out } = captureIo();
  const code = await run(args, io);
  return { code, ...out };
}

describe("driftcheck diff --from URL --to URL (PostgreSQL 15)", () => {
  it("reports what --to lacks: COLUMN_MISSING, exit 2", async () => {
    const result = await cli(["diff", "--from", migrated.url, "--to", behind.url, "--format", "json"]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.findings.map((f) => `${f.code} ${f.object}`)).toEqual(["COLUMN_MISSING public.soundcloud_tracks.updated_at"]);
    expect(report.findings[0]?.fixSql).toContain('ADD COLUMN updated_at timestamp with time zone DEFAULT now() NOT NULL');
    expect(report.migrations).toBeNull();
    expect(report.database?.database).toBe(behind.name);
    expect(report.expected?.source).toBe(`database ${migrated.name} (--from)`);
  });

  it("reads the other direction as what --to has beyond --from (info: passes)", async () => {
    const result = await cli(["diff", "--from", behind.url, "--to", migrated.url, "--format", "json"]);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.findings.map((f) => `${f.code} ${f.severity} ${f.object}`)).toEqual(["COLUMN_EXTRA info public.soundcloud_tracks.updated_at"]);
    expect(result.code).toBe(0);
    const strict = await cli(["diff", "--from", behind.url, "--to", migrated.url, "--fail-on", "info"]);
    expect(strict.code).toBe(2);
  });

  it("passes on identical databases and honours --ignore", async () => {
    expect((await cli(["diff", "--from", migrated.url, "--to", migrated.url])).code).toBe(0);
    const ignored = await cli(["diff", "--from", migrated.url, "--to", behind.url, "--ignore", "code:COLUMN_MISSING", "--format", "json"]);
    expect(ignored.code).toBe(0);
    expect((JSON.parse(ignored.stdout) as JsonReport).findings).toEqual([]);
  });

  it("prints valid SARIF (logical locations only: no folder)", async () => {
    const result = await cli(["diff", "--from", migrated.url, "--to", behind.url, "--format", "sarif"]);
    expect(result.code).toBe(2);
    expect(validateSarif(JSON.parse(result.stdout))).toEqual([]);
  });

  it("exits 1 with a clear message when a URL is missing or the database is unreachable, never printing it", async () => {
    const missing = await cli(["diff", "--from", migrated.url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No --to URL.");
    const secret = "postgresql://postgres:canary-h11-secret@127.0.0.1:1/nope";
    const unreachable = await cli(["diff", "--from", migrated.url, "--to", secret]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/connection error/);
    expect(unreachable.stdout + unreachable.stderr).not.toContain("canary-h11-secret");
  });
});
