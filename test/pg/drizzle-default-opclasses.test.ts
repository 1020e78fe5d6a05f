/**
 * The snapshot normaliser's table of default operator classes (normalise-opclass.ts) is the
 * catalog's answer: for every entry, an index built with that opclass on a column of that type is
 * one the introspection reports with opclass null (pg_opclass.opcdefault), on PostgreSQL 15 with
 * PostGIS and on PGlite with pgvector.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_OPCLASSES } from "../../src/core/drizzle/normalise-opclass.js";
import { startServer, type PostgresServer, type ServerDatabase } from "../support/postgres-servers.js";

const EXTENSION_TYPES: Record<string, string> = { vector: "vector", halfvec: "vector", sparsevec: "vector", geometry: "postgis", geography: "postgis" };

/** A column type to index for each key of the table; `[]` stands for any array. */
function columnType(key: string): string {
  if (key === "[]") return "text[]";
  if (key === "vector" || key === "halfvec") return `${key}(3)`;
  if (key === "sparsevec") return "sparsevec(3)";
  if (key === "character varying") return "character varying(20)";
  return key;
}

const entries = Object.entries(DEFAULT_OPCLASSES).flatMap(([method, byType]) =>
  Object.entries(byType).map(([type, opclass]) => ({ method, type, opclass, extension: EXTENSION_TYPES[type] ?? null })),
);

/** What the introspection's catalog query reports for the index's first key. */
async function reportedOpclass(db: ServerDatabase, method: string, type: string, opclass: string, n: number): Promise<string | null> {
  await db.exec(`CREATE TABLE t${n} (c ${columnType(type)}); CREATE INDEX i${n} ON t${n} USING ${method} (c ${opclass});`);
  const [reported] = await db.queryColumn(
    `SELECT CASE WHEN opc.opcdefault THEN NULL ELSE opc.opcname END FROM pg_index i
       JOIN pg_opclass opc ON opc.oid = i.indclass[0] WHERE i.indexrelid = 'i${n}'::regclass`,
  );
  return reported ?? null;
}

describe.each([
  { serverName: "pg15" as const, extensions: [null, "postgis"] as (string | null)[] },
  { serverName: "pglite" as const, extensions: ["vector"] as (string | null)[] },
])("default opclasses on $serverName", ({ serverName, extensions }) => {
  let server: PostgresServer;
  let db: ServerDatabase;
  beforeAll(async () => {
    server = await startServer(serverName);
    db = await server.createDatabase("h14_opclass");
    for (const extension of extensions) if (extension) await db.exec(`CREATE EXTENSION IF NOT EXISTS ${extension}`);
  });
  afterAll(async () => {
    await db?.drop();
    await server?.stop();
  });

  it("every entry of the table is the default PostgreSQL leaves out", async () => {
    const mine = entries.filter((e) => extensions.includes(e.extension));
    expect(mine.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const [n, e] of mine.entries()) {
      const reported = await reportedOpclass(db, e.method, e.type, e.opclass, n);
      if (reported !== null) wrong.push(`${e.method} ${e.type} ${e.opclass}: not the default`);
    }
    expect(wrong).toEqual([]);
  });

  if (serverName === "pglite") {
    it("hnsw has no default opclass: a written vector_l2_ops is reported", async () => {
      expect(await reportedOpclass(db, "hnsw", "vector", "vector_l2_ops", 1000)).toBe("vector_l2_ops");
    });
  }
});
