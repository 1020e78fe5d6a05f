/**
 * drizzle-kit 1.x folders end to end: every fixture under test/fixtures-1x/ (snapshot v8 from
 * drizzle-kit 1.0.0-rc.4, v9 from rc.5) is applied to a fresh PostgreSQL 15 database by
 * drizzle-orm 1.x's OWN migrator (node-postgres driver, loaded from tools/drizzle-kit-1's
 * node_modules: `npm ci --prefix tools/drizzle-kit-1`), then checked through the real pipeline
 * (runCheck, node-postgres executor, disk file source): zero findings, every migration matched
 * by name in the 1.x migrations table. Dropping one column gives exactly COLUMN_MISSING.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createNodePostgresExecutor } from "../../src/adapters/node-postgres/index.js";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { DEFAULT_OPTIONS, runCheck } from "../../src/core/check.js";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { drizzleOrm1xVersion, migrate1xPg } from "../support/drizzle-orm-1x.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const fixturesDir = join(repo, "test/fixtures-1x");

const orm = { version: drizzleOrm1xVersion() };

/** A column each fixture's newest schema has, dropped to make drift. */
const DROPPED_COLUMN: Record<string, { table: string; column: string; object: string }> = {
  "shop-v8": { table: '"users"', column: "login_count", object: "public.users.login_count" },
  "shop-v9": { table: '"users"', column: "login_count", object: "public.users.login_count" },
  "secure-v8": { table: '"notes"', column: "body", object: "public.notes.body" },
  "secure-v9": { table: '"notes"', column: "body", object: "public.notes.body" },
  // issue 11's rules (NULL defaults, IN lists, default opclasses, index elements as SQL, PK + UNIQUE)
  "rules-v9": { table: '"members"', column: "nickname", object: "public.members.nickname" },
};

const fixtures = readdirSync(fixturesDir).sort();
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

/** A fresh database migrated by drizzle-orm 1.x with the fixture's folder (or another folder). */
async function migrated(fixture: string, migrationsFolder = join(fixturesDir, fixture)): Promise<TestDatabase> {
  const database = await createTestDatabase(`h10_1x_${fixture.replace(/\W/g, "_")}`);
  databases.push(database);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await migrate1xPg(client, migrationsFolder);
  } finally {
    await client.end();
  }
  return database;
}

async function check(database: TestDatabase, fixture: string) {
  const executor = createNodePostgresExecutor(database.url);
  try {
    return await runCheck({
      database: executor,
      expected: { kind: "folder", files: createDiskFileSource(join(fixturesDir, fixture)) },
      options: DEFAULT_OPTIONS,
    });
  } finally {
    await executor.close?.();
  }
}

describe(`drizzle-kit 1.x folders applied by drizzle-orm ${orm.version}'s migrator`, () => {
  it("covers both snapshot versions", () => {
    expect(orm.version).toBe("1.0.0-rc.5");
    expect(fixtures).toEqual(expect.arrayContaining(["shop-v8", "shop-v9", "secure-v8", "secure-v9"]));
    expect(Object.keys(DROPPED_COLUMN).sort()).toEqual(fixtures);
  });

  for (const fixture of fixtures) {
    describe(fixture, () => {
      it("checks clean: zero findings, every migration matched by name in the 1.x table", async () => {
        const database = await migrated(fixture);
        const folder = await readDrizzleFolder(createDiskFileSource(join(fixturesDir, fixture)));
        expect(folder.layout).toBe("1.x");
        expect(folder.migrations.length).toBeGreaterThanOrEqual(3);

        // The tracking rows drizzle-orm 1.x wrote: name = folder, hash = sha256(migration.sql),
        // created_at = the folder's timestamp (UTC ms), applied_at filled in.
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        const rows = await client
          .query<{ hash: string; created_at: string; name: string; applied: boolean }>(
            "select hash, created_at::text, name, applied_at is not null as applied from drizzle.__drizzle_migrations order by id",
          )
          .finally(() => client.end());
        expect(rows.rows).toEqual(
          folder.migrations.map((migration) => ({ hash: migration.hash, created_at: String(migration.when), name: migration.tag, applied: true })),
        );

        const result = await check(database, fixture);
        expect(result.error).toBeUndefined();
        expect(result.findings).toEqual([]);
        expect(result.verdict).toBe("pass");
        expect(result.expected).toMatchObject({ layout: "1.x", expectedFrom: folder.migrations.at(-1)!.tag });
        expect(result.migrations).toMatchObject({ shape: "1.x", pending: [], applied: folder.migrations.length, unknown: 0 });
      });

      it("reports exactly COLUMN_MISSING when a column is dropped behind drizzle's back", async () => {
        const database = await migrated(fixture);
        const { table, column, object } = DROPPED_COLUMN[fixture]!;
        await database.exec(`ALTER TABLE ${table} DROP COLUMN "${column}"`);
        const result = await check(database, fixture);
        expect(result.error).toBeUndefined();
        expect(result.findings.map((finding) => [finding.code, finding.object])).toEqual([["COLUMN_MISSING", object]]);
      });

      it("a database migrated up to the previous folder has exactly the newest migration pending (matched by name)", async () => {
        const folders = readdirSync(join(fixturesDir, fixture)).sort();
        const partial = mkdtempSync(join(tmpdir(), "driftcheck-h10-1x-"));
        try {
          for (const name of folders.slice(0, -1)) cpSync(join(fixturesDir, fixture, name), join(partial, name), { recursive: true });
          const database = await migrated(fixture, partial);
          const result = await check(database, fixture);
          expect(result.error).toBeUndefined();
          expect(result.migrations).toMatchObject({ shape: "1.x", pending: [folders.at(-1)], applied: folders.length - 1, unknown: 0 });
          const pending = result.findings.filter((finding) => finding.code.startsWith("MIGRATION_"));
          expect(pending.map((finding) => [finding.code, finding.object])).toEqual([["MIGRATION_PENDING", folders.at(-1)]]);
          // The schema findings are the newest migration's changes, attributed to it.
          expect(result.findings.length).toBeGreaterThan(1);
          for (const finding of result.findings) expect(finding.pendingMigration, finding.code).toBe(folders.at(-1));
        } finally {
          rmSync(partial, { recursive: true, force: true });
        }
      });
    });
  }
});
