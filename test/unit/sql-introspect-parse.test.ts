import { describe, expect, it } from "vitest";
import { DriftcheckError } from "../../src/core/errors.js";
import { introspect, introspectionStatements } from "../../src/core/introspect/index.js";
import { parseCatalogText, parseReloptions } from "../../src/core/introspect/parse-catalog.js";
import { parseMigrationsText } from "../../src/core/introspect/parse-migrations.js";
import { nodePostgresError } from "../../src/adapters/node-postgres/errors.js";

const REF = { schema: "drizzle", table: "__drizzle_migrations" };

describe("introspection statements", () => {
  it("are setup, catalog and migrations read, with schema lists as JSON and platform schemas left out", () => {
    const statements = introspectionStatements({ migrationsTable: REF, includeSchemas: ["app"], excludeSchemas: ["audit"], timeoutMs: 2500 });
    expect(statements).toHaveLength(3);
    expect(statements[0]?.params).toEqual(["2500", "2500"]);
    expect(statements[0]?.sql).toContain("set_config('search_path', '', true)");
    expect(statements[1]?.params).toEqual(['["app"]', '["audit","neon_auth"]', "drizzle", "__drizzle_migrations"]);
    expect(statements[2]?.params).toEqual(["drizzle", "__drizzle_migrations"]);
  });
  it("include a platform schema only when asked for", () => {
    const statements = introspectionStatements({ migrationsTable: REF, includeSchemas: ["neon_auth"] });
    expect(statements[1]?.params?.[1]).toBe("[]");
    expect(introspectionStatements({ migrationsTable: REF })[1]?.params?.[0]).toBeNull();
  });
  it("fail clearly when an executor returns the wrong number of results", async () => {
    const executor = { runReadOnly: async () => [[]] };
    await expect(introspect(executor, { migrationsTable: REF })).rejects.toThrow(/returned 1 results for 3 statements/);
  });
});

describe("catalog document", () => {
  it("a cut-off document is a clear error", () => {
    expect(() => parseCatalogText('{"tables": [')).toThrow(/not valid JSON .*cut off/);
    expect(() => parseCatalogText(null)).toThrow(DriftcheckError);
  });
  it("an empty catalog is an empty model", () => {
    const parsed = parseCatalogText(
      JSON.stringify({ serverVersionNum: "140005", version: "PostgreSQL 14.5", database: "d", user: "u", schemas: null, tables: null, views: null, enums: null, sequences: null }),
    );
    expect(parsed.schema).toEqual({ formatVersion: 1, schemas: [], enums: {}, sequences: {}, tables: {}, views: {} });
    expect(parsed.database).toEqual({ serverVersionNum: 140005, version: "PostgreSQL 14.5", database: "d", user: "u", warnings: [] });
  });
  it("a serial's default is spelled with the sequence name a serial gets today, whatever its own sequence is called", () => {
    const column = (name: string, expression: string, ownedSequence: string | null) => ({
      name, type: "integer", notNull: true, generated: null, expression, identity: null, sequence: null, ownedSequence,
    });
    const parsed = parseCatalogText(
      JSON.stringify({
        serverVersionNum: "150000", version: "PostgreSQL 15", database: "d", user: "u", schemas: null, views: null, enums: null, sequences: null,
        defaultOpclasses: [{ method: "btree", type: "integer", opclass: "int4_ops" }],
        tables: [{
          schema: "public", name: "acct", kind: "table", rls: false, constraints: null, indexes: null, policies: null,
          columns: [
            // renamed from acct_temp: the sequence kept its first name
            column("id", "nextval('public.acct_temp_id_seq'::regclass)", "public.acct_temp_id_seq"),
            // a sequence the column does not own stays as it is
            column("n", "nextval('public.other_seq'::regclass)", null),
          ],
        }],
      }),
    );
    const columns = parsed.schema.tables["public.acct"]!.columns;
    expect(columns.id!.default).toBe("nextval('public.acct_id_seq'::regclass)");
    expect(columns.n!.default).toBe("nextval('public.other_seq'::regclass)");
    expect(parsed.defaultOpclasses).toEqual({ btree: { integer: "int4_ops" } });
  });

  it("storage parameters become a sorted record; values may contain '='", () => {
    expect(parseReloptions(["m=16", "ef_construction=64", "opt=a=b"])).toEqual({ ef_construction: "64", m: "16", opt: "a=b" });
    expect(Object.keys(parseReloptions(["m=16", "ef_construction=64"]))).toEqual(["ef_construction", "m"]);
    expect(parseReloptions(null)).toEqual({});
  });
});

describe("migrations document", () => {
  it("missing, unreadable and readable tables", () => {
    expect(parseMigrationsText('{"exists": false, "shape": null, "error": null, "rows": null}', REF)).toEqual({
      ref: REF, exists: false, shape: null, rows: [], error: null,
    });
    expect(parseMigrationsText('{"exists": true, "shape": "0.x", "error": "permission denied for schema drizzle", "rows": null}', REF)).toEqual({
      ref: REF, exists: false, shape: "0.x", rows: [], error: "permission denied for schema drizzle",
    });
    const readable = parseMigrationsText(
      JSON.stringify({
        exists: true, shape: "0.x", error: null,
        rows: [
          { id: "3", hash: "c", created_at: "99999999999999999" },
          { id: "1", hash: "a", created_at: "1700000000000" },
          { id: "2", hash: "b", created_at: null },
        ],
      }),
      REF,
    );
    expect(readable.rows.map((row) => row.hash)).toEqual(["a", "c", "b"]);
    expect(readable.rows[1]?.createdAt).toBe("99999999999999999");
  });
});

describe("adapter error for a result too large", () => {
  it("is a user error that says how to narrow the read", () => {
    const error = nodePostgresError(new RangeError("Invalid string length"), (text) => text);
    expect(error.kind).toBe("user");
    expect(error.message).toMatch(/too large/);
    expect(error.hint).toMatch(/schemaFilter/);
  });

  it("PostgreSQL's own 1 GB value limit (SQLSTATE 54000) is a user error with the server's words and the same fix", async () => {
    const serverError = nodePostgresError(
      { code: "54000", severity: "ERROR", message: "out of memory", detail: "Cannot enlarge string buffer containing 1073741822 bytes by 1 more bytes." },
      (text) => text,
    );
    const executor = { runReadOnly: async () => Promise.reject(serverError) };
    const error = await introspect(executor, { migrationsTable: REF }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DriftcheckError);
    expect((error as DriftcheckError).kind).toBe("user");
    expect((error as DriftcheckError).message).toMatch(/^The database catalog is larger than PostgreSQL can return as one value \(1 GB\)\. The server said: out of memory .*Cannot enlarge string buffer/);
    expect((error as DriftcheckError).hint).toMatch(/schemaFilter/);
  });

  it("other database errors pass through unchanged", async () => {
    const serverError = nodePostgresError({ code: "42501", severity: "ERROR", message: "permission denied for schema app" }, (text) => text);
    const executor = { runReadOnly: async () => Promise.reject(serverError) };
    await expect(introspect(executor, { migrationsTable: REF })).rejects.toBe(serverError);
  });
});
