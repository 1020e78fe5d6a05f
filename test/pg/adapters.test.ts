/**
 * The node-postgres and PGlite executors: identical raw rows, one round trip, the
 * migrations-table read never aborting, timeouts and aborts, and errors that never leak a
 * password.
 */
import net from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import type { PGlite } from "@electric-sql/pglite";
import { createNodePostgresExecutor } from "../../src/adapters/node-postgres/index.js";
import { openPGlite } from "../../src/adapters/pglite/index.js";
import { DriftcheckError, errorToJson } from "../../src/core/errors.js";
import { introspect, introspectionStatements } from "../../src/core/introspect/index.js";
import type { ReadOnlyExecutor, Statement } from "../../src/core/port.js";
import { SERVER_URL, createTestDatabase, urlForDatabase, type TestDatabase } from "../support/pg.js";

const CANARY = "canary-s3cret-XYZ";
const MIGRATIONS = { schema: "drizzle", table: "__drizzle_migrations" };

const SMALL_SCHEMA = `
CREATE TYPE public.status AS ENUM ('new', 'done');
CREATE TABLE public.items (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  label varchar(40) NOT NULL DEFAULT 'it''s',
  status public.status DEFAULT 'new',
  tags text[] DEFAULT '{}'::text[],
  price numeric(12, 4) CHECK (price >= 0),
  UNIQUE (label)
);
CREATE INDEX items_lower_label ON public.items (lower(label)) WHERE status <> 'done';
CREATE SEQUENCE public.tickets AS bigint;
`;

const MIGRATIONS_0X = `
CREATE SCHEMA drizzle;
CREATE TABLE drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text NOT NULL, created_at bigint);
INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('bbb', 1700000000002), ('aaa', 1700000000001);
`;

const MIGRATIONS_1X = `
CREATE SCHEMA drizzle;
CREATE TABLE drizzle.__drizzle_migrations (
  id serial PRIMARY KEY, hash text NOT NULL, created_at bigint, name text, applied_at timestamp with time zone DEFAULT now()
);
INSERT INTO drizzle.__drizzle_migrations (hash, created_at, name) VALUES ('h1', 1700000000001, '20240101000000_init');
`;

/** Values of many types: every executor must hand back the same PostgreSQL text. */
const VALUES_SQL = `SELECT 1::int4, 9223372036854775807::int8, 1.50::numeric, 1.5::float8, true, 'x'::text, '\\x0102'::bytea,
  '{1,2}'::int[], '{"a": [1, 2.50]}'::jsonb, '{"b":1}'::json, '2024-01-02 03:04:05.123456'::timestamp, '2024-01-02'::date,
  '1 day 02:03:04'::interval, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, NULL::text, '192.168.0.1/24'::inet,
  '(1,2)'::point, $1::text, $2::text`;
const VALUES_PARAMS = ["it's a \\ backslash 🙂", null];

function pgliteWith(sql: string): Promise<{ db: PGlite; executor: ReadOnlyExecutor }> {
  return openPGlite().then(async (opened) => {
    await opened.db.exec(sql);
    return opened;
  });
}

/** The catalog document without what differs between two servers (name, version). */
function comparableCatalog(text: string | null | undefined): unknown {
  const document = JSON.parse(text ?? "null") as Record<string, unknown>;
  delete document["serverVersionNum"];
  delete document["version"];
  delete document["database"];
  return document;
}

