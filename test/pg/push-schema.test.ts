/**
 * Push-workflow teams: the expected schema comes from the TypeScript schema (drizzle-kit's
 * generateDrizzleJson), the database is built by drizzle-kit's own push (`pushSchema` from
 * drizzle-kit/api, what `drizzle-kit push` runs), and the check must come out clean on
 * PostgreSQL 15; a dropped column must be COLUMN_MISSING.
 */
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createJiti } from "jiti";
import { drizzle } from "drizzle-orm/node-postgres";
import { pushSchema } from "drizzle-kit/api";
import { createNodePostgresExecutor } from "../../src/adapters/node-postgres/index.js";
import { expectedFromSchemaFiles } from "../../src/adapters/drizzle-schema/index.js";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { DEFAULT_OPTIONS, runCheck } from "../../src/core/check.js";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures");

/**
 * The newest schema step of fixtures whose objects need no extension or cluster-wide role, and
 * whether the fixture's round trip through its migrations folder is clean today. Where it is not
 * (expression spellings the snapshot normalisers cannot settle yet), the schema path must give
 * exactly the folder path's findings: the two derive the same expected schema.
 */
const SCHEMAS: Array<{ fixture: string; schema: string; clean: boolean }> = [
  { fixture: "soundcloud", schema: "schema.1.add_updated_at.ts", clean: true },
  { fixture: "column-types", schema: "schema.1.more.ts", clean: false },
  { fixture: "constraints", schema: "schema.ts", clean: false },
  { fixture: "indexes", schema: "schema.ts", clean: true },
  { fixture: "names", schema: "schema.ts", clean: true },
  { fixture: "saas", schema: "schema.2.audit.ts", clean: true },
];

async function push(url: string, schemaFile: string): Promise<void> {
  const jiti = createJiti(schemaFile, { moduleCache: false });
  const imports = (await jiti.import(schemaFile)) as Record<string, unknown>;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // drizzle-kit creates non-public schemas itself only when they are declared; push as the CLI does.
    const result = await pushSchema(imports, drizzle(client), ["public", ...declaredSchemas(imports)]);
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

function check(url: string, schemaFile: string) {
  return expectedFromSchemaFiles([schemaFile], { cwd: ROOT }).then(({ schema, source }) =>
    runCheck({
      database: createNodePostgresExecutor(url),
      expected: { kind: "schema", schema, source },
      options: { ...DEFAULT_OPTIONS, migrations: "push" },
    }),
  );
}

describe("check --schema on a database built by drizzle-kit push (PostgreSQL 15)", () => {
  const databases: TestDatabase[] = [];

  afterAll(async () => {
    await Promise.all(databases.map((database) => database.drop()));
  });

  it.each(SCHEMAS)("$fixture/$schema: the same expected schema and findings as the folder's snapshot", async ({ fixture, schema, clean }) => {
    const file = join(FIXTURES, fixture, schema);
    const folder = await readDrizzleFolder(createDiskFileSource(join(FIXTURES, fixture, "migrations"), `${fixture}/migrations`));
    const fromSchema = await expectedFromSchemaFiles([file], { cwd: ROOT });
    expect(fromSchema.schema).toEqual(folder.expected);

    const database = await createTestDatabase("h12_push");
    databases.push(database);
    await push(database.url, file);
    const result = await check(database.url, file);
    expect(result.error).toBeUndefined();
    expect(result.migrations).toBeNull();
    expect(result.expected).toMatchObject({ layout: "json", source: `test/fixtures/${fixture}/${schema} (drizzle-kit generateDrizzleJson)` });
    const viaFolder = await runCheck({
      database: createNodePostgresExecutor(database.url),
      expected: { kind: "folder", files: createDiskFileSource(join(FIXTURES, fixture, "migrations"), fixture) },
      options: { ...DEFAULT_OPTIONS, migrations: "push" },
    });
    // The folder path attributes findings to its (unrecorded) migrations; a push team has none.
    const schemaFindings = viaFolder.findings
      .filter((finding) => finding.kind !== "migration" && finding.kind !== "snapshot")
      .map((finding) => ({ ...finding, pendingMigration: null }));
    expect(result.findings).toEqual(schemaFindings);
    if (clean) {
      expect(result.findings).toEqual([]);
      expect(result.verdict).toBe("pass");
    } else {
      // At most warnings (expression spellings the normalisers do not settle yet), never an error.
      expect(result.findings.filter((finding) => finding.severity === "error")).toEqual([]);
    }
  });
});

describe("check --schema finds drift", () => {
  let database: TestDatabase;
  const file = join(FIXTURES, "soundcloud/schema.1.add_updated_at.ts");

  beforeAll(async () => {
    database = await createTestDatabase("h12_push_drift");
    await push(database.url, file);
    await database.exec("ALTER TABLE public.soundcloud_tracks DROP COLUMN updated_at");
  });

  afterAll(async () => {
    await database?.drop();
  });

  it("reports a dropped column as COLUMN_MISSING, with no migration findings", async () => {
    const result = await check(database.url, file);
    expect(result.verdict).toBe("fail");
    expect(result.findings.map((finding) => [finding.code, finding.object])).toEqual([["COLUMN_MISSING", "public.soundcloud_tracks.updated_at"]]);
  });

  it("says which file could not be loaded, and refuses a module without tables", async () => {
    await expect(expectedFromSchemaFiles(["nope/schema.ts"], { cwd: ROOT })).rejects.toMatchObject({
      kind: "user",
      message: "Schema file nope/schema.ts does not exist.",
    });
    await expect(expectedFromSchemaFiles(["test/support/pg.ts"], { cwd: ROOT })).rejects.toMatchObject({
      kind: "user",
      message: "test/support/pg.ts exports no tables or enums.",
    });
  });
});
