/**
 * `driftcheck baseline` and known findings, against real PostgreSQL: the example app with its last
 * migration unapplied and one column's type drifted. The baseline makes those findings known (the
 * check passes and still shows them); a new finding with the same code on another object, or the
 * same object drifting to another value, still fails; fixed entries are listed.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import type { Finding } from "../../src/core/findings.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { EXAMPLE, LAST_TAG, ROOT, captureIo, migrateExample } from "./cli-support.js";

interface Report {
  verdict: string;
  summary: { error: number; known?: number };
  findings: Finding[];
  baseline?: { file: string; environment: string; known: number; fixed: { code: string; object: string }[] };
}

let db: TestDatabase;
let app: string;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, out } = captureIo(app, { DATABASE_URL: db.url });
  const code = await run(args, io);
  return { code, ...out };
}

async function checkJson(extra: string[] = []): Promise<{ code: number; report: Report }> {
  const result = await cli(["check", "--format", "json", ...extra]);
  return { code: result.code, report: JSON.parse(result.stdout) as Report };
}

const keyed = (findings: Finding[]) => findings.map((f) => `${f.code} ${f.object}${f.baseline ? " (known)" : ""}`).sort();

beforeAll(async () => {
  db = await createTestDatabase("h14_baseline");
  await migrateExample(db.url, { skipLast: true });
  await db.exec("ALTER TABLE soundcloud_tracks ALTER COLUMN plays TYPE text");
  mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
  app = mkdtempSync(join(ROOT, "test-artifacts", "baseline-"));
  cpSync(EXAMPLE, app, { recursive: true });
});

afterAll(async () => {
  await db?.drop();
  if (app) rmSync(app, { recursive: true, force: true });
});

describe("driftcheck baseline", () => {
  const TODAY = [
    "COLUMN_MISSING public.soundcloud_tracks.updated_at",
    "COLUMN_TYPE_MISMATCH public.soundcloud_tracks.plays",
    `MIGRATION_PENDING ${LAST_TAG}`,
  ];

  it("fails before there is a baseline", async () => {
    const { code, report } = await checkJson();
    expect(keyed(report.findings)).toEqual(TODAY);
    expect(report.baseline).toBeUndefined();
    expect(code).toBe(2);
  });

  it("writes today's findings as fingerprints for the environment", async () => {
    const result = await cli(["baseline"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("wrote driftcheck.baseline.json: 3 known findings for production");
    const file = JSON.parse(readFileSync(join(app, "driftcheck.baseline.json"), "utf8")) as { version: number; environments: Record<string, { code: string; object: string; fingerprint: string }[]> };
    expect(file.version).toBe(1);
    expect(Object.keys(file.environments)).toEqual(["production"]);
    expect(file.environments.production!.map((e) => `${e.code} ${e.object}`).sort()).toEqual(TODAY);
    for (const entry of file.environments.production!) expect(entry.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("then passes, showing the findings as known", async () => {
    const { code, report } = await checkJson();
    expect(keyed(report.findings)).toEqual(TODAY.map((key) => `${key} (known)`));
    expect(report.summary.known).toBe(3);
    expect(report.baseline).toEqual({ file: "driftcheck.baseline.json", environment: "production", known: 3, fixed: [] });
    expect(report.verdict).toBe("pass");
    expect(code).toBe(0);
    const text = await cli(["check"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("known: in the baseline file, does not fail the check");
    expect(text.stdout).toContain("3 known (baseline)");
    const markdown = await cli(["check", "--format", "markdown"]);
    expect(markdown.stdout).toContain("3 known findings from `driftcheck.baseline.json` (shown, not failing).");
  });

  it("applies per environment: the production baseline does not cover preview", async () => {
    const { code, report } = await checkJson(["--environment", "preview"]);
    expect(keyed(report.findings)).toEqual(TODAY);
    expect(code).toBe(2);
  });

  it("fails on the same code on another object", async () => {
    await db.exec("ALTER TABLE soundcloud_tracks DROP COLUMN genre");
    try {
      const { code, report } = await checkJson();
      expect(keyed(report.findings)).toEqual([
        "COLUMN_MISSING public.soundcloud_tracks.genre",
        ...TODAY.map((key) => `${key} (known)`),
      ].sort());
      expect(report.verdict).toBe("fail");
      expect(code).toBe(2);
    } finally {
      await db.exec("ALTER TABLE soundcloud_tracks ADD COLUMN genre text");
    }
  });

  it("fails when a known finding's object drifts to another value (changed actual)", async () => {
    await db.exec("ALTER TABLE soundcloud_tracks ALTER COLUMN plays TYPE varchar(20)");
    try {
      const { code, report } = await checkJson();
      expect(keyed(report.findings)).toContain("COLUMN_TYPE_MISMATCH public.soundcloud_tracks.plays");
      expect(report.verdict).toBe("fail");
      expect(code).toBe(2);
    } finally {
      await db.exec("ALTER TABLE soundcloud_tracks ALTER COLUMN plays TYPE text");
    }
  });

  it("lists entries that no longer occur as fixed, and writing the baseline again drops them", async () => {
    await db.exec("ALTER TABLE soundcloud_tracks ALTER COLUMN plays TYPE integer USING plays::integer");
    const { code, report } = await checkJson();
    expect(code).toBe(0);
    expect(report.baseline?.fixed.map((e) => `${e.code} ${e.object}`)).toEqual(["COLUMN_TYPE_MISMATCH public.soundcloud_tracks.plays"]);
    const text = await cli(["check"]);
    expect(text.stdout).toContain("Fixed since driftcheck.baseline.json (1)");

    expect((await cli(["baseline"])).code).toBe(0);
    const again = await checkJson();
    expect(again.report.baseline?.fixed).toEqual([]);
    expect(again.report.baseline?.known).toBe(2);
  });

  it("keeps other environments' entries when writing one", async () => {
    expect((await cli(["baseline", "--environment", "preview"])).code).toBe(0);
    const file = JSON.parse(readFileSync(join(app, "driftcheck.baseline.json"), "utf8")) as { environments: Record<string, unknown[]> };
    expect(Object.keys(file.environments)).toEqual(["preview", "production"]);
    expect(file.environments.production).toHaveLength(2);
  });

  it("rejects a malformed file or a missing --baseline file with a clear error", async () => {
    const bad = join(app, "bad.baseline.json");
    writeFileSync(bad, JSON.stringify({ version: 1, environments: { production: [{ code: "NOPE", object: "x", fingerprint: "y" }] } }));
    const malformed = await cli(["check", "--baseline", "bad.baseline.json"]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain("bad.baseline.json: environments.production[0] must be { code, object, fingerprint");
    const missing = await cli(["check", "--baseline", "nowhere.json"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Baseline file nowhere.json (from --baseline) does not exist.");
    expect(existsSync(join(app, "nowhere.json"))).toBe(false);
  });
});