describe("node-postgres and PGlite return identical raw rows", () => {
  let database: TestDatabase;
  let lite: { db: PGlite; executor: ReadOnlyExecutor };

  beforeAll(async () => {
    database = await createTestDatabase("h1_adapters_rows");
    await database.exec(SMALL_SCHEMA + MIGRATIONS_0X);
    lite = await pgliteWith(SMALL_SCHEMA + MIGRATIONS_0X);
  });
  afterAll(async () => {
    await database?.drop();
    await lite?.executor.close?.();
  });

  it("for values of many types, as PostgreSQL text", async () => {
    const statements: Statement[] = [{ sql: VALUES_SQL, params: VALUES_PARAMS }];
    const fromPg = await createNodePostgresExecutor(database.url).runReadOnly(statements, { timeoutMs: 60_000 });
    const fromLite = await lite.executor.runReadOnly(statements, { timeoutMs: 60_000 });
    expect(fromPg).toEqual(fromLite);
    expect(fromPg).toEqual([
      [
        [
          "1", "9223372036854775807", "1.50", "1.5", "t", "x", "\\x0102", "{1,2}", '{"a": [1, 2.50]}', '{"b":1}',
          "2024-01-02 03:04:05.123456", "2024-01-02", "1 day 02:03:04", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", null,
          "192.168.0.1/24", "(1,2)", "it's a \\ backslash 🙂", null,
        ],
      ],
    ]);
  });

  it("for the catalog and the migrations table", async () => {
    const statements = introspectionStatements({ migrationsTable: MIGRATIONS, timeoutMs: 60_000 });
    const fromPg = await createNodePostgresExecutor(database.url).runReadOnly(statements, { timeoutMs: 60_000 });
    const fromLite = await lite.executor.runReadOnly(statements, { timeoutMs: 60_000 });
    expect(fromPg).toHaveLength(3);
    expect(comparableCatalog(fromPg[1]?.[0]?.[0])).toEqual(comparableCatalog(fromLite[1]?.[0]?.[0]));
    expect(fromPg[2]).toEqual(fromLite[2]);
  });

  it("PGlite rolls back after an error so the database stays usable", async () => {
    const error = await lite.executor.runReadOnly([{ sql: "SELECT * FROM public.nope" }], { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "database", code: "42P01" });
    expect(await lite.executor.runReadOnly([{ sql: "SELECT count(*) FROM public.items" }], { timeoutMs: 5_000 })).toEqual([[["0"]]]);
  });
});

