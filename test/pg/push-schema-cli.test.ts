/**
 * `driftcheck check --schema FILE` from the command line, for a team that runs `drizzle-kit
 * push` (no migrations folder): clean after push, COLUMN_MISSING after drift, the JSON report
 * on stdout untouched by drizzle-kit's own output.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createJiti } from "jiti";
import { drizzle } from "drizzle-orm/node-postgres";
import { pushSchema } from "drizzle-kit/api";
import { run } from "../../src/cli/run.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { EXAMPLE, captureIo } from "./cli-support.js";

const SCHEMA_FILE = join(EXAMPLE, "src", "schema.ts");

interface JsonReport {
  verdict: string;
  findings: { code: string; object: string }[];
  migrations: unknown;
  expected: { source: string } | null;
  error?: { kind: string; message: string };
}

let database: TestDatabase;
let cwd: string;

beforeAll(async () => {
  database = await createTestDatabase("h12_push_cli");
  const imports = (await createJiti(SCHEMA_FILE).import(SCHEMA_FILE)) as Record<string, unknown>;
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await (await pushSchema(imports, drizzle(client))).apply();
  } finally {
    await client.end();
  }
  // A project without a migrations folder or drizzle config: nothing but the schema file.
  cwd = mkdtempSync(join(tmpdir(), "driftcheck-push-"));
});

afterAll(async () => {
  await database?.drop();
  rmSync(cwd, { recursive: true, force: true });
});

async function check(args: string[]) {
  const { io, out } = captureIo(cwd, {});
  const code = await run(["check", "--database-url", database.url, ...args], io);
  return { code, ...out };
}

describe("driftcheck check --schema (push workflow) on PostgreSQL 15", () => {
  it("checks clean after drizzle-kit push, with no migration findings", async () => {
    const result = await check(["--schema", SCHEMA_FILE, "--format", "json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.findings).toEqual([]);
    expect(report.migrations).toBeNull();
    expect(report.expected?.source).toBe(`${SCHEMA_FILE} (drizzle-kit generateDrizzleJson)`);
  });

  it("reports a column dropped behind the code's back as COLUMN_MISSING", async () => {
    await database.exec("ALTER TABLE public.soundcloud_tracks DROP COLUMN genre");
    try {
      const result = await check(["--schema", SCHEMA_FILE, "--format", "json"]);
      expect(result.code).toBe(2);
      const report = JSON.parse(result.stdout) as JsonReport;
      expect(report.findings.map((finding) => [finding.code, finding.object])).toEqual([["COLUMN_MISSING", "public.soundcloud_tracks.genre"]]);
    } finally {
      await database.exec("ALTER TABLE public.soundcloud_tracks ADD COLUMN genre text");
    }
  });

  it("refuses --schema together with --expected, and a schema file that does not exist", async () => {
    const both = await check(["--schema", SCHEMA_FILE, "--expected", "x.json", "--format", "json"]);
    expect(both.code).toBe(1);
    expect((JSON.parse(both.stdout) as JsonReport).error?.message).toBe("--schema and --expected both name the expected schema.");
    const missing = await check(["--schema", "src/db/schema.ts", "--format", "json"]);
    expect(missing.code).toBe(1);
    expect((JSON.parse(missing.stdout) as JsonReport).error).toMatchObject({ kind: "user", message: "Schema file src/db/schema.ts does not exist." });
  });
});
