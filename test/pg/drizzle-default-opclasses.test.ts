/**
 * Default operator classes are the catalog's answer (catalog-sql.ts `defaultOpclasses`,
 * GetDefaultOpClass for each column type under each access method): for every index below, the
 * catalog names the opclass as the default exactly when pg_get_indexdef leaves it out. Polymorphic
 * defaults (enum_ops, array_ops, range_ops, multirange_ops, record_ops), binary-coercible ones
 * (text_ops on varchar, inet_ops on cidr) and domains over a base type included; on every server
 * of the matrix, and on PGlite with pgvector.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { introspect } from "../../src/core/introspect/index.js";
import { opclassTypeKey } from "../../src/core/diff/default-opclasses.js";
import { ALL_SERVERS, startServer, type PostgresServer, type ServerDatabase } from "../support/postgres-servers.js";
import { executorFor } from "../support/fixtures.js";

const SETUP = `
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE DOMAIN label AS text;
CREATE TABLE pair (x integer, y text);
CREATE TABLE t (
  n integer, b bigint, v varchar(20), c character(3), s text, kind mood, tags text[], vs varchar(5)[],
  r int4range, mr int4multirange, j jsonb, ip inet, net cidr, at timestamptz(3), d label, p pair, ts tsvector
);`;

/** [method, column, written opclass] */
const CASES: [string, string, string][] = [
  ["btree", "n", "int4_ops"],
  ["btree", "b", "int8_ops"],
  ["btree", "v", "text_ops"],
  ["btree", "v", "varchar_pattern_ops"],
  ["btree", "c", "bpchar_ops"],
  ["btree", "s", "text_ops"],
  ["btree", "s", "text_pattern_ops"],
  ["btree", "kind", "enum_ops"],
  ["hash", "kind", "enum_ops"],
  ["btree", "tags", "array_ops"],
  ["gin", "tags", "array_ops"],
  ["gin", "vs", "array_ops"],
  ["btree", "r", "range_ops"],
  ["gist", "r", "range_ops"],
  ["btree", "mr", "multirange_ops"],
  ["gin", "j", "jsonb_ops"],
  ["gin", "j", "jsonb_path_ops"],
  ["btree", "ip", "inet_ops"],
  ["btree", "net", "inet_ops"],
  ["gist", "ip", "inet_ops"],
  ["brin", "at", "timestamptz_minmax_ops"],
  ["brin", "at", "timestamptz_minmax_multi_ops"],
  ["btree", "d", "text_ops"],
  ["btree", "p", "record_ops"],
  ["gist", "ts", "tsvector_ops"],
  ["gin", "ts", "tsvector_ops"],
];

async function checkCases(db: ServerDatabase, cases: [string, string, string][]): Promise<string[]> {
  for (const [i, [method, columnName, opclass]] of cases.entries()) {
    await db.exec(`CREATE INDEX i${i} ON t USING ${method} (${columnName} ${opclass});`);
  }
  const result = await introspect(executorFor(db), { migrationsTable: { schema: "drizzle", table: "__drizzle_migrations" } });
  const table = result.schema.tables["public.t"]!;
  const wrong: string[] = [];
  for (const [i, [method, columnName, opclass]] of cases.entries()) {
    const printed = (await db.queryColumn(`SELECT pg_get_indexdef('i${i}'::regclass)`))[0]!;
    const leftOut = !printed.includes(opclass);
    const type = opclassTypeKey(table.columns[columnName]!.type);
    const saysDefault = result.defaultOpclasses[method]?.[type] === opclass;
    if (leftOut !== saysDefault) wrong.push(`${method} ${columnName} (${type}) ${opclass}: printed "${printed}", catalog facts say ${saysDefault ? "default" : "not default"}`);
    // The model's own reading of the index agrees (null exactly when left out).
    if ((table.indexes[`i${i}`]!.columns[0]!.opclass === null) !== leftOut) wrong.push(`${method} ${columnName} ${opclass}: model opclass disagrees`);
  }
  return wrong;
}

describe.each(ALL_SERVERS)("default opclasses from the catalog on %s", (serverName) => {
  let server: PostgresServer;
  let db: ServerDatabase;
  beforeAll(async () => {
    server = await startServer(serverName);
    db = await server.createDatabase("rules_opclass");
    await db.exec(SETUP);
  });
  afterAll(async () => {
    await db?.drop();
    await server?.stop();
  });

  it("names an opclass as the default exactly when pg_get_indexdef leaves it out", async () => {
    expect(await checkCases(db, CASES)).toEqual([]);
  });

  if (serverName === "pglite") {
    it("pgvector: ivfflat's default is vector_l2_ops; hnsw has none", async () => {
      await db.exec("CREATE EXTENSION IF NOT EXISTS vector; ALTER TABLE t ADD COLUMN e vector(3);");
      for (let i = 0; i < CASES.length; i++) await db.exec(`DROP INDEX IF EXISTS i${i};`);
      expect(await checkCases(db, [...CASES, ["ivfflat", "e", "vector_l2_ops"], ["ivfflat", "e", "vector_cosine_ops"], ["hnsw", "e", "vector_l2_ops"]])).toEqual([]);
    });
  }
});
