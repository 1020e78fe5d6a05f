/**
 * Replay mode (DESIGN.md "Replay"; issue 3 point 2): apply every migration's SQL, in journal
 * order, to a scratch database and introspect it with the very query a check uses. PostgreSQL
 * then spells both sides, and hand-written SQL that no snapshot records is covered.
 *
 * Migrations are applied as drizzle-orm's migrator applies them (pg-core `migrate()`, 0.x and
 * 1.x alike): the migrations schema and table are created first, then ALL migrations run in ONE
 * transaction, each statement (split on `--> statement-breakpoint`) as its own query, each
 * migration followed by its row in the migrations table. So a `CREATE TEMP TABLE … ON COMMIT
 * DROP` lives on into the next statement, and a `COMMIT;` written in a file ends the transaction
 * early, exactly as in production. Statements still run one at a time so a failure names its
 * migration file, statement and line.
 *
 * Before the migrations: the extensions the checked database has (when the scratch database has
 * them available and no SQL here creates them itself), then the prelude (`--replay-prelude`).
 *
 * Roles belong to a server, not to a database. On a server scratch (`ScratchDatabase.roles`) a
 * `CREATE ROLE` of a role that already exists there (the real app's, or left by someone else)
 * is skipped — under a savepoint, so the one transaction goes on — and the roles this replay's
 * SQL creates that did not exist before are handed to the scratch to drop once its database is
 * gone, whether the replay succeeded or not. A statement that would change a role which existed
 * before (ALTER ROLE, DROP ROLE, membership among such roles) is skipped with a note: it would
 * outlast the scratch database and change no schema object. PGlite is a fresh cluster each time.
 * The scratch database itself (embedded PGlite or a throw-away database on a server) is an
 * adapter's business: this file sees only the `ScratchDatabase` port.
 */
import { DriftcheckError } from "./errors.js";
import type { DrizzleFolder, MigrationFile } from "./drizzle/types.js";
import { introspect } from "./introspect/index.js";
import type { DatabaseInfo, DefaultOpclasses, MigrationsTableRef } from "./introspect/types.js";
import type { CanonicalSchema } from "./model.js";
import type { ReadOnlyExecutor } from "./port.js";
import { createdExtensions, createdSchemas, type InstalledExtension } from "./sql/extensions.js";
import { createdRoles, createRoleName, roleChange, type RoleChange } from "./sql/roles.js";
import { quoteIdent, quoteLiteral } from "./sql/literal.js";
import { breakpointStatements, sqlFileStatements, STATEMENT_BREAKPOINT as BREAKPOINT, type LocatedStatement } from "./sql/statements.js";

export const STATEMENT_BREAKPOINT = BREAKPOINT;

export interface ScratchDatabase {
  /**
   * Runs one statement (may write; DDL; several statements in one text allowed). Every call
   * must run in the same session: the migrations' transaction spans many calls.
   */
  exec(sql: string): Promise<void>;
  /** The same database through the read-only port, for the introspection. */
  reader: ReadOnlyExecutor;
  /** Extensions this database can create (`pg_available_extensions`, what PGlite loaded); all when absent. */
  availableExtensions?(): Promise<ReadonlySet<string>>;
  /** Present when roles outlive the scratch database (a server, where roles are cluster-wide). */
  roles?: SharedRoles;
}

export interface SharedRoles {
  /** Which of these roles exist on the server now (queried outside the replay's transaction). */
  existing(names: string[]): Promise<ReadonlySet<string>>;
  /** Roles to drop when the scratch database is closed, after it is dropped (those that exist then). */
  dropOnClose(names: string[]): void;
}

export interface ReplayPrelude {
  /** The file as shown in messages (`./prelude.sql`). */
  label: string;
  sql: string;
}

