/**
 * Replay mode (DESIGN.md "Replay"; issue 3 point 2): apply every migration's SQL, in journal
 * order, to a scratch database and introspect it with the very query a check uses. PostgreSQL
 * then spells both sides, and hand-written SQL that no snapshot records is covered.
 *
 * Statements are split on drizzle-kit's `--> statement-breakpoint` marker, as drizzle-orm's
 * migrator does, and run one at a time so a failure names its migration and statement.
 * The scratch database itself (embedded PGlite or a throw-away database on a server) is an
 * adapter's business: this file sees only the `ScratchDatabase` port.
 */
import { DriftcheckError } from "./errors.js";
import type { DrizzleFolder } from "./drizzle/types.js";
import { introspect } from "./introspect/index.js";
import type { MigrationsTableRef } from "./introspect/types.js";
import type { CanonicalSchema } from "./model.js";
import type { ReadOnlyExecutor } from "./port.js";

export const STATEMENT_BREAKPOINT = "--> statement-breakpoint";

export interface ScratchDatabase {
  /** Runs one migration statement (may write; DDL). */
  exec(sql: string): Promise<void>;
  /** The same database through the read-only port, for the introspection. */
  reader: ReadOnlyExecutor;
}

export interface ReplayOptions {
  migrationsTable?: MigrationsTableRef;
  includeSchemas?: string[];
  excludeSchemas?: string[];
  timeoutMs?: number;
  /** Called after each migration (for progress output). */
  onMigration?: (done: number, total: number, tag: string) => void;
}

/** The statements of one migration file, as drizzle-orm's migrator splits them. */
export function migrationStatements(sql: string): string[] {
  return sql
    .split(STATEMENT_BREAKPOINT)
    .map((statement) => statement.trim())
    .filter((statement) => statement !== "");
}

export async function replayMigrations(folder: DrizzleFolder, scratch: ScratchDatabase, options: ReplayOptions = {}): Promise<CanonicalSchema> {
  const total = folder.migrations.length;
  for (const [position, migration] of folder.migrations.entries()) {
    const statements = migrationStatements(migration.sql);
    for (const [index, statement] of statements.entries()) {
      try {
        await scratch.exec(statement);
      } catch (error) {
        throw replayError(error, migration.tag, index + 1, statements.length);
      }
    }
    options.onMigration?.(position + 1, total, migration.tag);
  }
  const result = await introspect(scratch.reader, {
    migrationsTable: options.migrationsTable ?? { schema: "drizzle", table: "__drizzle_migrations" },
    ...(options.includeSchemas ? { includeSchemas: options.includeSchemas } : {}),
    ...(options.excludeSchemas ? { excludeSchemas: options.excludeSchemas } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  return result.schema;
}

/**
 * A statement that fails on the scratch database is the folder's problem (or a missing
 * extension), not the checked database's: a `user` error naming the migration and statement.
 */
function replayError(error: unknown, tag: string, statement: number, of: number): DriftcheckError {
  const inner = error instanceof DriftcheckError ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  return new DriftcheckError("user", `Replaying migration ${tag} failed at statement ${statement} of ${of}: ${message}`, {
    hint:
      "Replay applies the migration files in order to an empty scratch database. Fix the migration, or provide what it needs " +
      "(an extension the embedded PGlite lacks: replay on a server with --scratch-url URL).",
    ...(inner?.code ? { code: inner.code } : {}),
    ...(inner?.detail ? { detail: inner.detail } : {}),
  });
}
