/**
 * `check --expected replay` over the golden fixture folders: each case migrated on PostgreSQL 15
 * by drizzle-orm's own migrator, its migrations replayed on embedded PGlite (another major), and
 * the check must come back with no finding at all (hand-written migrations included: replay
 * sees what their SQL creates, so the TABLE_EXTRA a snapshot-based check reports is gone).
 * Cases that need provisioning outside their migrations (setup.sql, an extension) are left to
 * the snapshot-based round trip: a scratch database has no such hook.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { listFixtures, migrateFixture, runsOn } from "../support/fixtures.js";
import { startServer, type PostgresServer, type ServerDatabase } from "../support/postgres-servers.js";
import { captureIo } from "./cli-support.js";

const cases = listFixtures().filter((f) => runsOn(f, "pg15") && !f.options.requiresExtension && f.setupSql === null);

let server: PostgresServer;
const databases: ServerDatabase[] = [];

beforeAll(async () => {
  server = await startServer("pg15");
});

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
  await server?.stop();
});

describe("check --expected replay on the fixtures (PG15 migrated, PGlite replayed)", () => {
  it("covers some cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
  });

  for (const fixture of cases) {
    it(`${fixture.name}: no findings`, async () => {
      const db = await server.createDatabase("h11_replay_fx");
      databases.push(db);
      await migrateFixture(db, fixture);
      const { io, out } = captureIo(fixture.dir);
      const code = await run(["check", "--database-url", db.url!, "--drizzle", fixture.migrationsDir, "--expected", "replay", "--format", "json", "--fail-on", "info"], io);
      const report = JSON.parse(out.stdout) as { findings: { code: string; object: string }[]; error?: unknown };
      expect(report.error).toBeUndefined();
      expect(report.findings.map((f) => `${f.code} ${f.object}`)).toEqual([]);
      expect(code).toBe(0);
    });
  }
});
