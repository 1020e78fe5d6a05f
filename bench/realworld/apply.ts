/**
 * Applying a real project's migrations exactly as the project itself would: with drizzle-orm's own
 * migrator (node-postgres driver), 0.45 from the repository's node_modules for a 0.x folder
 * (meta/_journal.json), drizzle-orm 1.x from tools/drizzle-kit-1 for a 1.x folder (one directory
 * per migration). Not driftcheck's replay: the point is a database migrated the way teams do it.
 */
import pg from "pg";
import { runSql } from "../../test/support/pg.js";
import { migrate1xPg } from "../../test/support/drizzle-orm-1x.js";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";

export type Layout = "0.x" | "1.x";

export interface MigrateOptions {
  folder: string;
  layout: Layout;
  /** `schema.table`, as drizzle config's migrations.{schema,table}; drizzle-orm's default otherwise. */
  migrationsTable?: string;
}

export function splitTable(qualified: string | undefined): { migrationsSchema?: string; migrationsTable?: string } {
  if (!qualified) return {};
  const dot = qualified.indexOf(".");
  if (dot < 0) return { migrationsTable: qualified };
  return { migrationsSchema: qualified.slice(0, dot), migrationsTable: qualified.slice(dot + 1) };
}

/** Runs SQL (a prelude) with the simple protocol, so a file of several statements works. */
export const execSql = runSql;

export async function applyMigrations(url: string, options: MigrateOptions): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  // Migrations print NOTICEs (IF NOT EXISTS, cascades); they are not failures.
  client.on("notice", () => {});
  await client.connect();
  try {
    const config = { migrationsFolder: options.folder, ...splitTable(options.migrationsTable) };
    if (options.layout === "1.x") {
      await migrate1xPg(client, config);
    } else {
      await migrate(drizzle(client), config);
    }
  } finally {
    await client.end();
  }
}

/** How many user tables the migrated database holds (for the summary's sense of size). */
export async function countTables(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>(
      `select count(*)::text as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r','p') and n.nspname not in ('pg_catalog','information_schema')
         and n.nspname not like 'pg_toast%' and not c.relispartition`,
    );
    return Number(result.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}
