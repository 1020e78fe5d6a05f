/**
 * Replay of a folder that creates roles. Roles belong to the server, not to a database: on a
 * server scratch (--scratch-url), a CREATE ROLE of a role that exists there is skipped (with a
 * note), and the roles the replay created are dropped after its scratch database, also when the
 * replay fails; a role that existed before is never dropped. PGlite is a fresh cluster each time.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import { SERVER_URL } from "../support/pg.js";
import { captureIo } from "./cli-support.js";

const dirs: string[] = [];
/** Unique per run: other test files (and engineers) share this server and its roles. */
const suffix = randomBytes(4).toString("hex");
const API = `dc_api_${suffix}`;
const READER = `Dc_Reader_${suffix}`; // mixed case: quoted everywhere
const GUARDED = `dc_guarded_${suffix}`;
const LEGACY = `dc_legacy_${suffix}`;
const ALL_ROLES = [API, READER, GUARDED, LEGACY];

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const rolesLeft = async () => (await sql<{ rolname: string }>("select rolname from pg_roles where rolname = any($1::text[]) order by 1", [ALL_ROLES])).map((r) => r.rolname);
const replayDatabases = async () => (await sql<{ datname: string }>("select datname from pg_database where datname like 'driftcheck\\_replay\\_%'")).length;

afterAll(async () => {
  for (const role of ALL_ROLES) await sql(`drop role if exists "${role}"`).catch(() => undefined);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A drizzle-kit 0.x folder (journal + SQL; replay reads no snapshot). */
function folder(migrations: Record<string, string>, extra: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "driftcheck-replay-roles-"));
  dirs.push(root);
  const dir = join(root, "drizzle");
  mkdirSync(join(dir, "meta"), { recursive: true });
  const entries = Object.entries(migrations).map(([tag, text], idx) => {
    writeFileSync(join(dir, `${tag}.sql`), text);
    return { idx, version: "7", when: 1_700_000_000_000 + idx, tag, breakpoints: true };
  });
  writeFileSync(join(dir, "meta", "_journal.json"), JSON.stringify({ version: "7", dialect: "postgresql", entries }));
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(root, name), text);
  return dir;
}

async function replay(dir: string, scratch: "pglite" | "pg15", extra: string[] = []) {
  const { io, out } = captureIo(join(dir, ".."), {});
  const code = await run(["replay", "--drizzle", dir, ...(scratch === "pg15" ? ["--scratch-url", SERVER_URL] : []), ...extra], io);
  return { code, ...out };
}

const ROLES_FOLDER = {
  "0000_roles": [
    `CREATE ROLE "${API}" NOLOGIN;`,
    `CREATE TABLE "projects" ("id" serial PRIMARY KEY, "owner" text);`,
    `GRANT SELECT, INSERT ON "projects" TO "${API}";`,
    `ALTER TABLE "projects" ENABLE ROW LEVEL SECURITY;`,
    `CREATE POLICY "api_reads" ON "projects" AS PERMISSIVE FOR SELECT TO "${API}" USING (true);`,
    `ALTER ROLE "${API}" SET statement_timeout = '5s'; COMMENT ON ROLE "${API}" IS 'the API';`,
    `DROP ROLE IF EXISTS "${LEGACY}";`,
  ].join("\n--> statement-breakpoint\n"),
  // Several statements in one part, one of them a CREATE ROLE; and a role created in a DO block.
  "0001_reader": [
    `CREATE ROLE "${READER}"; GRANT "${API}" TO "${READER}"; ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO "${READER}";`,
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${GUARDED}') THEN CREATE ROLE "${GUARDED}"; END IF; END $$;`,
    `CREATE POLICY "guarded_reads" ON "projects" FOR SELECT TO "${GUARDED}" USING (owner = current_user);`,
  ].join("\n--> statement-breakpoint\n"),
};

describe("replay of a folder that creates roles", () => {
  it("on a server: twice in a row, and no role is left behind", async () => {
    const dir = folder(ROLES_FOLDER);
    const before = await replayDatabases();
    for (let round = 1; round <= 2; round++) {
      const result = await replay(dir, "pg15");
      expect(result.stderr).not.toContain("already exist");
      expect(result.code, `round ${round}: ${result.stderr}`).toBe(0);
      const doc = JSON.parse(result.stdout) as { schema: { tables: Record<string, { policies?: Record<string, { to?: string[] }> }> } };
      expect(JSON.stringify(doc.schema.tables["public.projects"])).toContain(API);
      expect(await rolesLeft()).toEqual([]);
    }
    expect(await replayDatabases()).toBe(before);
  });

  it("on a server where roles exist already: their CREATE ROLE is skipped, they are neither changed nor dropped", async () => {
    await sql(`create role "${API}" nologin; create role "${LEGACY}" nologin`);
    try {
      const result = await replay(folder(ROLES_FOLDER), "pg15");
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(`role ${API} (0000_roles) already exists on the scratch server`);
      expect(result.stderr).toContain(`ALTER ROLE of ${API} (0000_roles) skipped`);
      expect(result.stderr).toContain(`COMMENT ON ROLE of ${API} (0000_roles) skipped`);
      expect(result.stderr).toContain(`DROP ROLE of ${LEGACY} (0000_roles) skipped`);
      expect(await rolesLeft()).toEqual([API, LEGACY]);
      const settings = await sql("select 1 from pg_db_role_setting s join pg_roles r on r.oid = s.setrole where r.rolname = $1", [API]);
      expect(settings).toEqual([]);
      expect(await sql("select shobj_description(oid, 'pg_authid') as d from pg_roles where rolname = $1", [API])).toEqual([{ d: null }]);
    } finally {
      await sql(`drop role if exists "${API}"; drop role if exists "${LEGACY}"`);
    }
  });

  it("on a server, a failed replay leaves no role either (the prelude's, outside the transaction, included)", async () => {
    const dir = folder(
      { ...ROLES_FOLDER, "0002_broken": `CREATE TABLE "later" ("id" integer REFERENCES "nowhere"("id"));` },
      { "prelude.sql": `CREATE ROLE "${GUARDED}";\n` },
    );
    const result = await replay(dir, "pg15", ["--replay-prelude", join(dir, "..", "prelude.sql")]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("0002_broken");
    expect(await rolesLeft()).toEqual([]);
  });

  it("on PGlite: a fresh cluster each time, twice in a row", async () => {
    const dir = folder(ROLES_FOLDER);
    for (let round = 1; round <= 2; round++) {
      const result = await replay(dir, "pglite");
      expect(result.code, `round ${round}: ${result.stderr}`).toBe(0);
      expect(result.stderr).not.toContain("already exist");
    }
    expect(await rolesLeft()).toEqual([]);
  });
});
