/**
 * Query probes on real PostgreSQL 15 and on PGlite: prepared (never executed) in the check's
 * one round trip, a failing probe reported without aborting the batch or hiding the others,
 * nothing left prepared afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import type { PGlite } from "@electric-sql/pglite";
import { createNeonHttpExecutor } from "../../src/adapters/neon-http/index.js";
import { createNodePostgresExecutor } from "../../src/adapters/node-postgres/index.js";
import { openPGlite } from "../../src/adapters/pglite/index.js";
import { DEFAULT_OPTIONS, runCheck, type CheckResult } from "../../src/core/check.js";
import { emptySchema } from "../../src/core/model.js";
import { introspectWith } from "../../src/core/introspect/index.js";
import { parseProbeResults, probeStatements, validateProbes, type Probe } from "../../src/core/probes.js";
import type { RawRow, ReadOnlyExecutor, RunOptions, Statement } from "../../src/core/port.js";
import { pgBackend, startNeonHttpServer, type NeonHttpServer } from "../support/neon-http-server.js";
import { SERVER_URL, createTestDatabase, type TestDatabase } from "../support/pg.js";

const SCHEMA_SQL = `
CREATE TABLE public.tracks (id serial PRIMARY KEY, title text NOT NULL, plays integer NOT NULL DEFAULT 0);
INSERT INTO public.tracks (title) VALUES ('one');
`;

const GOOD: Probe = { name: "recent tracks", sql: "SELECT id, title FROM tracks ORDER BY id DESC LIMIT 10" };
const MISSING_COLUMN: Probe = { name: "updated tracks", sql: "SELECT id, updated_at FROM tracks" };
const SYNTAX: Probe = { name: "typo", sql: "SELEC id FROM tracks" };
const PARAMS: Probe = { name: "by id", sql: "SELECT title FROM tracks WHERE id = $1 AND title = $2", paramTypes: ["integer", "text"] };
// Writes compile too: PREPARE only parses and plans, so an UPDATE is checked inside a READ ONLY transaction.
const WRITE: Probe = { name: "bump plays", sql: "UPDATE tracks SET plays = plays + 1 WHERE id = $1;" };

/** Counts calls of the port: one call = one round trip for every executor. */
function counting(executor: ReadOnlyExecutor): ReadOnlyExecutor & { calls: number } {
  const wrapped = {
    calls: 0,
    runReadOnly(statements: Statement[], options: RunOptions): Promise<RawRow[][]> {
      wrapped.calls += 1;
      return executor.runReadOnly(statements, options);
    },
  };
  return wrapped;
}

function check(database: ReadOnlyExecutor, probes: Probe[]): Promise<CheckResult> {
  // Only probes matter here: an empty expectation, whose differences (extra tables) are info.
  return runCheck({
    database,
    expected: { kind: "schema", schema: emptySchema(), source: "test" },
    options: { ...DEFAULT_OPTIONS, migrations: "push", probes },
  });
}

function probeFindingsOf(result: CheckResult) {
  return result.findings.filter((finding) => finding.code === "QUERY_PROBE_FAILED");
}