describe("the migrations-table read never aborts the batch", () => {
  const databases: TestDatabase[] = [];
  const roles: string[] = [];
  const admin = () => new pg.Client({ connectionString: SERVER_URL });

  async function databaseWith(sql: string): Promise<TestDatabase> {
    const database = await createTestDatabase("h1_adapters_mig");
    databases.push(database);
    await database.exec(SMALL_SCHEMA + sql);
    return database;
  }

  /** A fresh LOGIN role without privileges (the server trusts local connections). */
  async function freshRole(): Promise<string> {
    const role = `h1_reader_${Math.random().toString(36).slice(2, 8)}`;
    const client = admin();
    await client.connect();
    try {
      await client.query(`CREATE ROLE ${role} LOGIN`);
    } finally {
      await client.end();
    }
    roles.push(role);
    return role;
  }

  function urlAs(role: string, database: TestDatabase): string {
    const url = new URL(urlForDatabase(database.name));
    url.username = role;
    return url.toString();
  }

  afterAll(async () => {
    for (const database of databases) await database.drop();
    const client = admin();
    await client.connect();
    try {
      for (const role of roles) await client.query(`DROP ROLE IF EXISTS ${role}`);
    } finally {
      await client.end();
    }
  });

  it("a missing table is data", async () => {
    const database = await databaseWith("");
    const result = await introspect(createNodePostgresExecutor(database.url), { migrationsTable: MIGRATIONS });
    expect(result.migrationsTable).toEqual({ ref: MIGRATIONS, exists: false, shape: null, rows: [], error: null });
    expect(Object.keys(result.schema.tables)).toEqual(["public.items"]);
  });

  it("the 0.x shape (id, hash, created_at), rows in application order with every digit", async () => {
    const database = await databaseWith(MIGRATIONS_0X);
    const result = await introspect(createNodePostgresExecutor(database.url), { migrationsTable: MIGRATIONS });
    expect(result.migrationsTable).toEqual({
      ref: MIGRATIONS,
      exists: true,
      shape: "0.x",
      rows: [
        { id: "2", hash: "aaa", createdAt: "1700000000001", name: null },
        { id: "1", hash: "bbb", createdAt: "1700000000002", name: null },
      ],
      error: null,
    });
    expect(result.schema.schemas).toEqual(["public"]);
  });

  it("the 1.x shape (adds name, applied_at)", async () => {
    const database = await databaseWith(MIGRATIONS_1X);
    const result = await introspect(createNodePostgresExecutor(database.url), { migrationsTable: MIGRATIONS });
    expect(result.migrationsTable).toEqual({
      ref: MIGRATIONS,
      exists: true,
      shape: "1.x",
      rows: [{ id: "1", hash: "h1", createdAt: "1700000000001", name: "20240101000000_init" }],
      error: null,
    });
  });

  it("a configured table name and schema", async () => {
    const database = await databaseWith(`CREATE SCHEMA ops; CREATE TABLE ops."Applied" (id serial, hash text, created_at bigint);
      INSERT INTO ops."Applied" (hash, created_at) VALUES ('q''uote', 5);`);
    const ref = { schema: "ops", table: "Applied" };
    const result = await introspect(createNodePostgresExecutor(database.url), { migrationsTable: ref });
    expect(result.migrationsTable.rows).toEqual([{ id: "1", hash: "q'uote", createdAt: "5", name: null }]);
    expect(result.schema.schemas).toEqual(["public"]);
  });

  it("a schema the role cannot use and a table it cannot read are data, and the catalog is still read", async () => {
    const database = await databaseWith(MIGRATIONS_0X + "CREATE SCHEMA private; CREATE TABLE private.secrets (id int);");
    const role = await freshRole();
    const noSchema = await introspect(createNodePostgresExecutor(urlAs(role, database)), { migrationsTable: MIGRATIONS });
    expect(noSchema.migrationsTable).toEqual({
      ref: MIGRATIONS,
      exists: false,
      shape: "0.x",
      rows: [],
      error: "permission denied for schema drizzle",
    });
    expect(noSchema.database.user).toBe(role);
    expect(noSchema.database.warnings).toEqual([
      `Role "${role}" has no USAGE privilege on schema "private": the app cannot use its objects.`,
    ]);
    expect(Object.keys(noSchema.schema.tables)).toEqual(["private.secrets", "public.items"]);

    await database.exec(`GRANT USAGE ON SCHEMA drizzle TO ${role}`);
    const noTable = await introspect(createNodePostgresExecutor(urlAs(role, database)), { migrationsTable: MIGRATIONS });
    expect(noTable.migrationsTable.error).toBe("permission denied for table drizzle.__drizzle_migrations");
    expect(noTable.migrationsTable.exists).toBe(false);

    await database.exec(`GRANT SELECT ON drizzle.__drizzle_migrations TO ${role}`);
    const readable = await introspect(createNodePostgresExecutor(urlAs(role, database)), { migrationsTable: MIGRATIONS });
    expect(readable.migrationsTable.exists).toBe(true);
    expect(readable.migrationsTable.rows.map((row) => row.hash)).toEqual(["aaa", "bbb"]);
  });

  it("PGlite reads both shapes the same way", async () => {
    const lite = await pgliteWith(SMALL_SCHEMA + MIGRATIONS_0X + MIGRATIONS_1X.replace("CREATE SCHEMA drizzle;", "CREATE SCHEMA drizzle1;").replaceAll("drizzle.__", "drizzle1.__"));
    try {
      const a = await introspect(lite.executor, { migrationsTable: MIGRATIONS });
      const b = await introspect(lite.executor, { migrationsTable: { schema: "drizzle1", table: "__drizzle_migrations" } });
      expect(a.migrationsTable.shape).toBe("0.x");
      expect(a.migrationsTable.rows.map((row) => row.createdAt)).toEqual(["1700000000001", "1700000000002"]);
      expect(b.migrationsTable.shape).toBe("1.x");
      expect(b.migrationsTable.rows).toEqual([{ id: "1", hash: "h1", createdAt: "1700000000001", name: "20240101000000_init" }]);
    } finally {
      await lite.executor.close?.();
    }
  });
});

/**
 * A TCP proxy in front of the server that counts the frontend messages by type
 * ('Q' simple query, 'P' parse, …). With `blackhole`, it stops forwarding after the first query.
 */
