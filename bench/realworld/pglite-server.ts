/**
 * A fresh in-memory PGlite served over the PostgreSQL wire protocol on 127.0.0.1 (random port),
 * for projects whose migrations need an extension the local PostgreSQL 15 does not have (pgvector:
 * Debian ships no package for it here). drizzle-orm's node-postgres migrator and the CLI then talk
 * to it like to any server. PGlite and pglite-socket come from tools/pglite-socket (own
 * package.json: pglite-socket pins a newer PGlite than the repository's).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export interface PgliteServer {
  url: string;
  stop(): Promise<void>;
}

/** Every contrib extension a real folder may create; each is only a bundle until CREATE EXTENSION. */
const CONTRIB = ["pg_trgm", "uuid_ossp", "btree_gin", "btree_gist", "citext", "hstore", "pgcrypto", "fuzzystrmatch", "unaccent", "ltree", "cube", "earthdistance"];

interface PGliteModule {
  PGlite: { create(options: { extensions: Record<string, unknown> }): Promise<{ close(): Promise<void> }> };
}
interface SocketModule {
  PGLiteSocketServer: new (options: { db: unknown; port: number; host: string; maxConnections?: number }) => {
    start(): Promise<void>;
    stop(): Promise<void>;
    getServerConn(): string;
  };
}

async function load<T>(toolDir: string, path: string): Promise<T> {
  return (await import(pathToFileURL(join(toolDir, "node_modules", path)).href)) as T;
}

export async function startPgliteServer(repoRoot: string): Promise<PgliteServer> {
  const toolDir = join(repoRoot, "tools/pglite-socket");
  if (!existsSync(join(toolDir, "node_modules/@electric-sql/pglite-socket"))) {
    throw new Error("pglite-socket is not installed: run `npm ci --prefix tools/pglite-socket` first.");
  }
  const { PGlite } = await load<PGliteModule>(toolDir, "@electric-sql/pglite/dist/index.js");
  const { PGLiteSocketServer } = await load<SocketModule>(toolDir, "@electric-sql/pglite-socket/dist/index.js");
  const { vector } = await load<{ vector: unknown }>(toolDir, "@electric-sql/pglite-pgvector/dist/index.js");
  const extensions: Record<string, unknown> = { vector };
  for (const name of CONTRIB) {
    const module = await load<Record<string, unknown>>(toolDir, `@electric-sql/pglite/dist/contrib/${name}.js`);
    extensions[name] = module[name];
  }
  const db = await PGlite.create({ extensions });
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 4 });
  await server.start();
  const conn = server.getServerConn(); // "127.0.0.1:PORT"
  return {
    url: `postgresql://postgres@${conn}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
