import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { EXAMPLE, EXAMPLE_MIGRATIONS, LAST_TAG, captureIo, migrateExample } from "./cli-support.js";

interface JsonReport {
  verdict: string;
  summary: { error: number; warning: number; info: number; total: number };
  findings: { code: string; severity: string; object: string; fixSql: string | null; pendingMigration: string | null }[];
  migrations: { pending: string[] } | null;
}

let migrated: TestDatabase;
let behind: TestDatabase;
const dirs: string[] = [];

beforeAll(async () => {
  [migrated, behind] = await Promise.all([createTestDatabase("h5_cli_full"), createTestDatabase("h5_cli_behind")]);
  await migrateExample(migrated.url, { skipLast: false });
  await migrateExample(behind.url, { skipLast: true });
});

afterAll(async () => {
  await Promise.all([migrated?.drop(), behind?.drop()]);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function check(args: string[], env: Record<string, string | undefined> = {}, cwd = EXAMPLE) {
  const { io, out } = captureIo(cwd, env);
  const code = await run(args, io);
  return { code, ...out };
}

describe("driftcheck check on PostgreSQL 15 (examples/soundcloud, migrated by drizzle-orm)", () => {
  it("passes with exit 0 and no findings when every migration ran", async () => {
    const result = await check(["check", "--database-url", migrated.url, "--format", "json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.verdict).toBe("pass");
    expect(report.findings).toEqual([]);
    expect(report.migrations?.pending).toEqual([]);
  });

  it("fails with exit 2 and COLUMN_MISSING when the last migration did not run", async () => {
    const result = await check(["check", "--database-url", behind.url, "--format", "json"]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.verdict).toBe("fail");
    const missing = report.findings.find((finding) => finding.code === "COLUMN_MISSING");
    expect(missing).toMatchObject({ severity: "error", object: "public.soundcloud_tracks.updated_at", pendingMigration: LAST_TAG });
    expect(missing?.fixSql).toContain("updated_at");
    expect(report.findings.map((finding) => finding.code)).toContain("MIGRATION_PENDING");
    expect(report.migrations?.pending).toEqual([LAST_TAG]);
  });

  it("reads DATABASE_URL and prints a text report naming the column and the migration", async () => {
    const result = await check(["check"], { DATABASE_URL: behind.url });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("COLUMN_MISSING");
    expect(result.stdout).toContain("soundcloud_tracks.updated_at");
    expect(result.stdout).toContain(LAST_TAG);
    expect(result.stdout).not.toMatch(/\u001b\[/);
  });

  it("colours the text report only on a terminal without NO_COLOR", async () => {
    const tty = captureIo(EXAMPLE, {});
    expect(await run(["check", "--database-url", behind.url], { ...tty.io, isTTY: true })).toBe(2);
    expect(tty.out.stdout).toMatch(/\u001b\[\d+m/);
    const noColor = captureIo(EXAMPLE, { NO_COLOR: "1" });
    expect(await run(["check", "--database-url", behind.url], { ...noColor.io, isTTY: true })).toBe(2);
    expect(noColor.out.stdout).not.toMatch(/\u001b\[/);
    expect(noColor.out.stdout).toContain("COLUMN_MISSING");
  });

  it("prints a Markdown report", async () => {
    const result = await check(["check", "--database-url", behind.url, "--format", "markdown"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("COLUMN_MISSING");
  });

  it("status reports migration findings only", async () => {
    const result = await check(["status", "--database-url", behind.url, "--format", "json"]);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.findings.map((finding) => finding.code)).toEqual(["MIGRATION_PENDING"]);
    const clean = await check(["status", "--database-url", migrated.url, "--format", "json"]);
    expect(clean.code).toBe(0);
  });

  it("applies driftcheck.json: migrationsRunOnDeploy for preview turns the drift into info", async () => {
    const dir = mkdtempSync(join(tmpdir(), "driftcheck-cli-check-"));
    dirs.push(dir);
    writeFileSync(
      join(dir, "driftcheck.json"),
      JSON.stringify({ drizzle: EXAMPLE_MIGRATIONS, environments: { preview: { migrationsRunOnDeploy: true } } }),
    );
    const preview = await check(["check", "--database-url", behind.url, "--environment", "preview", "--format", "json"], {}, dir);
    expect(preview.code).toBe(0);
    const report = JSON.parse(preview.stdout) as JsonReport;
    expect(report.verdict).toBe("pass");
    expect(report.findings.find((finding) => finding.code === "COLUMN_MISSING")?.severity).toBe("info");

    const strict = await check(["check", "--database-url", behind.url, "--environment", "preview", "--fail-on", "info"], {}, dir);
    expect(strict.code).toBe(2);
    const production = await check(["check", "--database-url", behind.url], {}, dir);
    expect(production.code).toBe(2);
  });

  it("ignore rules drop findings", async () => {
    const result = await check([
      "check",
      "--database-url",
      behind.url,
      "--format",
      "json",
      "--ignore",
      "code:COLUMN_MISSING",
      "--ignore",
      "code:MIGRATION_PENDING",
    ]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as JsonReport).findings).toEqual([]);
  });

  it("a wrong migrations table is reported, not a silent pass", async () => {
    const result = await check(["check", "--database-url", migrated.url, "--migrations-table", "public.nope", "--format", "json"]);
    expect(result.code).toBe(2);
    expect((JSON.parse(result.stdout) as JsonReport).findings.map((finding) => finding.code)).toContain("MIGRATIONS_TABLE_MISSING");
  });
});
