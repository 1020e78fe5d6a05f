/**
 * The cross-check oracle (issue 3 point 3) as a suite per server: for every fixture of both
 * drizzle-kit layouts, the expected schema read from the snapshots equals, field by field, the
 * schema replay derives by applying the migration SQL to an empty database of that server and
 * introspecting it (see oracle-exemptions.ts for the comparison and its one exemptions table).
 * The diff of the two must also be empty but for what an exemption explains, so the oracle
 * proves "a replay-based and a snapshot-based check agree".
 *
 * Fixtures that need an extension get their setup.sql first (what a platform provisions outside
 * the migrations); they run only on the servers their fixture.json names.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { createNodePostgresExecutor } from "../../src/adapters/node-postgres/index.js";
import { createPGliteExecutor } from "../../src/adapters/pglite/index.js";
import { diffSchemas } from "../../src/core/diff/index.js";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import { replayMigrations, type ScratchDatabase } from "../../src/core/replay.js";
import { introspect } from "../../src/core/introspect/index.js";
import { withDefaultOpclasses } from "../../src/core/diff/default-opclasses.js";
import { DEFAULT_OPTIONS } from "../../src/core/check.js";
import type { CanonicalSchema, TableDef } from "../../src/core/model.js";
import { listFixtures } from "./fixtures.js";
import { listFixtures1x } from "./fixtures-1x.js";
import { compareForOracle, ORACLE_EXEMPTIONS, type FieldDifference } from "./oracle-exemptions.js";
import { startServer, type PostgresServer, type ServerDatabase, type ServerName } from "./postgres-servers.js";

export interface OracleCase {
  /** The fixture's folder name (unique across both layouts). */
  name: string;
  layout: "0.x" | "1.x";
  migrationsDir: string;
  setupSql: string | null;
  servers: readonly ServerName[] | null;
}

export function oracleCases(): OracleCase[] {
  const journal = listFixtures().map<OracleCase>((fixture) => ({
    name: fixture.name,
    layout: "0.x",
    migrationsDir: fixture.migrationsDir,
    setupSql: fixture.setupSql,
    servers: fixture.options.servers ?? null,
  }));
  const v1 = listFixtures1x().map<OracleCase>((fixture) => ({
    name: fixture.name,
    layout: "1.x",
    migrationsDir: fixture.dir,
    setupSql: null,
    servers: fixture.servers,
  }));
  return [...journal, ...v1].sort((a, b) => a.name.localeCompare(b.name));
}

export function oracleRunsOn(oracleCase: OracleCase, server: ServerName): boolean {
  return oracleCase.servers === null || oracleCase.servers.includes(server);
}

/**
 * Primary keys as the diff matches them (src/core/diff/constraints.ts, indexes.ts), so the
 * field-by-field comparison does not count what the diff settles by rule:
 *   - a key the snapshot gives no name (`unnamed`) takes the database's name when the columns agree;
 *   - a unique constraint on the key's very columns that the database lacks is the one PostgreSQL
 *     folded into the key at CREATE TABLE (PRIMARY KEY + UNIQUE on one column list).
 */
function keysAsTheDiffSeesThem(expected: CanonicalSchema, replayed: CanonicalSchema): CanonicalSchema {
  const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((c, i) => c === b[i]);
  const tables: Record<string, TableDef> = {};
  for (const [key, table] of Object.entries(expected.tables)) {
    const actual = replayed.tables[key];
    const actualKey = actual?.primaryKey;
    if (!table.primaryKey || !actualKey || !same(table.primaryKey.columns, actualKey.columns)) {
      tables[key] = table;
      continue;
    }
    const uniques = Object.fromEntries(
      Object.entries(table.uniques).filter(([name, unique]) => !(same(unique.columns, actualKey.columns) && !actual.uniques[name])),
    );
    const primaryKey = table.primaryKey.unnamed ? { name: actualKey.name, columns: table.primaryKey.columns } : table.primaryKey;
    tables[key] = { ...table, primaryKey, uniques };
  }
  return { ...expected, tables };
}

/**
 * A fresh test database as replay's scratch port (statements through the simple protocol). Every
 * `exec` runs in one session, as the port requires: replay wraps the migrations in one
 * transaction (a `CREATE TEMP TABLE … ON COMMIT DROP` must live on into the next statement).
 */
