/**
 * Which journal migrations the database has applied, judged by the applied-migrations table.
 * The matching rule follows the table's shape, not the folder's (DESIGN.md, PROTOCOLS.md):
 *  - 0.x table (id, hash, created_at): an entry is applied when a row has its hash; a row with
 *    the entry's `when` but another hash means the file was edited after it ran. drizzle-orm's
 *    migrator applies only entries whose `when` is greater than the newest `created_at`
 *    (`order by created_at desc limit 1`), so an unapplied entry at or below it is never applied:
 *    SKIPPED, not pending.
 *  - 1.x table (has `name`): matched by name only; nothing is ever skipped.
 */
import type { Finding, Severity } from "../findings.js";
import type { DrizzleFolder, MigrationFile } from "../drizzle/types.js";
import type { AppliedMigration, MigrationsTableState } from "../introspect/types.js";
import type { MigrationState, MigrationStatus } from "./types.js";

export interface MigrationStatusOptions {
  /** `push` teams apply the schema with `drizzle-kit push`: there is no migrations table to judge. */
  migrations: "migrate" | "push";
}

const MIGRATE_COMMAND = "npx drizzle-kit migrate";

export function migrationStatus(
  folder: DrizzleFolder,
  table: MigrationsTableState,
  options: MigrationStatusOptions,
): { status: MigrationStatus; findings: Finding[] } {
  const tableName = `${table.ref.schema}.${table.ref.table}`;
  const readable = table.exists && table.error === null;
  const shape = readable ? (table.shape ?? "0.x") : table.shape;
  const states = readable ? matchEntries(folder.migrations, table.rows, shape === "1.x" ? "1.x" : "0.x") : null;

  // No table: the migrator creates it and runs every entry. A table we cannot read: unknown,
  // never "pending", or every schema finding would be credited to a migration that may have run.
  const unread: MigrationState = table.exists ? "unknown" : "pending";
  const entries = folder.migrations.map((migration, index) => ({
    tag: migration.tag,
    when: migration.when,
    state: states ? states.entries[index]! : unread,
  }));
  const status: MigrationStatus = {
    table: table.ref,
    tableExists: table.exists,
    shape: table.shape,
    entries,
    pending: entries.filter((entry) => entry.state === "pending" || entry.state === "skipped").map((entry) => entry.tag),
    applied: entries.filter((entry) => entry.state === "applied" || entry.state === "edited").length,
    unknown: states ? states.unknownRows.length : 0,
  };

  const findings: Finding[] = [];
  const push = options.migrations === "push";

  if (table.exists && table.error !== null) {
    // The table is there but we may not read it (missing privilege): say so once, since every
    // per-migration judgement would be a guess.
    findings.push(tableFinding(tableName, push ? "info" : "error", table.error === "" ? "permission denied" : table.error, true));
    return { status, findings };
  }
  if (!table.exists) {
    if (folder.migrations.length > 0) findings.push(tableFinding(tableName, push ? "info" : "error", null, false, folder.migrations.length));
    return { status, findings };
  }
  // With `push` the database is not managed by migrations: their bookkeeping is not a finding.
  if (push) return { status, findings };

  entries.forEach((entry, index) => {
    const migration = folder.migrations[index]!;
    if (entry.state === "pending") findings.push(pendingFinding(migration, tableName));
    if (entry.state === "skipped") findings.push(skippedFinding(migration, tableName, states!.newestCreatedAt));
    if (entry.state === "edited") findings.push(editedFinding(migration));
  });
  for (const row of states!.unknownRows) findings.push(unknownFinding(row, tableName));
  return { status, findings };
}

/**
 * Tags of the migrations the migrator will run on deploy, in journal order: only `pending` ones
 * (SKIPPED never run; `unknown`, from an unreadable table, may have run already).
 */
export function migrationsThatWillRun(status: MigrationStatus | null): string[] {
  return status ? status.entries.filter((entry) => entry.state === "pending").map((entry) => entry.tag) : [];
}

interface Matched {
  entries: MigrationState[];
  unknownRows: AppliedMigration[];
  newestCreatedAt: string | null;
}

function matchEntries(migrations: MigrationFile[], rows: AppliedMigration[], shape: "0.x" | "1.x"): Matched {
  const used = new Set<AppliedMigration>();
  if (shape === "1.x") {
    const entries = migrations.map((migration): MigrationState => {
      const row = rows.find((candidate) => !used.has(candidate) && candidate.name === migration.tag);
      if (!row) return "pending";
      used.add(row);
      return row.hash !== null && row.hash !== migration.hash ? "edited" : "applied";
    });
    return { entries, unknownRows: rows.filter((row) => !used.has(row)), newestCreatedAt: null };
  }

  const newestCreatedAt = newestRowCreatedAt(rows);
  const entries = migrations.map((migration): MigrationState => {
    const byHash = rows.find((candidate) => !used.has(candidate) && candidate.hash === migration.hash);
    if (byHash) {
      used.add(byHash);
      return "applied";
    }
    const byWhen = rows.find((candidate) => !used.has(candidate) && candidate.createdAt === String(migration.when));
    if (byWhen) {
      used.add(byWhen);
      return "edited";
    }
    return "pending";
  });
  // The migrator compares `when` with the newest created_at only; entries not newer never run.
  const threshold = newestCreatedAt === null ? null : Number(newestCreatedAt);
  const judged = entries.map((state, index): MigrationState =>
    state === "pending" && threshold !== null && migrations[index]!.when <= threshold ? "skipped" : state,
  );
  return { entries: judged, unknownRows: rows.filter((row) => !used.has(row)), newestCreatedAt };
}

