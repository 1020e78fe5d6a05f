/**
 * `driftcheck verify`: the drizzle folder checked against itself. Its migrations, replayed on a
 * scratch database up to the migration of the newest snapshot, are the "database"; that snapshot
 * is what is expected. Every difference is a disagreement between the folder's SQL and its
 * snapshot (the SQL made a column NOT NULL the snapshot calls nullable, the snapshot has an index
 * no statement creates), and each finding's message names the migration file and line of the
 * last statement touching the object (see statement-objects.ts), so the team can fix the folder.
 * A statement is each one the SQL holds: a breakpoint part may hold several (a migration written
 * with `breakpoints: false`, a custom one), and each is attributed to the objects it acts on only.
 */
import { decideFindings, RESULT_FORMAT_VERSION, type CheckResult } from "../check.js";
import { diffSchemas } from "../diff/index.js";
import type { DrizzleFolder, MigrationFile } from "../drizzle/types.js";
import type { Finding, Severity } from "../findings.js";
import type { DatabaseInfo, DefaultOpclasses } from "../introspect/types.js";
import type { CanonicalSchema } from "../model.js";
import { breakpointStatements } from "../sql/statements.js";
import { PrimaryKeys, statementParts } from "./statement-objects.js";

export interface VerifyInput {
  folder: DrizzleFolder;
  /** The folder's migrations up to `folder.expectedFrom`, replayed and introspected. */
  replayed: { schema: CanonicalSchema; database: DatabaseInfo; defaultOpclasses: DefaultOpclasses; applied: MigrationFile[]; source: string };
  options: { failOn: Severity; ignore: string[]; tablesFilter?: string[] };
  /** Timings, as the caller measured them. */
  timings?: CheckResult["timings"];
}

export function verifyFolder(input: VerifyInput): CheckResult {
  const { folder, replayed, options } = input;
  const raw = diffSchemas(folder.expected, replayed.schema, {
    defaultOpclasses: replayed.defaultOpclasses,
    ...(options.tablesFilter ? { tablesFilter: options.tablesFilter } : {}),
  });
  const touches = statementTouches(replayed.applied);
  const snapshotPath = folder.migrations.find((migration) => migration.tag === folder.expectedFrom)?.snapshotPath ?? null;
  const located = raw.map((finding) => ({ ...finding, message: `${finding.message} ${whereInFolder(finding, touches, snapshotPath)}` }));
  return {
    formatVersion: RESULT_FORMAT_VERSION,
    ...decideFindings(located, { ignore: options.ignore, failOn: options.failOn, migrationsRunOnDeploy: false }),
    migrations: null,
    // Reports say "database": here that is the migrations' SQL, replayed.
    database: { ...replayed.database, database: `the migrations' SQL (${replayed.source})` },
    expected: { source: folder.source, layout: folder.layout, expectedFrom: folder.expectedFrom, migrations: folder.migrations.length },
    timings: input.timings ?? { readMs: 0, introspectMs: 0, compareMs: 0, totalMs: 0 },
  };
}

/** One migration statement and the objects it touches, in the order the migrator runs them. */
export interface StatementTouch {
  migration: MigrationFile;
  /** 1-based line of the migration file on which the statement starts. */
  line: number;
  /** Each object key of statement-objects.ts with the 1-based line of the file naming it. */
  keys: Map<string, number>;
}

export function statementTouches(migrations: MigrationFile[]): StatementTouch[] {
  // Read in the migrator's order: a statement's primary key names are the earlier ones' declaring.
  const primaryKeys = new PrimaryKeys();
  return migrations.flatMap((migration) =>
    breakpointStatements(migration.sql).flatMap((statement) =>
      statementParts(statement.text, primaryKeys).map((part) => ({
        migration,
        line: statement.line + part.line,
        keys: new Map([...part.keys].map(([key, line]) => [key, statement.line + line])),
      })),
    ),
  );
}

export interface FolderLocation {
  migration: MigrationFile;
  line: number;
  /** false when only the object's table (or schema) was found, not the object itself. */
  exact: boolean;
}

