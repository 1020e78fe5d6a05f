/**
 * Golden cases: migrate (all, or the first N migrations), apply the case's mutate.sql, run the
 * check, and compare with the committed expected-findings.json (deep-equal) and
 * expected-report.md. `UPDATE_GOLDENS=1` rewrites them from the PostgreSQL 15 run (PGlite's for a
 * PGlite-only case; refused under CI=true); the other server must then produce the very same files.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/core/report/index.js";
import type { CheckResult } from "../../src/core/check.js";
import { startServer, type PostgresServer, type ServerName } from "../support/postgres-servers.js";
import {
  checkFixture,
  expectedTrackingRows,
  isGoldenCase,
  listFixtures,
  migrateFixture,
  readGolden,
  readTrackingRows,
  runsOn,
  updatingGoldens,
  writeGolden,
} from "../support/fixtures.js";

const GOLDEN_SERVERS: ServerName[] = ["pg15", "pglite"];
const goldenCases = listFixtures().filter(isGoldenCase);

describe.each(GOLDEN_SERVERS)("golden cases on %s", (serverName) => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startServer(serverName);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("there are golden cases, including the seed failure", () => {
    expect(goldenCases.map((f) => f.name)).toContain("soundcloud");
  });

  for (const fixture of goldenCases.filter((f) => runsOn(f, serverName))) {
    it(fixture.name, async () => {
      const db = await server.createDatabase(`h4_golden_${fixture.name.replace(/\W/g, "_")}`);
      try {
        const applied = fixture.options.applyMigrations ?? fixture.journal.entries.length;
        await migrateFixture(db, fixture, applied);
        expect(await readTrackingRows(db)).toEqual(expectedTrackingRows(fixture, applied));
        if (fixture.mutateSql) await db.exec(fixture.mutateSql);

        const result = await checkFixture(db, fixture, fixture.options.check ?? {});
        expect(result.error).toBeUndefined();
        const findings = JSON.parse(JSON.stringify(result.findings)) as unknown;
        const report = renderMarkdown(stableForReport(result));

        // Written by the first golden server the case runs on (pg15, or PGlite for PGlite-only cases).
        if (serverName === GOLDEN_SERVERS.find((name) => runsOn(fixture, name)) && updatingGoldens()) writeGolden(fixture, findings, report);
        const golden = readGolden(fixture);
        expect(golden, `no goldens for ${fixture.name}: run UPDATE_GOLDENS=1 npx vitest run test/pg/roundtrip-goldens.test.ts`).not.toBeNull();
        expect(findings).toEqual(golden?.findings);
        expect(report).toBe(golden?.report);
      } finally {
        await db.drop();
      }
    });
  }
});

/** The random test database name would make every report differ. */
function stableForReport(result: CheckResult): CheckResult {
  return result.database ? { ...result, database: { ...result.database, database: "fixture" } } : result;
}

describe("regeneration is refused under CI=true", () => {
  it("UPDATE_GOLDENS=1 with CI=true throws", () => {
    const saved = { update: process.env.UPDATE_GOLDENS, ci: process.env.CI };
    process.env.UPDATE_GOLDENS = "1";
    process.env.CI = "true";
    try {
      expect(() => updatingGoldens()).toThrow(/refuses to run with CI=true/);
    } finally {
      restore("UPDATE_GOLDENS", saved.update);
      restore("CI", saved.ci);
    }
  });

  it("scripts/generate-fixtures.ts exits 1 with CI=true and touches nothing", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/generate-fixtures.ts", "soundcloud"], {
      env: { ...process.env, CI: "true" },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/refuses to run with CI=true/);
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