export interface ReplayOptions {
  migrationsTable?: MigrationsTableRef;
  includeSchemas?: string[];
  excludeSchemas?: string[];
  timeoutMs?: number;
  /** Called after each migration (for progress output). */
  onMigration?: (done: number, total: number, tag: string) => void;
  /** SQL run before the first migration, outside the migrations' transaction (`--replay-prelude`). */
  prelude?: ReplayPrelude;
  /**
   * The checked database's extensions: each is created first (in its schema) when the scratch
   * database has it available and neither the prelude nor a migration creates it.
   */
  databaseExtensions?: InstalledExtension[];
  /** Told of each database extension the scratch database lacks or could not create (`reason`), for a note. */
  onMissingExtension?: (extension: InstalledExtension, reason?: string) => void;
  /** Apply migrations up to and including this tag only (verify: the newest snapshot's). */
  upTo?: string;
  /** Told of each CREATE ROLE skipped because the role exists on the scratch server (`where`: the migration tag or prelude). */
  onExistingRole?: (role: string, where: string) => void;
  /**
   * Told of each statement skipped because it would change a role that existed on the scratch
   * server before the replay (ALTER / DROP / COMMENT ON ROLE, membership among such roles): that
   * change would outlast the scratch database, on a server that may be production's.
   */
  onSharedRoleChange?: (head: string, roles: string[], where: string) => void;
}

export interface ReplayResult {
  schema: CanonicalSchema;
  database: DatabaseInfo;
  /** The scratch server's default operator classes, for comparing its indexes with a snapshot's. */
  defaultOpclasses: DefaultOpclasses;
  /** The migrations applied, in order. */
  applied: MigrationFile[];
}

/** The statements of one migration file, as drizzle-orm's migrator splits them. */
export function migrationStatements(sql: string): string[] {
  return breakpointStatements(sql).map((statement) => statement.text);
}

export async function replayMigrations(folder: DrizzleFolder, scratch: ScratchDatabase, options: ReplayOptions = {}): Promise<CanonicalSchema> {
  return (await replayFolderMigrations(folder, scratch, options)).schema;
}

