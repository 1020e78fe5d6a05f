/**
 * The local Neon SQL-over-HTTP stand-in against the real `neon()` client: the same statements
 * through neon() → stand-in → PostgreSQL and through plain `pg` give identical rows, fields
 * and errors; batches are transactions with Neon's batch headers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { neon, neonConfig, NeonDbError } from "@neondatabase/serverless";
import pg from "pg";
import { createTestDatabase, SERVER_URL, type TestDatabase } from "../support/pg.js";
import { pgBackend, startNeonHttpServer, type NeonHttpServer } from "../support/neon-http-server.js";

const CANARY = "canary-Pw-7f3e";
let db: TestDatabase;
let server: NeonHttpServer;
let neonUrl: string;

const SETUP = `
CREATE TABLE things (
  id int PRIMARY KEY, label text, price numeric(10,2), at timestamptz, day date, flags boolean,
  tags text[], doc jsonb, raw bytea, big bigint, span interval, ratio double precision
);
INSERT INTO things VALUES
  (1, 'one', 12.50, '2024-02-03 04:05:06.789+00', '2024-02-03', true, '{a,"b c"}', '{"k": [1, 2]}', '\\x00ff', 9007199254740993, '1 day 02:03:04', 0.1),
  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, 'quote''s "and" \\ backslash', -0.01, 'infinity', '-infinity', false, '{}', '"s"', '\\x', -1, '-3 mons', 'NaN');
`;

/** Statements compared through both paths, with text parameters. */
const STATEMENTS: { sql: string; params: (string | null)[] }[] = [
  { sql: "SELECT * FROM things ORDER BY id", params: [] },
  { sql: "SELECT id, label FROM things WHERE id = $1", params: ["3"] },
  { sql: "SELECT $1::jsonb -> 'a' AS a, $2::text IS NULL AS n", params: ['{"a": [true, null]}', null] },
  { sql: "SELECT count(*), sum(price), array_agg(id ORDER BY id) FROM things", params: [] },
  { sql: "SELECT 'x' AS same, 'y' AS same", params: [] },
  { sql: "SELECT WHERE false", params: [] },
];

/** Statements that fail, compared by SQLSTATE, position, message, detail and hint. */
const FAILING: { sql: string; params: (string | null)[] }[] = [
  { sql: "SELECT nosuch FROM things", params: [] },
  { sql: "SELEC 1", params: [] },
  { sql: "SELECT 1 / 0", params: [] },
  { sql: "SELECT $1::int", params: ["abc"] },
  { sql: "INSERT INTO things (id) VALUES (1)", params: [] },
  { sql: "SELECT 1; SELECT 2", params: [] },
  { sql: "SELECT * FROM missing_table", params: [] },
];

