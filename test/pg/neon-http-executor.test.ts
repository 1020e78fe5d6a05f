/**
 * createNeonHttpExecutor through the real `neon()` client and the local SQL-over-HTTP endpoint,
 * on real PostgreSQL: the same introspection as node-postgres in ONE HTTP request, raw text
 * rows whatever global parsers say, read-only batches, server-side timeouts, and errors that
 * never carry the password.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { types as neonTypes } from "@neondatabase/serverless";
import { createNeonHttpExecutor } from "../../src/adapters/neon-http/index.js";
import { createNodePostgresExecutor } from "../../src/adapters/node-postgres/index.js";
import { DriftcheckError } from "../../src/core/errors.js";
import { introspect } from "../../src/core/introspect/index.js";
import { createTestDatabase, SERVER_URL, type TestDatabase } from "../support/pg.js";
import { driftcheckRejection } from "../support/rejection.js";
import { pgBackend, startNeonHttpServer, type NeonHttpServer } from "../support/neon-http-server.js";

const CANARY = "canary-Neon-Pw-91ab";
const MIGRATIONS = { schema: "drizzle", table: "__drizzle_migrations" };

const SCHEMA = `
CREATE TYPE public.mood AS ENUM ('ok', 'meh');
CREATE TABLE public.users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email varchar(200) NOT NULL UNIQUE,
  mood public.mood DEFAULT 'ok',
  created_at timestamptz NOT NULL DEFAULT now(),
  meta jsonb DEFAULT '{}'::jsonb
);
CREATE TABLE public.posts (
  id serial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) > 0)
);
CREATE INDEX posts_user ON public.posts (user_id);
CREATE VIEW public.recent AS SELECT id, title FROM public.posts;
CREATE SCHEMA drizzle;
CREATE TABLE drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text NOT NULL, created_at bigint);
INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('aaa', 1700000000001);
INSERT INTO public.users (email) VALUES ('a@example.com');
`;

let db: TestDatabase;
let server: NeonHttpServer;
let neonUrl: string;

beforeAll(async () => {
  db = await createTestDatabase("h7_neon_exec");
  await db.exec(SCHEMA);
  server = await startNeonHttpServer({ backend: pgBackend({ baseUrl: SERVER_URL }) });
  neonUrl = `postgresql://postgres:${CANARY}@ep-lively-lake-654321.us-east-2.aws.neon.tech/${db.name}?sslmode=require`;
});

afterAll(async () => {
  await server?.close();
  await db?.drop();
});

function executor(options: { timeoutMarginMs?: number } = {}) {
  return createNeonHttpExecutor(neonUrl, { fetchEndpoint: server.endpoint, ...options });
}

/** Fails with a DriftcheckError that never carries the password. */
const failure = (work: Promise<unknown>) => driftcheckRejection(work, { secrets: [CANARY] });