async function startProxy(options: { blackhole?: boolean } = {}) {
  const counts = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  const target = new URL(SERVER_URL);
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    let buffer = Buffer.alloc(0);
    let startedUp = false;
    let swallowing = false;
    client.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (!startedUp) {
          if (buffer.length < 4) break;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) break;
          counts.set("startup", (counts.get("startup") ?? 0) + 1);
          if (!swallowing) upstream.write(buffer.subarray(0, length));
          buffer = buffer.subarray(length);
          startedUp = true;
          continue;
        }
        if (buffer.length < 5) break;
        const length = buffer.readInt32BE(1) + 1;
        if (buffer.length < length) break;
        const type = String.fromCharCode(buffer[0]!);
        counts.set(type, (counts.get(type) ?? 0) + 1);
        if (type === "Q" && options.blackhole) swallowing = true;
        if (!swallowing) upstream.write(buffer.subarray(0, length));
        buffer = buffer.subarray(length);
      }
    });
    upstream.on("data", (chunk) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", close).on("error", close);
    upstream.on("close", close).on("error", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    counts,
    urlFor(database: string) {
      const url = new URL(urlForDatabase(database));
      url.host = `127.0.0.1:${port}`;
      return url.toString();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("node-postgres executor", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase("h1_adapters_pg");
    await database.exec(SMALL_SCHEMA + MIGRATIONS_0X);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("sends the whole introspection as one simple-protocol Query message", async () => {
    const proxy = await startProxy();
    try {
      const result = await introspect(createNodePostgresExecutor(proxy.urlFor(database.name)), { migrationsTable: MIGRATIONS });
      expect(Object.keys(result.schema.tables)).toEqual(["public.items"]);
      expect(result.migrationsTable.rows).toHaveLength(2);
      expect(proxy.counts.get("Q")).toBe(1);
      expect(proxy.counts.get("P")).toBeUndefined();
      expect([...proxy.counts.keys()].sort()).toEqual(["Q", "X", "startup"]);
    } finally {
      await proxy.close();
    }
  });

  it("runs read-only: a write is refused with its SQLSTATE", async () => {
    const executor = createNodePostgresExecutor(database.url);
    const error = await executor.runReadOnly([{ sql: "INSERT INTO public.items (label) VALUES ('x')" }], { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriftcheckError);
    expect(error).toMatchObject({ kind: "database", code: "25006", transient: false });
  });

  it("keeps the isolation level repeatable read and applies the timeouts", async () => {
    const rows = await createNodePostgresExecutor(database.url).runReadOnly(
      [{ sql: "SELECT current_setting('transaction_isolation'), current_setting('statement_timeout'), current_setting('lock_timeout'), current_setting('transaction_read_only')" }],
      { timeoutMs: 4_321 },
    );
    expect(rows).toEqual([[["repeatable read", "4321ms", "4321ms", "on"]]]);
  });

  it("maps a server-side statement timeout to a transient error", async () => {
    const error = await createNodePostgresExecutor(database.url)
      .runReadOnly([{ sql: "SELECT pg_sleep(5)" }], { timeoutMs: 200 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "connection", code: "57014", transient: true });
  });

  it("gives up from the client side when the server does not answer", async () => {
    const proxy = await startProxy({ blackhole: true });
    try {
      const started = Date.now();
      const error = await createNodePostgresExecutor(proxy.urlFor(database.name), { timeoutMarginMs: 100 })
        .runReadOnly([{ sql: "SELECT 1" }], { timeoutMs: 300 })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: "connection", transient: true, message: "The database did not answer within 400 ms." });
      // Not a speed measure (the message above proves the client's own timeout fired): only "it did not hang".
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await proxy.close();
    }
  });

  it("stops when the caller aborts", async () => {
    const proxy = await startProxy({ blackhole: true });
    try {
      const controller = new AbortController();
      const pending = createNodePostgresExecutor(proxy.urlFor(database.name), { signal: controller.signal })
        .runReadOnly([{ sql: "SELECT 1" }], { timeoutMs: 30_000 })
        .catch((e: unknown) => e);
      setTimeout(() => controller.abort(), 200);
      expect(await pending).toMatchObject({ kind: "connection", message: "The database request was aborted." });
    } finally {
      await proxy.close();
    }
  });

  it("a value past PostgreSQL's 1 GB limit (a real SQLSTATE 54000) is the clear too-large error", async () => {
    // The catalog statement is swapped for one that hits the same limit without building a 1 GB
    // catalog: repeat() refuses a result past MaxAllocSize with program_limit_exceeded.
    const real = createNodePostgresExecutor(database.url);
    const oversized: ReadOnlyExecutor = {
      runReadOnly: (statements, options) => real.runReadOnly(statements.map((statement, index) => (index === 1 ? { sql: "SELECT repeat('xx', 600000000)" } : statement)), options),
    };
    const error = await introspect(oversized, { migrationsTable: MIGRATIONS }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "user", message: expect.stringMatching(/^The database catalog is larger than PostgreSQL can return as one value \(1 GB\)\. The server said: requested length too large/) });
    expect((error as DriftcheckError).hint).toMatch(/schemaFilter/);
  });

  it("rejects a statement that holds more than one command", async () => {
    const error = await createNodePostgresExecutor(database.url)
      .runReadOnly([{ sql: "SELECT 1; SELECT 2" }], { timeoutMs: 5_000 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "internal" });
  });
});

