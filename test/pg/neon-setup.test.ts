/**
 * `driftcheck neon setup` against real PostgreSQL 15: creates a LOGIN role with pg_read_all_data
 * only, prints its password once; run again, changes nothing; a role that could write is refused.
 * Roles are cluster-wide: each test uses its own name and drops it.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { createTestDatabase, urlForDatabase, type TestDatabase } from "../support/pg.js";
import { captureIo } from "./cli-support.js";

let db: TestDatabase;
const role = `h14_ro_${Date.now().toString(36)}`;
const writer = `${role}_w`;

beforeAll(async () => {
  db = await createTestDatabase("h14_neon_setup");
  await db.exec("CREATE TABLE tracks (id int primary key, title text); INSERT INTO tracks VALUES (1, 'a')");
});
afterAll(async () => {
  await db?.drop();
  const admin = new pg.Client({ connectionString: urlForDatabase("postgres") });
  await admin.connect();
  try {
    for (const name of [role, writer]) await admin.query(`DROP ROLE IF EXISTS "${name}"`);
  } finally {
    await admin.end();
  }
});

async function setup(extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, out } = captureIo();
  const code = await run(["neon", "setup", "--database-url", db.url, ...extra], io);
  return { code, ...out };
}

async function asRole(sql: string, password: string): Promise<string> {
  const url = new URL(db.url);
  url.username = role;
  url.password = password;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return JSON.stringify((await client.query(sql)).rows);
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end();
  }
}

describe("driftcheck neon setup", () => {
  it("creates a read-only LOGIN role and prints the secret to store", async () => {
    const { code, stdout, stderr } = await setup(["--role", role]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain(`created role ${role} (LOGIN)`);
    expect(stdout).toContain(`granted pg_read_all_data to ${role}`);
    const password = /printf '%s' '([^']+)' \| npx wrangler secret put NEON_READONLY_PASSWORD/.exec(stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(stdout).toContain(`NEON_ROLE=${role}`);
    // It can read every table, and write none (trust auth here: the password is not what is tested).
    expect(await asRole("SELECT title FROM tracks", password!)).toBe('[{"title":"a"}]');
    expect(await asRole("INSERT INTO tracks VALUES (2, 'b')", password!)).toMatch(/permission denied for table tracks/);
    expect(await asRole("CREATE TABLE t2 (x int)", password!)).toMatch(/permission denied for schema public/);
  });

  it("run again, changes nothing and prints no new password", async () => {
    const { code, stdout } = await setup(["--role", role]);
    expect(code).toBe(0);
    expect(stdout).toContain(`role     ${role}: exists, LOGIN, pg_read_all_data, read-only — nothing to change.`);
    expect(stdout).not.toContain("wrangler secret put");
  });

  it("refuses a role of that name that could write (e.g. one made through Neon's API)", async () => {
    await db.exec(`CREATE ROLE "${writer}" LOGIN CREATEROLE; GRANT pg_write_all_data TO "${writer}"`);
    const { code, stderr } = await setup(["--role", writer]);
    expect(code).toBe(1);
    expect(stderr).toContain(`Role ${writer} exists and is not read-only (CREATEROLE, member of pg_write_all_data).`);
  });

  it("needs a database URL and a plain role name", async () => {
    const { io, out } = captureIo();
    expect(await run(["neon", "setup"], io)).toBe(1);
    expect(out.stderr).toContain("No database URL.");
    const bad = await setup(["--role", "Robert'); DROP TABLE tracks;--"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("is not a plain role name");
  });
});