/**
 * The last statement touching the finding's object, else its table; null when none does. Going
 * back in time, a rename of the table or column switches the search to the old name. A
 * NAME_MISMATCH's object is in the database (the replayed SQL) under its `actual` name: the
 * statements naming that one touch it too.
 */
export function locateInMigrations(finding: Pick<Finding, "kind" | "object"> & Partial<Pick<Finding, "code" | "actual">>, touches: StatementTouch[]): FolderLocation | null {
  const actualName = finding.code === "NAME_MISMATCH" && typeof finding.actual === "string" ? finding.actual : null;
  for (const isExact of [true, false]) {
    let current = finding.object;
    for (let i = touches.length - 1; i >= 0; i -= 1) {
      const touch = touches[i]!;
      const objects = [current, ...(actualName === null ? [] : [[...current.split(".").slice(0, 2), actualName].join(".")])];
      const keys = objects.flatMap((object) => (isExact ? keysFor({ kind: finding.kind, object }).exact : keysFor({ kind: finding.kind, object }).parent));
      // The line of the token naming the object in this statement: a column inside a multi-line
      // CREATE TABLE is at its own line, never at another line merely containing its name.
      const key = keys.find((candidate) => touch.keys.has(candidate));
      if (key !== undefined) return { migration: touch.migration, line: touch.keys.get(key)!, exact: isExact };
      current = beforeRenames(current, [...touch.keys.keys()]);
    }
  }
  return null;
}

/** The object path as it was before the statement's renames (`renamed:` keys of statement-objects.ts). */
function beforeRenames(object: string, keys: string[]): string {
  const [schema = "", table = "", ...rest] = object.split(".");
  let name = table;
  let member = rest.join(".");
  for (const key of keys) {
    const relPrefix = `renamed:rel:${schema}.`;
    if (key.startsWith(relPrefix) && key.endsWith(`>${name}`)) name = key.slice(relPrefix.length, key.length - name.length - 1);
  }
  for (const key of keys) {
    const colPrefix = `renamed:col:${schema}.${name}.`;
    if (rest.length > 0 && key.startsWith(colPrefix) && key.endsWith(`>${member}`)) member = key.slice(colPrefix.length, key.length - member.length - 1);
  }
  return [schema, name, ...(rest.length > 0 ? [member] : [])].join(".");
}

function whereInFolder(finding: Finding, touches: StatementTouch[], snapshotPath: string | null): string {
  const location = locateInMigrations(finding, touches);
  const snapshot = snapshotPath ? ` (the snapshot is ${snapshotPath})` : "";
  if (!location) return `No migration statement touches it${snapshot}.`;
  const at = `${location.migration.sqlPath} line ${location.line}`;
  if (location.exact) return `Last touched by ${at}${snapshot}.`;
  return `No migration statement names it; ${at} last touched its ${finding.kind === "schema" ? "schema" : "table"}${snapshot}.`;
}

/** Keys of statement-objects.ts naming the finding's object, and its parent's. */
function keysFor(finding: Pick<Finding, "kind" | "object">): { exact: string[]; parent: string[] } {
  const [schema = "", name = "", ...rest] = finding.object.split(".");
  const member = rest.join(".");
  const table = `${schema}.${name}`;
  const rel = [`rel:${table}`];
  const inSchema = [`schema:${schema}`];
  switch (finding.kind) {
    case "schema":
      return { exact: [`schema:${finding.object}`], parent: [] };
    case "table":
    case "view":
    case "sequence":
      return { exact: rel, parent: inSchema };
    case "enum":
      return { exact: [`type:${table}`], parent: inSchema };
    case "rls":
      return { exact: [`rls:${table}`], parent: rel };
    case "column":
      return { exact: [`col:${table}.${member}`], parent: rel };
    case "primary_key":
      return { exact: [`con:${table}.${member}`, `pk:${table}`], parent: rel };
    case "unique":
      return { exact: [`con:${table}.${member}`, `rel:${schema}.${member}`], parent: rel };
    case "foreign_key":
    case "check":
      return { exact: [`con:${table}.${member}`], parent: rel };
    case "index":
      return { exact: [`rel:${schema}.${member}`], parent: rel };
    case "policy":
      return { exact: [`pol:${table}.${member}`], parent: rel };
    default:
      return { exact: [], parent: [] };
  }
}
