/**
 * `driftcheck check` with query probes (--probe files and `probes` in driftcheck.json) against
 * the example app on PostgreSQL 15: the motivating failure — a query reading
 * `soundcloud_tracks.updated_at` on a branch where that migration never ran — is reported as
 * QUERY_PROBE_FAILED next to COLUMN_MISSING.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { EXAMPLE, captureIo, migrateExample } from "./cli-support.js";

interface JsonReport {
  verdict: string;
  findings: { code: string; severity: string; object: string; actual: unknown }[];
  error?: { kind: string; message: string };
}

let migrated: TestDatabase;
let behind: TestDatabase;
let dir: string;

beforeAll(async () => {
  [migrated, behind] = await Promise.all([createTestDatabase("h12_probe_cli_full"), createTestDatabase("h12_probe_cli_behind")]);
  await Promise.all([migrateExample(migrated.url, { skipLast: false }), migrateExample(behind.url, { skipLast: true })]);
  dir = mkdtempSync(join(tmpdir(), "driftcheck-probes-"));
  writeFileSync(join(dir, "recent-tracks.sql"), "-- the feed\nSELECT id, title, updated_at FROM soundcloud_tracks ORDER BY updated_at DESC LIMIT 20;\n");
  writeFileSync(
    join(dir, "probes.json"),
    JSON.stringify([
      { name: "track by permalink", sql: "SELECT id FROM soundcloud_tracks WHERE permalink_url = $1", paramTypes: ["text"] },
      { name: "count plays", sql: "UPDATE soundcloud_tracks SET plays = plays + 1 WHERE id = $1" },
    ]),
  );
  writeFileSync(join(dir, "two.sql"), "SELECT 1; SELECT 2");
  writeFileSync(
    join(dir, "driftcheck.json"),
    JSON.stringify({ drizzle: join(EXAMPLE, "drizzle"), probes: [{ name: "genres", sql: "SELECT DISTINCT genre FROM soundcloud_tracks" }] }),
  );
});

afterAll(async () => {
  await Promise.all([migrated?.drop(), behind?.drop()]);
  rmSync(dir, { recursive: true, force: true });
});

async function check(args: string[]) {
  const { io, out } = captureIo(EXAMPLE, {});
  const code = await run(["check", ...args], io);
  return { code, ...out };
}

const PROBE_FLAGS = () => ["--probe", join(dir, "recent-tracks.sql"), "--probe", join(dir, "probes.json"), "--config", join(dir, "driftcheck.json")];

describe("driftcheck check --probe on PostgreSQL 15", () => {
  it("passes when every probe compiles (a write is prepared, never run)", async () => {
    const result = await check(["--database-url", migrated.url, "--format", "json", ...PROBE_FLAGS()]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.findings).toEqual([]);
  });

  it("fails with QUERY_PROBE_FAILED naming the file's probe when the column is missing", async () => {
    const result = await check(["--database-url", behind.url, "--format", "json", ...PROBE_FLAGS()]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as JsonReport;
    const probes = report.findings.filter((finding) => finding.code === "QUERY_PROBE_FAILED");
    expect(probes).toEqual([
      expect.objectContaining({
        severity: "error",
        object: "recent-tracks.sql",
        // Position 31: the comment line counts, as in PostgreSQL's own cursor.
        actual: {
          code: "42703",
          message: 'column "updated_at" does not exist',
          detail: null,
          hint: 'Perhaps you meant to reference the column "soundcloud_tracks.created_at".',
          position: 31,
        },
      }),
    ]);
    expect(report.findings.map((finding) => finding.code)).toContain("COLUMN_MISSING");
  });

  it("shows the probe in the text report", async () => {
    const result = await check(["--database-url", behind.url, ...PROBE_FLAGS()]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("recent-tracks.sql");
    expect(result.stdout).toContain('column "updated_at" does not exist');
  });

  it("refuses a probe file holding two statements before touching the database", async () => {
    const result = await check(["--database-url", "postgresql://nobody@127.0.0.1:1/none", "--format", "json", "--probe", join(dir, "two.sql")]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.error).toMatchObject({ kind: "user", message: 'Probe "two.sql" holds more than one SQL statement.' });
  });

  it("refuses a missing probe file and --probe on another command", async () => {
    const missing = await check(["--database-url", migrated.url, "--format", "json", "--probe", join(dir, "nope.sql")]);
    expect(missing.code).toBe(1);
    expect((JSON.parse(missing.stdout) as JsonReport).error?.message).toMatch(/^Probe file .*nope\.sql does not exist\.$/);
    const { io, out } = captureIo(EXAMPLE, {});
    expect(await run(["status", "--probe", join(dir, "two.sql")], io)).toBe(1);
    expect(out.stdout + out.stderr).toContain("--probe does not apply to `driftcheck status`");
  });
});