describe("createNeonHttpExecutor", () => {
  it("introspects the same CanonicalSchema as node-postgres, in one HTTP request", async () => {
    const viaPg = await introspect(createNodePostgresExecutor(db.url), { migrationsTable: MIGRATIONS });
    const before = server.requests.length;
    const viaNeon = await introspect(executor(), { migrationsTable: MIGRATIONS });
    expect(server.requests.length).toBe(before + 1);
    expect(viaNeon.schema).toEqual(viaPg.schema);
    expect(viaNeon.migrationsTable).toEqual(viaPg.migrationsTable);
    expect(viaNeon.database).toEqual(viaPg.database);
    expect(Object.keys(viaNeon.schema.tables ?? {}).length).toBeGreaterThan(0);

    const request = server.requests.at(-1)!;
    expect(request.headers["neon-batch-isolation-level"]).toBe("RepeatableRead");
    expect(request.headers["neon-batch-read-only"]).toBe("true");
    const queries = (request.body as { queries: { query: string; params: unknown[] }[] }).queries;
    // Timeouts first, then the core's three statements (its own setup sets search_path).
    expect(queries).toHaveLength(4);
    expect(queries[0]?.query).toMatch(/set_config\('statement_timeout', \$1, true\).*set_config\('lock_timeout', \$2, true\)/s);
    expect(queries[0]?.params).toEqual(["15000", "15000"]);
    expect(queries[1]?.query).toContain("search_path");
    expect(JSON.stringify(server.requests)).not.toContain(CANARY);
  });

  it("returns raw PostgreSQL text per statement, even when the client's global parsers are changed", async () => {
    const original = neonTypes.getTypeParser(1184);
    neonTypes.setTypeParser(1184, () => "parsed!");
    try {
      const rows = await executor().runReadOnly(
        [
          { sql: "SELECT created_at, id, meta, mood, $1::int + 1 FROM public.users", params: ["41"] },
          { sql: "SELECT NULL::text, '{1,2}'::int[], $1::text", params: [null] },
          { sql: "SELECT 1 WHERE false" },
        ],
        { timeoutMs: 5_000 },
      );
      expect(rows).toHaveLength(3);
      expect(rows[0]?.[0]?.[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
      expect(rows[0]?.[0]?.slice(1)).toEqual(["1", "{}", "ok", "42"]);
      expect(rows[1]).toEqual([[null, "{1,2}", null]]);
      expect(rows[2]).toEqual([]);
    } finally {
      neonTypes.setTypeParser(1184, original);
    }
  });

  it("runs in a read-only repeatable-read transaction with the timeouts set", async () => {
    const rows = await executor().runReadOnly(
      [{ sql: "SELECT current_setting('transaction_isolation'), current_setting('transaction_read_only'), current_setting('statement_timeout'), current_setting('lock_timeout')" }],
      { timeoutMs: 1234 },
    );
    expect(rows).toEqual([[["repeatable read", "on", "1234ms", "1234ms"]]]);
  });

  it("fails a write with a database error, SQLSTATE 25006, and changes nothing", async () => {
    const error = await failure(executor().runReadOnly([{ sql: "INSERT INTO public.users (email) VALUES ('b@example.com')" }], { timeoutMs: 5_000 }));
    expect(error.kind).toBe("database");
    expect(error.code).toBe("25006");
    expect(error.transient).toBe(false);
  });

  it("maps the server-side statement timeout to a transient 57014", async () => {
    const error = await failure(executor().runReadOnly([{ sql: "SELECT pg_sleep(3)" }], { timeoutMs: 200 }));
    expect(error.code).toBe("57014");
    expect(error.transient).toBe(true);
    expect(error.kind).toBe("connection");
  });

  it("keeps SQLSTATE, detail and hint, and scrubs the password out of echoed input", async () => {
    const error = await failure(executor().runReadOnly([{ sql: "SELECT $1::int", params: [`x${CANARY}`] }], { timeoutMs: 5_000 }));
    expect(error.kind).toBe("database");
    expect(error.code).toBe("22P02");
    expect(error.message).toContain("***");
    const unknownDb = await failure(
      createNeonHttpExecutor(neonUrl.replace(db.name, "h7_no_such_db"), { fetchEndpoint: server.endpoint }).runReadOnly([{ sql: "SELECT 1" }], {
        timeoutMs: 5_000,
      }),
    );
    expect(unknownDb.code).toBe("3D000");
    expect(unknownDb.kind).toBe("connection");
  });

  it("refuses a connection string neon() cannot use, without echoing it", async () => {
    const broken = `postgresql://postgres:${CANARY}@/`;
    const error = await failure(createNeonHttpExecutor(broken, { fetchEndpoint: server.endpoint }).runReadOnly([{ sql: "SELECT 1" }], { timeoutMs: 1_000 }));
    expect(error.kind).toBe("user");
    expect(() => createNeonHttpExecutor(`mysql://root:${CANARY}@host/db`)).toThrow(DriftcheckError);
  });

  it("sends each executor's request to its own endpoint when calls overlap", async () => {
    const other = await startNeonHttpServer({ backend: pgBackend({ baseUrl: SERVER_URL }) });
    try {
      const before = server.requests.length;
      const a = createNeonHttpExecutor(neonUrl, { fetchEndpoint: server.endpoint });
      const b = createNeonHttpExecutor(neonUrl, { fetchEndpoint: () => other.endpoint });
      const results = await Promise.all([
        a.runReadOnly([{ sql: "SELECT 'a'" }], { timeoutMs: 5_000 }),
        b.runReadOnly([{ sql: "SELECT 'b'" }], { timeoutMs: 5_000 }),
        a.runReadOnly([{ sql: "SELECT 'a'" }], { timeoutMs: 5_000 }),
      ]);
      expect(results).toEqual([[[["a"]]], [[["b"]]], [[["a"]]]]);
      expect(server.requests.length).toBe(before + 2);
      expect(other.requests).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
