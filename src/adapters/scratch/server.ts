/**
 * Replay on a real server (`--scratch-url URL`): through the URL, CREATE a throw-away database
 * `driftcheck_replay_<random>`, replay there, and DROP it in `close()` (callers call it in
 * `finally`). The URL's own database is only used to issue CREATE/DROP DATABASE: nothing is
 * written to it. The role needs CREATEDB.
 *
 * Roles are the server's, not the database's: the roles the replay creates (replay.ts claims
 * them through `roles.dropOnClose`) are dropped after the database — what they owned or were
 * granted there is gone with it — and any that cannot be dropped is reported through `onNote`.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createNodePostgresExecutor } from "../node-postgres/index.js";
import { nodePostgresError } from "../node-postgres/errors.js";
import { DriftcheckError } from "../../core/errors.js";
import { connectionSecrets } from "../../core/sql/connection-secrets.js";
import { scrubberFor } from "../../core/sql/database-error.js";
import type { SharedRoles } from "../../core/replay.js";
import { quoteIdent } from "../../core/sql/literal.js";
import type { OpenedScratch } from "./types.js";

export const REPLAY_DATABASE_PREFIX = "driftcheck_replay_";

export interface ServerScratchOptions {
  /** Told what close() could not clean up (a role it created that cannot be dropped). */
  onNote?: (message: string) => void;
}

export async function openServerScratch(url: string, options: ServerScratchOptions = {}): Promise<OpenedScratch> {
  const scrub = scrubberFor(connectionSecrets(url));
  const name = `${REPLAY_DATABASE_PREFIX}${randomBytes(6).toString("hex")}`;
  const admin = await connect(url, scrub);
  let created = false;
  let client: pg.Client | null = null;
  const rolesToDrop = new Set<string>();
  const drop = async () => {
    try {
      if (client) await client.end().catch(() => undefined);
      if (created) await dropDatabase(admin, name);
      for (const role of rolesToDrop) await dropRole(admin, role, scrub, options.onNote);
    } finally {
      await admin.end().catch(() => undefined);
    }
  };
  const roles: SharedRoles = {
    async existing(names) {
      try {
        const rows = await admin.query<{ rolname: string }>("SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY($1::text[])", [names]);
        return new Set(rows.rows.map((row) => row.rolname));
      } catch (error) {
        throw nodePostgresError(error, scrub);
      }
    },
    dropOnClose(names) {
      for (const role of names) rolesToDrop.add(role);
    },
  };
  try {
    await createDatabase(admin, name, url, scrub);
    created = true;
    const scratchUrl = withDatabase(url, name);
    client = await connect(scratchUrl, scrub);
    const connected = client;
    const reader = createNodePostgresExecutor(scratchUrl, { applicationName: "driftcheck replay" });
    return {
      label: `scratch database ${name}`,
      scratch: {
        async exec(sql) {
          try {
            await connected.query(sql);
          } catch (error) {
            throw nodePostgresError(error, scrub);
          }
        },
        reader,
        roles,
        async availableExtensions() {
          try {
            const rows = await connected.query<{ name: string }>("SELECT name FROM pg_catalog.pg_available_extensions");
            return new Set(rows.rows.map((row) => row.name));
          } catch (error) {
            throw nodePostgresError(error, scrub);
          }
        },
      },
      close: drop,
    };
  } catch (error) {
    await drop();
    throw nodePostgresError(error, scrub);
  }
}

async function connect(url: string, scrub: (text: string) => string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: "driftcheck replay" });
  // A failed connection emits 'error' too; without a listener that would crash the process.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw nodePostgresError(error, scrub);
  }
  return client;
}

/**
 * CREATE DATABASE with its own hint when the role may not: the generic 42501 hint is about
 * reading the catalog (pg_read_all_data), which is not what is missing here.
 */
async function createDatabase(admin: pg.Client, name: string, url: string, scrub: (text: string) => string): Promise<void> {
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } catch (error) {
    const failure = nodePostgresError(error, scrub);
    if (failure.code !== "42501") throw failure;
    const role = decodeURIComponent(new URL(url).username) || "the role of --scratch-url";
    throw new DriftcheckError("user", failure.message, {
      code: failure.code,
      hint: `Replay creates a throw-away database, so the --scratch-url role needs CREATEDB: run \`ALTER ROLE ${quoteIdent(role)} CREATEDB\` as a superuser, use another role, or leave out --scratch-url to replay in embedded PGlite.`,
    });
  }
}

async function dropDatabase(admin: pg.Client, name: string): Promise<void> {
  try {
    // WITH (FORCE) (PostgreSQL 13+) ends stray sessions, e.g. a reader still closing.
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } catch (error) {
    if ((error as { code?: unknown }).code !== "42601") throw error;
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
  }
}

/**
 * Drops a role the replay created, if it exists still (its transaction may have rolled it back).
 * A role still holding something elsewhere (a grant on another database) is left, with a note.
 */
async function dropRole(admin: pg.Client, role: string, scrub: (text: string) => string, onNote: ServerScratchOptions["onNote"]): Promise<void> {
  try {
    await admin.query(`DROP ROLE IF EXISTS ${quoteIdent(role)}`);
  } catch (error) {
    const reason = nodePostgresError(error, scrub).message;
    onNote?.(`the role ${role}, created by the replay, could not be dropped from the scratch server (${reason}); drop it by hand.`);
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