export function scratchOn(db: ServerDatabase): ScratchDatabase & { close(): Promise<void> } {
  const reader = db.pglite ? createPGliteExecutor(db.pglite) : createNodePostgresExecutor(db.url!);
  let session: Promise<pg.Client> | null = null;
  const connected = () =>
    (session ??= (async () => {
      const client = new pg.Client({ connectionString: db.url! });
      await client.connect();
      return client;
    })());
  return {
    exec: async (sql) => {
      if (db.pglite) return db.exec(sql);
      await (await connected()).query(sql);
    },
    reader,
    close: async () => {
      if (db.pglite) return;
      await reader.close?.();
      if (session) await (await session).end();
    },
  };
}

function show(differences: readonly FieldDifference[]): string[] {
  return differences.map((d) => `${d.path}: snapshot ${JSON.stringify(d.snapshot)} / replay ${JSON.stringify(d.replay)}`);
}

export function describeOracle(serverName: ServerName): void {
  describe(`cross-check oracle on ${serverName}: snapshot-derived expected schema = replay-derived, field by field`, () => {
    const cases = oracleCases().filter((oracleCase) => oracleRunsOn(oracleCase, serverName));
    /** Exemption pattern → fixtures whose replay showed it. */
    const exercised = new Map<string, Set<string>>();
    let server: PostgresServer;
    beforeAll(async () => {
      server = await startServer(serverName);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("covers both layouts", () => {
      expect(cases.filter((c) => c.layout === "0.x").length).toBeGreaterThanOrEqual(8);
      // Both 1.x snapshot versions on every server (the shop fixtures need PostgreSQL 15+).
      expect(cases.filter((c) => c.layout === "1.x").map((c) => c.name)).toEqual(expect.arrayContaining(["secure-v8", "secure-v9"]));
      expect(oracleCases().filter((c) => c.layout === "1.x").map((c) => c.name)).toEqual(["rules-v9", "secure-v8", "secure-v9", "shop-v8", "shop-v9"]);
    });

    for (const oracleCase of cases) {
      it(`${oracleCase.layout} ${oracleCase.name}`, async () => {
        const folder = await readDrizzleFolder(createDiskFileSource(oracleCase.migrationsDir));
        expect(folder.layout).toBe(oracleCase.layout);
        const db = await server.createDatabase(`h16_oracle_${oracleCase.name.replace(/\W/g, "_")}`);
        const scratch = scratchOn(db);
        try {
          if (oracleCase.setupSql) await db.exec(oracleCase.setupSql);
          const replayed = await replayMigrations(folder, scratch);
          // The database's own answers the comparison uses (default operator classes), as a check gets them.
          const { defaultOpclasses } = await introspect(scratch.reader, { migrationsTable: DEFAULT_OPTIONS.migrationsTable });
          const expected = keysAsTheDiffSeesThem(withDefaultOpclasses(folder.expected, defaultOpclasses), replayed);
          const comparison = compareForOracle(expected, replayed);
          for (const difference of comparison.exempted) {
            const seen = exercised.get(difference.exemption) ?? new Set<string>();
            seen.add(oracleCase.name);
            exercised.set(difference.exemption, seen);
          }
          if (comparison.spellings.length > 0) {
            console.info(
              `[oracle ${serverName}] ${oracleCase.name}: ${comparison.spellings.length} expression(s) spelled differently, equivalent:\n  ` +
                show(comparison.spellings).join("\n  "),
            );
          }
          expect(show(comparison.unexplained), "fields that differ and no exemption explains").toEqual([]);

          // The diff agrees: what it still reports is an object only an exemption explains.
          const exemptedObjects = new Set(comparison.exempted.map((d) => d.path.replace(/^(tables|views)\./, "")));
          const unexplainedFindings = diffSchemas(folder.expected, replayed, { defaultOpclasses }).filter(
            (finding) => !(finding.severity === "info" && exemptedObjects.has(finding.object)),
          );
          expect(unexplainedFindings.map((finding) => `${finding.code} ${finding.object}`)).toEqual([]);
        } finally {
          await scratch.close();
          await db.drop();
        }
      });
    }

    it("every exemption is necessary: its provenBy fixture shows the difference", () => {
      const names = new Set(cases.map((c) => c.name));
      for (const exemption of ORACLE_EXEMPTIONS) {
        expect(oracleCases().map((c) => c.name), `provenBy of ${exemption.path}`).toContain(exemption.provenBy);
        if (!names.has(exemption.provenBy)) continue; // the proving fixture does not run on this server
        expect(
          [...(exercised.get(exemption.path) ?? [])],
          `exemption ${exemption.path} is not shown by ${exemption.provenBy} on ${serverName} (unnecessary? remove it)`,
        ).toContain(exemption.provenBy);
      }
      // And on this server the proving fixtures ran at all for at least one exemption.
      expect(ORACLE_EXEMPTIONS.some((exemption) => names.has(exemption.provenBy))).toBe(true);
    });
  });
}
