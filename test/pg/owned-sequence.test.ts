/**
 * The serial rule (introspect/owned-sequence-default.ts) on the stored-forms fixture, whose
 * `acct_temp` table was renamed to `acct` after its serial column was created: the column's own
 * sequence satisfies the snapshot's serial whatever its name, and nothing else does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type PostgresServer, type ServerName } from "../support/postgres-servers.js";
import { checkFixture, loadFixture, migrateFixture } from "../support/fixtures.js";

const fixture = loadFixture("stored-forms");

describe.each(["pg15", "pglite"] as ServerName[])("a renamed table's serial column on %s", (serverName) => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startServer(serverName);
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function findingsAfter(sql: string): Promise<string[]> {
    const db = await server.createDatabase("h4_owned_seq");
    try {
      await migrateFixture(db, fixture);
      if (sql) await db.exec(sql);
      const result = await checkFixture(db, fixture);
      expect(result.error).toBeUndefined();
      return result.findings.map((f) => `${f.code} ${f.severity} ${f.object}`).sort();
    } finally {
      await db.drop();
    }
  }

  it("its own sequence under the old table's name: no finding", async () => {
    expect(await findingsAfter("")).toEqual([]);
  });

  it("no default: COLUMN_DEFAULT_MISSING", async () => {
    expect(await findingsAfter(`ALTER TABLE acct ALTER COLUMN id DROP DEFAULT`)).toEqual(["COLUMN_DEFAULT_MISSING error public.acct.id"]);
  });

  it("the same sequence no longer owned by the column: a default mismatch (and the sequence is the database's extra)", async () => {
    expect(await findingsAfter(`ALTER SEQUENCE acct_temp_id_seq OWNED BY NONE`)).toEqual([
      "COLUMN_DEFAULT_MISMATCH warning public.acct.id",
      "SEQUENCE_EXTRA info public.acct_temp_id_seq",
    ]);
  });
});
