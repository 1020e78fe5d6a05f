/**
 * Issue 13 item 10: `replay --scratch-url` with a role that may not CREATE DATABASE gets the hint
 * for that (CREATEDB), not the catalog-read hint (pg_read_all_data). Nothing is created.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { SERVER_URL, runSql } from "../support/pg.js";
import { EXAMPLE_MIGRATIONS, captureIo } from "./cli-support.js";

const ROLE = `h13_no_createdb_${Math.random().toString(36).slice(2, 8)}`;

const asAdmin = (sql: string) => runSql(SERVER_URL, sql);

beforeAll(() => asAdmin(`CREATE ROLE "${ROLE}" LOGIN NOCREATEDB`));
afterAll(() => asAdmin(`DROP ROLE IF EXISTS "${ROLE}"`));

describe("driftcheck replay --scratch-url without CREATEDB", () => {
  it("exits 1 with the CREATEDB hint naming the role", async () => {
    const url = new URL(SERVER_URL);
    url.username = ROLE;
    url.password = "";
    const { io, out } = captureIo();
    const code = await run(["replay", "--drizzle", EXAMPLE_MIGRATIONS, "--scratch-url", url.toString()], io);
    expect(code).toBe(1);
    expect(out.stderr).toContain("permission denied to create database (SQLSTATE 42501)");
    expect(out.stderr).toContain(`ALTER ROLE ${ROLE} CREATEDB`); // quoted as quote_ident would: a plain name stays bare
    expect(out.stderr).not.toContain("pg_read_all_data");
    expect(out.stderr).not.toContain("driftcheck bug");
  });
});
