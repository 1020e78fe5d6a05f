/** The CLI as a real process (the built bin) and the demo as `npm run demo`. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { EXAMPLE, LAST_TAG, ROOT, buildCli, migrateExample, runBuiltCli, runProcess } from "./cli-support.js";

let migrated: TestDatabase;
let behind: TestDatabase;

beforeAll(async () => {
  [migrated, behind] = await Promise.all([createTestDatabase("h5_proc_full"), createTestDatabase("h5_proc_behind")]);
  await Promise.all([migrateExample(migrated.url, { skipLast: false }), migrateExample(behind.url, { skipLast: true }), buildCli()]);
});

afterAll(async () => {
  await Promise.all([migrated?.drop(), behind?.drop()]);
});

describe("node bin/driftcheck.js", () => {
  it("--version and --help exit 0", async () => {
    const version = await runBuiltCli(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version);
    const help = await runBuiltCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("driftcheck check");
  });

  it("exits 0 on a fully migrated database", async () => {
    const result = await runBuiltCli(["check", "--database-url", migrated.url]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("exits 2 with COLUMN_MISSING when the last migration did not run, reading DATABASE_URL", async () => {
    const result = await runBuiltCli(["check", "--format", "json"], { env: { DATABASE_URL: behind.url } });
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { verdict: string; findings: { code: string; object: string; pendingMigration: string | null }[] };
    expect(report.verdict).toBe("fail");
    expect(report.findings).toContainEqual(
      expect.objectContaining({ code: "COLUMN_MISSING", object: "public.soundcloud_tracks.updated_at", pendingMigration: LAST_TAG }),
    );
  });

  it("runs as `npx driftcheck` (the package's bin), in the app's folder", async () => {
    const result = await runProcess("npx", ["--no-install", "driftcheck", "check", "--format", "json"], { cwd: EXAMPLE, env: { DATABASE_URL: behind.url } });
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { findings: { code: string; object: string }[] };
    expect(report.findings).toContainEqual(expect.objectContaining({ code: "COLUMN_MISSING", object: "public.soundcloud_tracks.updated_at" }));
  });

  it("exits 1 on bad input", async () => {
    const result = await runBuiltCli(["check", "--fail-on", "fatal", "--database-url", migrated.url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--fail-on must be one of error, warning, info");
  });
});

describe("npm run demo", () => {
  it("migrates PGlite up to the last migration, reports the missing column and exits 0", async () => {
    const result = await runProcess("npm", ["run", "--silent", "demo"], { cwd: ROOT });
    expect(result.stderr).toContain("as expected");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("COLUMN_MISSING");
    expect(result.stdout).toContain("soundcloud_tracks.updated_at");
    expect(result.stdout).toContain(LAST_TAG);
    expect(result.stdout).toMatch(/ALTER TABLE "?(public"?\.)?"?soundcloud_tracks"? ADD COLUMN "?updated_at/);
  });
});
