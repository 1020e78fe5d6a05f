/**
 * drizzle-orm 1.x's own migrator, as tools/drizzle-kit-1 pins it (`npm ci --prefix
 * tools/drizzle-kit-1`): the repository itself depends on drizzle-orm 0.45, whose migrator reads
 * only the 0.x journal, so a drizzle-kit 1.x folder (one `<timestamp>_<name>/` per migration) is
 * applied with this one. Loaded on first use: nothing needs the install until a 1.x folder is
 * migrated. Its pglite driver finds the repository's @electric-sql/pglite.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";

export const DRIZZLE_KIT_1_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "tools", "drizzle-kit-1");

type Drizzle = (config: { client: unknown }) => unknown;
/** drizzle-orm's migrator config: the folder, and the migrations table when a project names its own. */
export interface Migrate1xConfig {
  migrationsFolder: string;
  migrationsTable?: string;
  migrationsSchema?: string;
}
type Migrate = (db: unknown, config: Migrate1xConfig) => Promise<unknown>;

let loaded: { load<T>(specifier: string, name: string): T } | null = null;

function orm1x(): { load<T>(specifier: string, name: string): T } {
  if (loaded) return loaded;
  if (!existsSync(join(DRIZZLE_KIT_1_DIR, "node_modules", "drizzle-orm"))) {
    throw new Error(`drizzle-orm 1.x (needed to migrate a drizzle-kit 1.x folder) is not installed in ${DRIZZLE_KIT_1_DIR}: run \`npm ci --prefix tools/drizzle-kit-1\` first.`);
  }
  const require1x = createRequire(join(DRIZZLE_KIT_1_DIR, "package.json"));
  loaded = { load: <T>(specifier: string, name: string) => (require1x(specifier) as Record<string, T>)[name]! };
  return loaded;
}

/** The installed drizzle-orm 1.x version (tests name it and pin it). */
export function drizzleOrm1xVersion(): string {
  orm1x();
  return (JSON.parse(readFileSync(join(DRIZZLE_KIT_1_DIR, "node_modules", "drizzle-orm", "package.json"), "utf8")) as { version: string }).version;
}

/** Applies a drizzle-kit 1.x folder to a PGlite database with drizzle-orm 1.x's pglite migrator. */
export async function migrate1xPglite(client: PGlite, migrationsFolder: string): Promise<void> {
  const { load } = orm1x();
  const db = load<Drizzle>("drizzle-orm/pglite", "drizzle")({ client });
  await load<Migrate>("drizzle-orm/pglite/migrator", "migrate")(db, { migrationsFolder });
}

/** Applies a drizzle-kit 1.x folder through a connected node-postgres client with drizzle-orm 1.x's migrator. */
export async function migrate1xPg(client: pg.Client, config: string | Migrate1xConfig): Promise<void> {
  const { load } = orm1x();
  const db = load<Drizzle>("drizzle-orm/node-postgres", "drizzle")({ client });
  await load<Migrate>("drizzle-orm/node-postgres/migrator", "migrate")(db, typeof config === "string" ? { migrationsFolder: config } : config);
}
