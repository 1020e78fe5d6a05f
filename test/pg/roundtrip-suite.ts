/**
 * "No false positives": every golden fixture, fully migrated by drizzle-orm's own migrator,
 * checks clean — zero findings — through the real pipeline (runCheck). One describe per server;
 * the roundtrip-<server>.test.ts files call this so vitest spreads servers over its workers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, extensionAvailable, type PostgresServer, type ServerName } from "../support/postgres-servers.js";
import {
  checkFixture,
  expectedTrackingRows,
  listFixtures,
  migrateFixture,
  readTrackingRows,
  runsOn,
} from "../support/fixtures.js";

export function describeRoundTrip(serverName: ServerName): void {
  describe(`round trip on ${serverName}: every fixture, fully migrated, has zero findings`, () => {
    let server: PostgresServer;
    beforeAll(async () => {
      server = await startServer(serverName);
    });
    afterAll(async () => {
      await server?.stop();
    });

    for (const fixture of listFixtures().filter((f) => runsOn(f, serverName))) {
      it(fixture.name, async () => {
        const db = await server.createDatabase(`h4_rt_${fixture.name.replace(/\W/g, "_")}`);
        try {
          if (fixture.options.requiresExtension) {
            // Not a skip: a server that should run this case but lacks the extension fails it.
            expect(await extensionAvailable(db, fixture.options.requiresExtension), `${serverName} lacks ${fixture.options.requiresExtension}`).toBe(true);
          }
          await migrateFixture(db, fixture);
          expect(await readTrackingRows(db)).toEqual(expectedTrackingRows(fixture));

          const result = await checkFixture(db, fixture);
          expect(result.error).toBeUndefined();
          // Zero findings, except the ones a case declares as inherent (listed exactly, info only).
          const inherent = (fixture.options.inherentFindings ?? []).map((f) => `${f.code} ${f.object}`);
          const unexpected = result.findings.filter((f) => !inherent.includes(`${f.code} ${f.object}`) || f.severity !== "info");
          expect(unexpected.map(describeDiscrepancy), `${fixture.name} on ${serverName}`).toEqual([]);
          expect(result.findings.map((f) => `${f.code} ${f.object}`).sort()).toEqual([...inherent].sort());
          expect(result.verdict).toBe("pass");
          expect(result.migrations?.applied).toBe(fixture.journal.entries.length);
        } finally {
          await db.drop();
        }
      });
    }
  });
}

/** One line per false positive: what to hand the normaliser's owner. */
function describeDiscrepancy(finding: { code: string; object: string; expected: unknown; actual: unknown }): string {
  return `${finding.code} ${finding.object}: expected ${JSON.stringify(finding.expected)} actual ${JSON.stringify(finding.actual)}`;
}