/**
 * The row drizzle-orm's migrator reads: `order by created_at desc limit 1`. PostgreSQL sorts
 * NULLs first in descending order, and the migrator then treats `Number(null)` as 0.
 */
function newestRowCreatedAt(rows: AppliedMigration[]): string | null {
  if (rows.length === 0) return null;
  if (rows.some((row) => row.createdAt === null)) return "0";
  let newest: bigint | null = null;
  for (const row of rows) {
    const value = BigInt(row.createdAt!);
    if (newest === null || value > newest) newest = value;
  }
  return newest === null ? null : newest.toString();
}

function tableFinding(tableName: string, severity: Severity, error: string | null, unreadable: boolean, count = 0): Finding {
  const message = unreadable
    ? `The migrations table ${tableName} exists but could not be read (${error}), so applied migrations cannot be verified. Grant the checking role SELECT on it (e.g. \`GRANT pg_read_all_data TO <role>\`), or pass --migrations-table if the app uses another table.`
    : `The migrations table ${tableName} does not exist although the folder has ${count} migration${count === 1 ? "" : "s"}: this database was never migrated with drizzle-orm's migrator. Run \`${MIGRATE_COMMAND}\`, or pass --migrations-table if the app uses another table, or set "migrations": "push" if the schema is applied with \`drizzle-kit push\`.`;
  return {
    code: "MIGRATIONS_TABLE_MISSING",
    severity,
    kind: "migration",
    object: tableName,
    expected: { table: tableName, ...(unreadable ? { readable: true } : { migrations: count }) },
    actual: unreadable ? { exists: true, error } : null,
    message,
    fixSql: null,
    pendingMigration: null,
  };
}

function pendingFinding(migration: MigrationFile, tableName: string): Finding {
  return {
    code: "MIGRATION_PENDING",
    severity: "error",
    kind: "migration",
    object: migration.tag,
    expected: { tag: migration.tag, when: migration.when, hash: migration.hash },
    actual: null,
    message: `Migration ${migration.tag} has not been applied to this database (no row in ${tableName}); run \`${MIGRATE_COMMAND}\` before deploying.`,
    fixSql: null,
    pendingMigration: migration.tag,
  };
}

function skippedFinding(migration: MigrationFile, tableName: string, newestCreatedAt: string | null): Finding {
  return {
    code: "MIGRATION_SKIPPED",
    severity: "error",
    kind: "migration",
    object: migration.tag,
    expected: { tag: migration.tag, when: migration.when, hash: migration.hash },
    actual: { newestCreatedAt },
    message: `Migration ${migration.tag} is not applied and \`${MIGRATE_COMMAND}\` will never apply it: its journal "when" (${migration.when}) is not newer than the newest applied migration in ${tableName} (${newestCreatedAt}). Apply its SQL by hand (then record it), or regenerate it after the newest applied migration.`,
    fixSql: null,
    // Not the deploy's to fix: the migrator will not run it, so it must not turn into info.
    pendingMigration: null,
  };
}

function editedFinding(migration: MigrationFile): Finding {
  return {
    code: "MIGRATION_EDITED",
    severity: "warning",
    kind: "migration",
    object: migration.tag,
    expected: { tag: migration.tag, when: migration.when, hash: migration.hash },
    actual: null,
    message: `Migration ${migration.tag} was applied, but ${migration.sqlPath} has changed since (its sha256 differs from the recorded hash): the database ran the old SQL and \`${MIGRATE_COMMAND}\` will not re-run it. Put the change in a new migration.`,
    fixSql: null,
    pendingMigration: null,
  };
}

function unknownFinding(row: AppliedMigration, tableName: string): Finding {
  const label = row.name ?? (row.createdAt !== null ? `created_at ${row.createdAt}` : `id ${row.id ?? "?"}`);
  return {
    code: "MIGRATION_UNKNOWN",
    severity: "warning",
    kind: "migration",
    object: row.name ?? `${tableName}#${row.id ?? row.createdAt ?? "?"}`,
    expected: null,
    actual: { id: row.id, hash: row.hash, createdAt: row.createdAt, name: row.name },
    message: `${tableName} records a migration (${label}) that this folder does not contain: the database is ahead of this code (e.g. a rollback deploy), and \`${MIGRATE_COMMAND}\` from this commit may skip newer entries.`,
    fixSql: null,
    pendingMigration: null,
  };
}