describe("errors never contain the password", () => {
  const urls = [
    `postgresql://app:${CANARY}@127.0.0.1:1/db`,
    `postgresql://app:${CANARY}@127.0.0.1:notaport/db`,
    `postgresql://app:${CANARY}@[::1/db`,
    `postgresql://app:${CANARY}%zz@127.0.0.1/db`,
    `postgresql://app:p@ss/${CANARY}@127.0.0.1:1/db`,
    `postgresql://h1_no_such_role:${CANARY}@127.0.0.1:5432/postgres`,
    `postgresql://postgres:${CANARY}@127.0.0.1:5432/h1_no_such_database`,
    `postgresql://postgres:${CANARY}@no-such-host.invalid:5432/db`,
    `postgresql://postgres@127.0.0.1:5432/postgres?password=${CANARY}&options=-c%20nonsense%3D1`,
    `mysql://app:${CANARY}@127.0.0.1/db`,
  ];

  /** A server that answers the start-up with an error quoting the password in every field. */
  async function echoingServer(): Promise<{ port: number; close(): Promise<void> }> {
    const server = net.createServer((socket) => {
      socket.once("data", () => {
        const field = (type: string, text: string) => Buffer.concat([Buffer.from(type), Buffer.from(text), Buffer.from([0])]);
        const body = Buffer.concat([
          field("S", "FATAL"),
          field("C", "28P01"),
          field("M", `password authentication failed for postgresql://app:${CANARY}@db/app`),
          field("D", `the password was ${CANARY}`),
          field("H", `try password=${CANARY}`),
          Buffer.from([0]),
        ]);
        const header = Buffer.alloc(5);
        header.write("E", 0);
        header.writeInt32BE(body.length + 4, 1);
        socket.end(Buffer.concat([header, body]));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
      port: (server.address() as net.AddressInfo).port,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it("a server error that quotes the password is scrubbed in message, detail and hint", async () => {
    const server = await echoingServer();
    try {
      const error = await createNodePostgresExecutor(`postgresql://app:${CANARY}@127.0.0.1:${server.port}/app`)
        .runReadOnly([{ sql: "SELECT 1" }], { timeoutMs: 3_000 })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: "connection", code: "28P01" });
      const renderings = [String(error), inspect(error, { depth: 10 }), JSON.stringify(errorToJson(error)), JSON.stringify(error)];
      for (const text of renderings) expect(text).not.toContain("s3cret");
      expect((error as DriftcheckError).detail).toBe("the password was ***");
    } finally {
      await server.close();
    }
  });

  it.each(urls)("%#: every rendering of the error is clean", async (url) => {
    const error = await (async () => createNodePostgresExecutor(url).runReadOnly([{ sql: "SELECT 1" }], { timeoutMs: 3_000 }))().catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DriftcheckError);
    const renderings = [String(error), inspect(error, { depth: 10 }), JSON.stringify(errorToJson(error)), JSON.stringify(error)];
    for (const text of renderings) expect(text).not.toContain("s3cret");
    expect((error as DriftcheckError).kind).not.toBe("internal");
  });
});
