/**
 * The local Neon SQL-over-HTTP endpoint backed by an in-process PGlite (what `npm start` runs):
 * the Neon executor introspects the same schema as the PGlite executor, read-only batches
 * refuse writes, and a failing statement rolls its batch back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { neon, neonConfig, NeonDbError } from "@neondatabase/serverless";
import type { PGlite } from "@electric-sql/pglite";
import { createNeonHttpExecutor } from "../../src/adapters/neon-http/index.js";
import { openPGlite } from "../../src/adapters/pglite/index.js";
import type { ReadOnlyExecutor } from "../../src/core/port.js";
import { introspect } from "../../src/core/introspect/index.js";
import { pgliteBackend, startNeonHttpServer, type NeonHttpServer } from "../support/neon-http-server.js";

const MIGRATIONS = { schema: "drizzle", table: "__drizzle_migrations" };
const URL = "postgresql://neondb_owner:pw-local@ep-local-000000.localhost/neondb";

let db: PGlite;
let pgliteExecutor: ReadOnlyExecutor;
let server: NeonHttpServer;

beforeAll(async () => {
  ({ db, executor: pgliteExecutor } = await openPGlite());
  await db.exec(`
    CREATE TABLE public.tracks (id serial PRIMARY KEY, title text NOT NULL, plays bigint DEFAULT 0, meta jsonb);
    CREATE UNIQUE INDEX tracks_title ON public.tracks (lower(title));
    CREATE SCHEMA drizzle;
    CREATE TABLE drizzle.__drizzle_migrations (id serial PRIMARY KEY, hash text NOT NULL, created_at bigint);
    INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('h', 1700000000000);
    INSERT INTO public.tracks (title, meta) VALUES ('a', '{"x": 1}');
  `);
  server = await startNeonHttpServer({ backend: pgliteBackend(db) });
});

afterAll(async () => {
  await server?.close();
  await pgliteExecutor?.close?.();
});

describe("the Neon endpoint over PGlite", () => {
  it("introspects the same schema as the PGlite executor, in one request", async () => {
    const direct = await introspect(pgliteExecutor, { migrationsTable: MIGRATIONS });
    const viaHttp = await introspect(createNeonHttpExecutor(URL, { fetchEndpoint: server.endpoint }), { migrationsTable: MIGRATIONS });
    expect(viaHttp.schema).toEqual(direct.schema);
    expect(viaHttp.migrationsTable).toEqual(direct.migrationsTable);
    expect(server.requests).toHaveLength(1);
  });

  it("returns raw text and passes text parameters through unchanged (jsonb included)", async () => {
    const rows = await createNeonHttpExecutor(URL, { fetchEndpoint: server.endpoint }).runReadOnly(
      [{ sql: "SELECT id, plays, meta, $1::jsonb ->> 0 FROM public.tracks", params: ['["p"]'] }],
      { timeoutMs: 5_000 },
    );
    expect(rows).toEqual([[["1", "0", '{"x": 1}', "p"]]]);
  });

  it("refuses a write in a read-only batch (25006) and rolls a failing batch back", async () => {
    const sql = neon(URL);
    neonConfig.fetchEndpoint = server.endpoint;
    const readOnly = await sql.transaction([sql.query("INSERT INTO public.tracks (title) VALUES ('b')")], { readOnly: true }).catch((e: unknown) => e);
    expect((readOnly as NeonDbError).code).toBe("25006");
    const failing = await sql
      .transaction([sql.query("INSERT INTO public.tracks (title) VALUES ('c')"), sql.query("SELECT 1 / 0")], { readOnly: false })
      .catch((e: unknown) => e);
    expect(failing).toBeInstanceOf(NeonDbError);
    expect((failing as NeonDbError).code).toBe("22012");
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM public.tracks");
    expect(rows[0]?.n).toBe(1);
    // The single session is usable afterwards.
    expect(await sql.query("SELECT title FROM public.tracks")).toEqual([{ title: "a" }]);
  });
});