// Neon: the same batch as separate extended-protocol queries of one transaction request,
// through the local stand-in of Neon's SQL-over-HTTP endpoint in front of PostgreSQL 15.
describe.each(["PostgreSQL 15", "PGlite", "Neon HTTP"] as const)("query probes on %s", (engine) => {
  let database: TestDatabase | null = null;
  let pglite: PGlite | null = null;
  let neonServer: NeonHttpServer | null = null;
  let executor: ReadOnlyExecutor;

  beforeAll(async () => {
    if (engine === "PostgreSQL 15") {
      database = await createTestDatabase("h12_probes");
      await database.exec(SCHEMA_SQL);
      executor = createNodePostgresExecutor(database.url);
    } else if (engine === "Neon HTTP") {
      database = await createTestDatabase("h12_probes_neon");
      await database.exec(SCHEMA_SQL);
      neonServer = await startNeonHttpServer({ backend: pgBackend({ baseUrl: SERVER_URL }) });
      const neonUrl = `postgresql://postgres:pw@ep-probe-000000.us-east-2.aws.neon.tech/${database.name}?sslmode=require`;
      executor = createNeonHttpExecutor(neonUrl, { fetchEndpoint: neonServer.endpoint });
    } else {
      const opened = await openPGlite();
      await opened.db.exec(SCHEMA_SQL);
      pglite = opened.db;
      executor = opened.executor;
    }
  });

  afterAll(async () => {
    await executor?.close?.();
    await neonServer?.close();
    await database?.drop();
  });

  it("passes a probe that compiles, with parameters typed or inferred, and a write that is never executed", async () => {
    const db = counting(executor);
    const result = await check(db, [GOOD, PARAMS, WRITE]);
    expect(result.error).toBeUndefined();
    expect(result.verdict).toBe("pass");
    expect(probeFindingsOf(result)).toEqual([]);
    expect(db.calls).toBe(1);
    // Prepared, not executed: the UPDATE did not run.
    const plays = await executor.runReadOnly([{ sql: "SELECT plays FROM public.tracks" }], { timeoutMs: 5_000 });
    expect(plays[0]).toEqual([["0"]]);
  });

  it("reports a missing column with SQLSTATE, message, hint and position", async () => {
    const result = await check(executor, [MISSING_COLUMN]);
    expect(result.verdict).toBe("fail");
    const [finding] = probeFindingsOf(result);
    expect(finding).toMatchObject({
      severity: "error",
      kind: "probe",
      object: "updated tracks",
      expected: MISSING_COLUMN.sql,
      actual: { code: "42703", message: 'column "updated_at" does not exist', detail: null, position: 12 },
      fixSql: null,
    });
    expect(finding?.message).toBe(
      'Probe "updated tracks" no longer compiles against this database: column "updated_at" does not exist (SQLSTATE 42703).',
    );
  });

  it("carries PostgreSQL's hint", async () => {
    const [finding] = probeFindingsOf(await check(executor, [{ name: "typo column", sql: "SELECT titel FROM tracks" }]));
    expect(finding?.actual).toEqual({
      code: "42703",
      message: 'column "titel" does not exist',
      detail: null,
      hint: 'Perhaps you meant to reference the column "tracks.title".',
      position: 8,
    });
  });

  it("reports a syntax error", async () => {
    const [finding] = probeFindingsOf(await check(executor, [SYNTAX]));
    expect(finding?.actual).toEqual({ code: "42601", message: 'syntax error at or near "SELEC"', detail: null, hint: null, position: 1 });
  });

  it("reports a type of paramTypes that does not exist", async () => {
    const [finding] = probeFindingsOf(await check(executor, [{ name: "bad type", sql: "SELECT $1", paramTypes: ["no_such_type"] }]));
    expect(finding?.actual).toMatchObject({ code: "42704", message: 'type "no_such_type" does not exist' });
  });

  it("three probes, the middle one failing: all three reported in one round trip", async () => {
    const db = counting(executor);
    const result = await check(db, [GOOD, MISSING_COLUMN, PARAMS]);
    expect(db.calls).toBe(1);
    expect(result.error).toBeUndefined();
    expect(probeFindingsOf(result).map((finding) => finding.object)).toEqual(["updated tracks"]);
    // The catalog was read in the same batch.
    expect(result.findings.map((finding) => finding.object)).toContain("public.tracks");
    expect(result.database?.serverVersionNum).toBeGreaterThan(0);

    // The per-probe results themselves, after the failure: the third one compiled.
    const probes = validateProbes([GOOD, MISSING_COLUMN, PARAMS, SYNTAX]);
    const { extraResults } = await introspectWith(db, { migrationsTable: DEFAULT_OPTIONS.migrationsTable }, probeStatements(probes));
    expect(parseProbeResults(extraResults, probes).map((result) => result.failure?.code ?? "ok")).toEqual(["ok", "42703", "ok", "42601"]);
  });

  it("deallocates every prepared statement inside the batch, failing or not", async () => {
    const probes = validateProbes([GOOD, MISSING_COLUMN, PARAMS, SYNTAX, WRITE]);
    const statements = [
      ...probeStatements(probes),
      { sql: "SELECT count(*)::text, pg_catalog.current_setting('search_path') FROM pg_catalog.pg_prepared_statements" },
    ];
    const { extraResults } = await introspectWith(executor, { migrationsTable: DEFAULT_OPTIONS.migrationsTable }, statements);
    // None left, and the batch's own empty search_path is back for the statements after the probes.
    expect(extraResults[2]).toEqual([["0", ""]]);
    if (pglite) {
      // PGlite keeps one session across calls: nothing outlives the batch there either.
      const after = await pglite.query<{ count: number }>("SELECT count(*)::int AS count FROM pg_prepared_statements");
      expect(after.rows[0]?.count).toBe(0);
    }
  });

  it("compiles probes with the database's default search_path, not the batch's empty one", async () => {
    // `tracks` is unqualified in GOOD: it resolves through the default "$user", public.
    const result = await check(executor, [GOOD, { name: "qualified", sql: "SELECT 1 FROM public.tracks" }]);
    expect(probeFindingsOf(result)).toEqual([]);
  });
});

describe("query probes and privileges (PostgreSQL 15)", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase("h12_probes_priv");
    await database.exec(SCHEMA_SQL);
  });

  afterAll(async () => {
    await database?.drop();
  });

  // driftcheck locates the position itself (PL/pgSQL cannot read the server's): it must agree
  // with the position PostgreSQL reports when the same statement is sent directly.
  it.each([
    "SELECT id, updated_at FROM tracks",
    "SELECT t.nope FROM tracks t",
    "SELECT id FROM trackz",
    "SELECT id FROM tracks WHERE",
    "SELEC id FROM tracks",
    "SELECT 'updated_at', updated_at FROM tracks -- updated_at",
    "SELECT id FROM public.nothing",
    'SELECT id FROM public."Nothing"',
    'SELECT "Nope" FROM tracks',
    "SELECT id FROM tracks WHERE title = no_such_fn(1)",
  ])("locates the error in %s where PostgreSQL does", async (sql) => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const serverPosition = await client
      .query(sql)
      .then(() => null, (error: { position?: string }) => Number(error.position))
      .finally(() => client.end());
    const [finding] = probeFindingsOf(await check(createNodePostgresExecutor(database.url), [{ name: "p", sql }]));
    expect(serverPosition).toBeGreaterThan(0);
    expect((finding?.actual as { position: number | null }).position).toBe(serverPosition);
  });

  it("needs no write privilege: probes pass for a role that may only read", async () => {
    const role = `${database.name}_reader`;
    await database.exec(`CREATE ROLE ${role} LOGIN; GRANT SELECT ON public.tracks TO ${role};`);
    try {
      const url = new URL(database.url);
      url.username = role;
      const reader = createNodePostgresExecutor(url.toString());
      const result = await check(reader, [GOOD, WRITE]);
      // Preparing an UPDATE needs no UPDATE privilege (checked at execution): both compile.
      expect(probeFindingsOf(result)).toEqual([]);
    } finally {
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query(`DROP OWNED BY ${role}; DROP ROLE ${role}`).finally(() => admin.end());
    }
  });
});
