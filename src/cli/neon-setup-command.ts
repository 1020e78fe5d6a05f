/**
 * `driftcheck neon setup --database-url OWNER_URL [--role NAME]`: the read-only role the Worker's
 * checks connect as, made with SQL on the default branch (branches created later inherit it).
 * Roles made through Neon's API or Console join `neon_superuser`, which can write: this one gets
 * only LOGIN and `pg_read_all_data` (PostgreSQL 14+). Idempotent: run again, it changes nothing;
 * a role that exists but could write is refused, never altered behind the owner's back.
 *
 * The password is generated here and printed once, with the command that stores it
 * (`wrangler secret put NEON_READONLY_PASSWORD`); an existing role's password is never changed.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { userError } from "../core/errors.js";
import type { CliArgs } from "./args.js";
import { EXIT_COULD_NOT_RUN, EXIT_OK } from "./exit-codes.js";
import { writeLine, type CliIo } from "./io.js";
import { errorResult, printError } from "./report-output.js";
import { URL_FORM, assertDatabaseUrl, createScrubber, secretsOf } from "./secrets.js";

export const DEFAULT_READONLY_ROLE = "driftcheck_readonly";
/** Memberships that can write: a role in any of them is not read-only. */
const WRITING_ROLES = ["neon_superuser", "pg_write_all_data", "pg_database_owner"];

interface RoleState {
  exists: boolean;
  login: boolean;
  readsAll: boolean;
  /** Why the role is not read-only (superuser, createrole, a writing membership), or empty. */
  writes: string[];
}

export async function runNeonSetupCommand(args: CliArgs, rawIo: CliIo): Promise<number> {
  const url = args.databaseUrl ?? rawIo.env.DATABASE_URL;
  const scrub = createScrubber(secretsOf([url], rawIo.env));
  const io: CliIo = { ...rawIo, stdout: (text) => rawIo.stdout(scrub(text)), stderr: (text) => rawIo.stderr(scrub(text)) };
  const role = args.role ?? DEFAULT_READONLY_ROLE;
  try {
    if (url === undefined) throw userError("No database URL.", `Pass --database-url ${URL_FORM} of a role that can create roles (the project owner, e.g. neondb_owner).`);
    assertDatabaseUrl(url);
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw userError(`--role "${role}" is not a plain role name.`, "Use lower-case letters, digits and _ (e.g. driftcheck_readonly).");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const before = await roleState(client, role);
      if (before.exists && before.writes.length > 0) {
        throw userError(
          `Role ${role} exists and is not read-only (${before.writes.join(", ")}).`,
          `Pick another name with --role, or drop it (DROP ROLE ${role}) and run this again; roles made in Neon's Console or API join neon_superuser.`,
        );
      }
      let password: string | null = null;
      const changes: string[] = [];
      if (!before.exists) {
        password = randomBytes(24).toString("base64url");
        await client.query(`CREATE ROLE ${client.escapeIdentifier(role)} LOGIN PASSWORD ${client.escapeLiteral(password)}`);
        changes.push(`created role ${role} (LOGIN)`);
      } else if (!before.login) {
        await client.query(`ALTER ROLE ${client.escapeIdentifier(role)} LOGIN`);
        changes.push(`allowed ${role} to log in`);
      }
      if (!before.readsAll) {
        await client.query(`GRANT pg_read_all_data TO ${client.escapeIdentifier(role)}`);
        changes.push(`granted pg_read_all_data to ${role}`);
      }
      const after = await roleState(client, role);
      if (!after.login || !after.readsAll || after.writes.length > 0) throw userError(`Role ${role} did not end up read-only with LOGIN.`, "Check the owner role's privileges (it needs CREATEROLE).");
      report(io, role, changes, password);
      return EXIT_OK;
    } finally {
      await client.end().catch(() => undefined);
    }
  } catch (error) {
    printError(errorResult(error, "error"), io);
    return EXIT_COULD_NOT_RUN;
  }
}

async function roleState(client: pg.Client, role: string): Promise<RoleState> {
  const { rows } = await client.query<{ rolcanlogin: boolean; rolsuper: boolean; rolcreaterole: boolean; rolbypassrls: boolean; reads: boolean; writing: string[] }>(
    `SELECT r.rolcanlogin, r.rolsuper, r.rolcreaterole, r.rolbypassrls,
            pg_has_role(r.oid, 'pg_read_all_data', 'USAGE') AS reads,
            ARRAY(SELECT w.rolname::text FROM pg_roles w WHERE w.rolname = ANY($2::text[]) AND pg_has_role(r.oid, w.oid, 'MEMBER') ORDER BY 1) AS writing
       FROM pg_roles r WHERE r.rolname = $1`,
    [role, WRITING_ROLES],
  );
  const row = rows[0];
  if (!row) return { exists: false, login: false, readsAll: false, writes: [] };
  const writes = [...(row.rolsuper ? ["SUPERUSER"] : []), ...(row.rolcreaterole ? ["CREATEROLE"] : []), ...(row.rolbypassrls ? ["BYPASSRLS"] : []), ...row.writing.map((name) => `member of ${name}`)];
  return { exists: true, login: row.rolcanlogin, readsAll: row.reads, writes };
}

function report(io: CliIo, role: string, changes: string[], password: string | null): void {
  if (changes.length === 0) {
    writeLine(io.stdout, `role     ${role}: exists, LOGIN, pg_read_all_data, read-only — nothing to change.`);
    writeLine(io.stdout, `The Worker connects as ${role} with NEON_READONLY_PASSWORD (already stored, or reset it: ALTER ROLE ${role} PASSWORD '…').`);
    return;
  }
  for (const change of changes) writeLine(io.stdout, `role     ${change}`);
  if (password !== null) {
    writeLine(io.stdout, "\nStore its password as the Worker's secret (shown once), in the driftcheck repository:");
    writeLine(io.stdout, `  printf '%s' '${password}' | npx wrangler secret put NEON_READONLY_PASSWORD`);
  }
  if (role !== DEFAULT_READONLY_ROLE) writeLine(io.stdout, `and set the var NEON_ROLE=${role} (wrangler.jsonc vars).`);
}