/** `replayMigrations` with what verify needs besides the schema. */
export async function replayFolderMigrations(folder: DrizzleFolder, scratch: ScratchDatabase, options: ReplayOptions = {}): Promise<ReplayResult> {
  const migrationsTable = options.migrationsTable ?? { schema: "drizzle", table: "__drizzle_migrations" };
  const migrations = migrationsUpTo(folder, options.upTo);
  await createDatabaseExtensions(folder, scratch, options);
  const ours = await claimCreatedRoles(scratch, [options.prelude?.sql ?? "", ...migrations.map((migration) => migration.sql)]);
  const run = statementRunner(scratch, ours, options);
  if (options.prelude) await runPrelude(run, options.prelude);
  await applyLikeDrizzle(folder.layout, migrations, scratch, migrationsTable, options.onMigration, run);
  const result = await introspect(scratch.reader, {
    migrationsTable,
    ...(options.includeSchemas ? { includeSchemas: options.includeSchemas } : {}),
    ...(options.excludeSchemas ? { excludeSchemas: options.excludeSchemas } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  return { schema: result.schema, database: result.database, defaultOpclasses: result.defaultOpclasses, applied: migrations };
}

function migrationsUpTo(folder: DrizzleFolder, tag: string | undefined): MigrationFile[] {
  if (tag === undefined) return folder.migrations;
  const last = folder.migrations.findIndex((migration) => migration.tag === tag);
  if (last < 0) throw new DriftcheckError("internal", `Replay up to ${tag}: no such migration in ${folder.source}.`);
  return folder.migrations.slice(0, last + 1);
}

/**
 * drizzle-orm's `migrate()`: schema and table outside the transaction, then one transaction for
 * every migration (statements, then the row the migrator records).
 */
async function applyLikeDrizzle(
  layout: DrizzleFolder["layout"],
  migrations: MigrationFile[],
  scratch: ScratchDatabase,
  table: MigrationsTableRef,
  onMigration: ReplayOptions["onMigration"],
  run: StatementRunner,
): Promise<void> {
  const qualified = `${quoteIdent(table.schema)}.${quoteIdent(table.table)}`;
  const columns = layout === "1.x" ? ", name text, applied_at timestamp with time zone DEFAULT now()" : "";
  await scratch.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(table.schema)}`);
  await scratch.exec(`CREATE TABLE IF NOT EXISTS ${qualified} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint${columns})`);
  await scratch.exec("BEGIN");
  try {
    for (const [position, migration] of migrations.entries()) {
      const statements = breakpointStatements(migration.sql);
      for (const [index, statement] of statements.entries()) {
        try {
          await run(statement.text, migration.tag);
        } catch (error) {
          throw replayError(error, migration, statement, index + 1, statements.length);
        }
      }
      const name = layout === "1.x" ? `, ${quoteLiteral(migration.tag)}` : "";
      await scratch.exec(
        `INSERT INTO ${qualified} ("hash", "created_at"${layout === "1.x" ? ', "name"' : ""}) VALUES (${quoteLiteral(migration.hash)}, ${Math.trunc(migration.when)}${name})`,
      );
      onMigration?.(position + 1, migrations.length, migration.tag);
    }
    await scratch.exec("COMMIT");
  } catch (error) {
    // The scratch database is thrown away, but a server scratch must not hold an aborted
    // transaction open while the caller drops it. (After a `COMMIT;` in a file there is none: a warning.)
    await scratch.exec("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/**
 * The roles the SQL creates that do not exist on the server yet: this replay's, dropped when the
 * scratch closes. Claimed before anything runs, so a failed replay cleans up too (its transaction
 * rolls back its own roles; the prelude's, or those after a `COMMIT;` in a file, stay until then).
 */
async function claimCreatedRoles(scratch: ScratchDatabase, sqlTexts: string[]): Promise<ReadonlySet<string>> {
  if (!scratch.roles) return new Set();
  const names = [...new Set(sqlTexts.flatMap(createdRoles))];
  if (names.length === 0) return new Set();
  const existing = await scratch.roles.existing(names);
  const ours = names.filter((name) => !existing.has(name));
  scratch.roles.dropOnClose(ours);
  return new Set(ours);
}

/** Runs one statement text (a breakpoint part, a prelude statement); `where` names it for notes. */
type StatementRunner = (sql: string, where: string) => Promise<void>;

const ROLE_SAVEPOINT = "driftcheck_create_role";

/**
 * `scratch.exec`, except on a server scratch for a text holding a top-level CREATE ROLE: its
 * statements then run one by one (as in the one transaction they would), each CREATE ROLE under
 * a savepoint; 42710 duplicate_object rolls back to it and the role is reported as existing.
 * After a `COMMIT;` in a file there is no transaction and no savepoint (25P01): the statement
 * runs by itself, and 42710 is harmless there.
 */
function statementRunner(scratch: ScratchDatabase, ours: ReadonlySet<string>, options: ReplayOptions): StatementRunner {
  const roles = scratch.roles;
  if (!roles) return (sql) => scratch.exec(sql);
  return async (sql, where) => {
    const parts = sqlFileStatements(sql);
    if (!parts.some((part) => createRoleName(part.text) !== null || roleChange(part.text) !== null)) return scratch.exec(sql);
    for (const part of parts) {
      const role = createRoleName(part.text);
      const change = role === null ? roleChange(part.text) : null;
      if (role !== null) {
        if (!(await createRoleUnlessExists(scratch, part.text))) options.onExistingRole?.(role, where);
      } else if (change !== null && (await changesSharedRole(roles, ours, change))) {
        options.onSharedRoleChange?.(change.head, [...new Set([...change.roles, ...change.pairs.flat()])], where);
      } else {
        await scratch.exec(part.text);
      }
    }
  };
}

/** Keywords standing for roles the text does not name (`ALTER ROLE ALL`, `CURRENT_USER`): never ours. */
const ROLE_KEYWORDS = new Set(["all", "current_user", "current_role", "session_user", "public"]);

/**
 * Whether the change would touch a role that existed before the replay: one it alters or drops,
 * or a membership whose role and member both did (a membership involving one of ours goes with it).
 */
async function changesSharedRole(roles: SharedRoles, ours: ReadonlySet<string>, change: RoleChange): Promise<boolean> {
  const named = [...new Set([...change.roles, ...change.pairs.flat()])];
  const existing = await roles.existing(named);
  const shared = (name: string) => !ours.has(name) && (existing.has(name) || ROLE_KEYWORDS.has(name));
  return change.roles.some(shared) || change.pairs.some(([role, member]) => shared(role) && shared(member));
}

/** False when the role exists already (nothing changed). */
async function createRoleUnlessExists(scratch: ScratchDatabase, statement: string): Promise<boolean> {
  let inTransaction = true;
  try {
    await scratch.exec(`SAVEPOINT ${ROLE_SAVEPOINT}`);
  } catch (error) {
    if (codeOf(error).code !== "25P01") throw error;
    inTransaction = false;
  }
  try {
    await scratch.exec(statement);
  } catch (error) {
    if (codeOf(error).code !== "42710") throw error;
    if (inTransaction) await scratch.exec(`ROLLBACK TO SAVEPOINT ${ROLE_SAVEPOINT}; RELEASE SAVEPOINT ${ROLE_SAVEPOINT}`);
    return false;
  }
  if (inTransaction) await scratch.exec(`RELEASE SAVEPOINT ${ROLE_SAVEPOINT}`);
  return true;
}

async function runPrelude(run: StatementRunner, prelude: ReplayPrelude): Promise<void> {
  const statements = sqlFileStatements(prelude.sql);
  for (const [index, statement] of statements.entries()) {
    try {
      await run(statement.text, `the replay prelude ${prelude.label}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new DriftcheckError(
        "user",
        `The replay prelude ${prelude.label} failed at statement ${index + 1} of ${statements.length} (line ${statement.line}): ${message}`,
        { hint: "The prelude runs on the empty scratch database before the first migration. Fix the statement, or drop it from the prelude.", ...codeOf(error) },
      );
    }
  }
}

