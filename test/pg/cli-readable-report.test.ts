/**
 * Issue 13 item 12 through the CLI against real PostgreSQL 15: the role name of a failed
 * connection is shown (names are not secrets; the canary password never is), and the text
 * report names the server as "PostgreSQL 15.x".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { SERVER_URL, createTestDatabase, type TestDatabase } from "../support/pg.js";
import { captureIo, migrateExample } from "./cli-support.js";

const ROLE = "driftcheck_h13_no_such_role";
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("h13_readable");
  await migrateExample(db.url, { skipLast: false });
});
afterAll(() => db?.drop());

async function check(url: string, format = "text") {
  const { io, out } = captureIo();
  const code = await run(["check", "--database-url", url, "--format", format], io);
  return { code, ...out };
}

describe("readable CLI reports", () => {
  it("shows the role name of a connection that failed, and never the password", async () => {
    const bare = new URL(SERVER_URL);
    bare.username = ROLE;
    const withoutPassword = await check(bare.toString());
    expect(withoutPassword.code).toBe(1);
    expect(withoutPassword.stderr).toContain(`role "${ROLE}" does not exist`);

    const withPassword = new URL(bare);
    withPassword.password = "canary-h13-pw";
    const result = await check(withPassword.toString());
    expect(result.stderr).toContain(`role "${ROLE}" does not exist`);
    expect(result.stdout + result.stderr).not.toContain("canary-h13-pw");
  });

  it("names the server as PostgreSQL major.minor in the text report's context line", async () => {
    const result = await check(db.url);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[0]).toMatch(/^database h13_readable_\S+ \(PostgreSQL 1\d\.\d+\) · expected from \S+ \(auto: the snapshot of \S+, the newest migration's\) · 3 migrations applied$/);
  });
});
