/**
 * Test databases on the machine's PostgreSQL server (127.0.0.1:5432, trust auth).
 * One database per test file or test, dropped afterwards, so files run in parallel safely.
 */
import pg from "pg";

export const SERVER_URL = process.env.DRIFTCHECK_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function urlForDatabase(database: string, base = SERVER_URL): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs SQL on a connection of its own (simple protocol: a text of several statements works). */
export async function runSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Run SQL (simple protocol, several statements allowed). */
  exec(sql: string): Promise<void>;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix: string, base = SERVER_URL): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = urlForDatabase(name, base);
  return {
    name,
    url,
    exec: (sql: string) => runSql(url, sql),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