/**
 * The checked database's extensions, created first: what the platform provides (Supabase's
 * `extensions` schema, Neon's pgvector) is assumed by migrations that never create it. One a
 * migration or the prelude creates itself is left to that SQL (creating it first would make a
 * plain `CREATE EXTENSION` fail); one the scratch database lacks, or fails to create, is
 * reported and skipped.
 */
async function createDatabaseExtensions(folder: DrizzleFolder, scratch: ScratchDatabase, options: ReplayOptions): Promise<void> {
  const installed = options.databaseExtensions ?? [];
  if (installed.length === 0) return;
  const sqlTexts = [options.prelude?.sql ?? "", ...folder.migrations.map((migration) => migration.sql)];
  const createdBySql = new Set(sqlTexts.flatMap(createdExtensions));
  const wanted = installed.filter((extension) => !createdBySql.has(extension.name));
  if (wanted.length === 0) return;
  const available = scratch.availableExtensions ? await scratch.availableExtensions() : null;
  const schemasBySql = new Set(sqlTexts.flatMap(createdSchemas));
  for (const extension of wanted) {
    if (available && !available.has(extension.name)) {
      options.onMissingExtension?.(extension);
      continue;
    }
    // Into its own schema, unless a migration creates that schema (it would then already exist).
    const inSchema = !["public", "pg_catalog"].includes(extension.schema) && !schemasBySql.has(extension.schema);
    try {
      if (inSchema) await scratch.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(extension.schema)}`);
      await scratch.exec(`CREATE EXTENSION IF NOT EXISTS ${quoteIdent(extension.name)}${inSchema ? ` WITH SCHEMA ${quoteIdent(extension.schema)}` : ""}`);
    } catch (error) {
      // Not fatal (outside the migrations' transaction): a migration that needs it fails by itself, named.
      options.onMissingExtension?.(extension, error instanceof Error ? error.message : String(error));
    }
  }
}

function codeOf(error: unknown): { code?: string; detail?: string } {
  const inner = error instanceof DriftcheckError ? error : null;
  return { ...(inner?.code ? { code: inner.code } : {}), ...(inner?.detail ? { detail: inner.detail } : {}) };
}

/**
 * A statement that fails on the scratch database is the folder's problem (or a missing
 * extension), not the checked database's: a `user` error naming the migration, file and line.
 */
function replayError(error: unknown, migration: MigrationFile, statement: LocatedStatement, index: number, of: number): DriftcheckError {
  const message = error instanceof Error ? error.message : String(error);
  const code = codeOf(error);
  const hint = TRANSACTION_SQLSTATES.has(code.code ?? "")
    ? "drizzle-orm's migrator (drizzle-kit migrate; the node-postgres, postgres-js and PGlite migrators) runs all pending migrations in one " +
      "transaction, where this statement fails too. End the transaction before it with a `COMMIT;` statement in the migration, or move it " +
      "to a migration of its own applied separately."
    : "Replay applies the migrations in one transaction, as drizzle-orm's migrator does, to an empty scratch database. Fix the migration, " +
      "or provide what it assumes exists: a --replay-prelude FILE of SQL run first (a role, a helper function, an extension your platform creates), " +
      "or a server that has the extension (--scratch-url URL).";
  return new DriftcheckError(
    "user",
    `Replaying migration ${migration.tag} failed at statement ${index} of ${of} (${migration.sqlPath} line ${statement.line}): ${message}`,
    { hint, ...code },
  );
}

/** 25001 active_sql_transaction (CREATE INDEX CONCURRENTLY, …), 55P04 unsafe use of a new enum value. */
const TRANSACTION_SQLSTATES = new Set(["25001", "55P04"]);