beforeAll(async () => {
  db = await createTestDatabase("h7_neon_proto");
  await db.exec(SETUP);
  server = await startNeonHttpServer({ backend: pgBackend({ baseUrl: SERVER_URL }) });
  neonConfig.fetchEndpoint = server.endpoint;
  neonUrl = `postgresql://postgres:${CANARY}@ep-quiet-river-123456.eu-central-1.aws.neon.tech/${db.name}?sslmode=require`;
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

async function withPg<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const rawText = { getTypeParser: () => (value: string) => value };

describe("neon() through the stand-in vs node-postgres", () => {
  it("gives identical raw text rows and field metadata", async () => {
    const sql = neon(neonUrl, { arrayMode: true, fullResults: true });
    for (const statement of STATEMENTS) {
      const viaNeon = await sql.query(statement.sql, statement.params, { types: rawText });
      const viaPg = await withPg((client) =>
        client.query({ text: statement.sql, values: statement.params, rowMode: "array", types: rawText as unknown as pg.CustomTypesConfig }),
      );
      expect(viaNeon.rows, statement.sql).toEqual(viaPg.rows);
      expect(viaNeon.fields.map((f) => ({ ...f })), statement.sql).toEqual(viaPg.fields.map((f) => ({ ...f })));
      expect(viaNeon.rowCount, statement.sql).toBe(viaPg.rowCount);
      expect(viaNeon.command, statement.sql).toBe(viaPg.command);
    }
  });

  it("gives identical parsed rows with the default type parsers (the client parses by dataTypeID)", async () => {
    const sql = neon(neonUrl);
    for (const statement of STATEMENTS.slice(0, 4)) {
      const viaNeon = await sql.query(statement.sql, statement.params);
      const viaPg = await withPg((client) => client.query(statement.sql, statement.params));
      expect(viaNeon, statement.sql).toEqual(viaPg.rows);
    }
    const [first] = (await sql.query("SELECT at, big FROM things WHERE id = 1")) as { at: unknown; big: unknown }[];
    expect(first?.at).toBeInstanceOf(Date);
    expect(first?.big).toBe("9007199254740993");
  });

  it("gives identical error codes, positions and texts", async () => {
    const sql = neon(neonUrl);
    for (const statement of FAILING) {
      const neonError = await sql.query(statement.sql, statement.params).then(
        () => null,
        (error: unknown) => error,
      );
      const pgError = await withPg((client) =>
        client.query({ text: statement.sql, values: statement.params, queryMode: "extended" } as pg.QueryConfig).then(
          () => null,
          (error: unknown) => error,
        ),
      );
      expect(neonError, statement.sql).toBeInstanceOf(NeonDbError);
      expect(pgError, statement.sql).toBeInstanceOf(pg.DatabaseError);
      const pick = (e: unknown) => {
        const x = e as Record<string, unknown>;
        return { message: x["message"], code: x["code"], position: x["position"], detail: x["detail"], hint: x["hint"], severity: x["severity"], constraint: x["constraint"], table: x["table"] };
      };
      expect(pick(neonError), statement.sql).toEqual(pick(pgError));
      expect((neonError as NeonDbError).code, statement.sql).toMatch(/^[0-9A-Z]{5}$/);
    }
    const positioned = await sql.query("SELECT nosuch FROM things").catch((error: NeonDbError) => error);
    expect((positioned as NeonDbError).position).toBe("8");
  });
});

describe("batches (sql.transaction)", () => {
  it("runs a batch in one request with the isolation level and read-only mode it asks for", async () => {
    const sql = neon(neonUrl, { arrayMode: true });
    const before = server.requests.length;
    const results = await sql.transaction(
      [sql.query("SHOW transaction_isolation"), sql.query("SHOW transaction_read_only"), sql.query("SELECT count(*) FROM things")],
      { isolationLevel: "RepeatableRead", readOnly: true },
    );
    expect(results).toEqual([[["repeatable read"]], [["on"]], [["3"]]]);
    expect(server.requests.length).toBe(before + 1);
    const request = server.requests.at(-1)!;
    expect(request.headers["neon-batch-isolation-level"]).toBe("RepeatableRead");
    expect(request.headers["neon-batch-read-only"]).toBe("true");
    expect(request.headers["neon-raw-text-output"]).toBe("true");
    expect(request.headers["neon-array-mode"]).toBe("true");
    expect(request.body).toEqual({
      queries: [
        { query: "SHOW transaction_isolation", params: [] },
        { query: "SHOW transaction_read_only", params: [] },
        { query: "SELECT count(*) FROM things", params: [] },
      ],
    });
  });

  it("fails a write in a read-only batch with SQLSTATE 25006", async () => {
    const sql = neon(neonUrl);
    const error = await sql
      .transaction([sql.query("SELECT 1"), sql.query("INSERT INTO things (id) VALUES (99)")], { readOnly: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NeonDbError);
    expect((error as NeonDbError).code).toBe("25006");
    expect(server.requests.at(-1)?.status).toBe(400);
    const { rows } = await withPg((client) => client.query("SELECT count(*)::int AS n FROM things WHERE id = 99"));
    expect(rows[0].n).toBe(0);
  });

  it("rolls the whole batch back when a statement fails", async () => {
    const sql = neon(neonUrl);
    const error = await sql
      .transaction([sql.query("INSERT INTO things (id, label) VALUES (50, 'kept?')"), sql.query("SELECT 1 / 0")], { readOnly: false })
      .catch((e: unknown) => e);
    expect((error as NeonDbError).code).toBe("22012");
    const { rows } = await withPg((client) => client.query("SELECT count(*)::int AS n FROM things WHERE id = 50"));
    expect(rows[0].n).toBe(0);
    // The same batch without the failure commits.
    await sql.transaction([sql.query("INSERT INTO things (id, label) VALUES (51, 'kept')")], { readOnly: false });
    const after = await withPg((client) => client.query("SELECT label FROM things WHERE id = 51"));
    expect(after.rows).toEqual([{ label: "kept" }]);
    await db.exec("DELETE FROM things WHERE id = 51");
  });

  it("records requests without the password", async () => {
    expect(server.requests.length).toBeGreaterThan(5);
    const recorded = JSON.stringify(server.requests);
    expect(recorded).not.toContain(CANARY);
    expect(server.requests[0]?.headers["neon-connection-string"]).toContain(":***@ep-quiet-river-123456");
    expect(server.requests[0]?.connection).toBe(`postgres@ep-quiet-river-123456.eu-central-1.aws.neon.tech/${db.name}`);
  });
});

describe("the stand-in's HTTP rules", () => {
  const post = (body: string, headers: Record<string, string>) =>
    fetch(server.endpoint, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  const neonHeaders = () => ({ "Neon-Connection-String": neonUrl, "Neon-Raw-Text-Output": "true", "Neon-Array-Mode": "true" });

  it("answers 400 without the connection-string header, 400 for malformed bodies, 404 elsewhere", async () => {
    const missing = await post(JSON.stringify({ query: "SELECT 1", params: [] }), { "Neon-Raw-Text-Output": "true" });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toMatch(/Neon-Connection-String/);
    expect((await post("{not json", neonHeaders())).status).toBe(400);
    expect((await post(JSON.stringify({ queries: "SELECT 1" }), neonHeaders())).status).toBe(400);
    expect((await post(JSON.stringify({ query: "SELECT $1", params: [{ a: 1 }] }), neonHeaders())).status).toBe(400);
    const batch = await post(JSON.stringify({ queries: [{ query: "SELECT 1", params: [] }] }), {
      ...neonHeaders(),
      "Neon-Batch-Isolation-Level": "Chaos",
    });
    expect(batch.status).toBe(400);
    expect((await fetch(server.endpoint.replace("/sql", "/nope"), { method: "POST", body: "{}" })).status).toBe(404);
  });

  it("answers a single query with Neon's result shape", async () => {
    const response = await post(JSON.stringify({ query: "SELECT id, label FROM things WHERE id = $1", params: ["1"] }), neonHeaders());
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      fields: [
        expect.objectContaining({ name: "id", dataTypeID: 23, columnID: 1, dataTypeSize: 4, dataTypeModifier: -1, format: "text" }),
        expect.objectContaining({ name: "label", dataTypeID: 25, columnID: 2, format: "text" }),
      ],
      rows: [["1", "one"]],
      command: "SELECT",
      rowCount: 1,
      rowAsArray: true,
    });
  });

  it("answers 413 past the body limit and 507 past the response limit", async () => {
    const small = await startNeonHttpServer({ backend: pgBackend({ baseUrl: SERVER_URL }), maxRequestBytes: 200, maxResponseBytes: 300 });
    try {
      const big = await fetch(small.endpoint, {
        method: "POST",
        body: JSON.stringify({ query: `SELECT '${"x".repeat(500)}'`, params: [] }),
        headers: neonHeaders(),
      });
      expect(big.status).toBe(413);
      const large = await fetch(small.endpoint, {
        method: "POST",
        body: JSON.stringify({ query: "SELECT repeat('y', 1000)", params: [] }),
        headers: neonHeaders(),
      });
      expect(large.status).toBe(507);
      expect(small.requests.map((r) => r.status)).toEqual([413, 507]);
    } finally {
      await small.close();
    }
  });
});
