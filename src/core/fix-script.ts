/**
 * One runnable script from the findings' fix SQL (`driftcheck fix-sql`, issue 3 point 7).
 *
 * Each finding's fixSql is split into statements, each statement is put in a dependency phase
 * (schemas → enums/sequences → tables → columns → constraints → foreign keys → views → RLS and
 * policies → indexes), and the phases are printed in that order, keeping the findings' own order
 * inside a phase. Two kinds of statement cannot run inside the transaction block:
 *  - `ALTER TYPE … ADD VALUE` runs before `BEGIN`: a new enum value cannot be used (by a default,
 *    a check, a policy) in the transaction that adds it;
 *  - an index on a table that already exists is built `CONCURRENTLY` after `COMMIT`, so the fix
 *    does not block writes; `CREATE INDEX CONCURRENTLY` is refused inside a transaction.
 *
 * Destructive steps are refused unless `allowDestructive`: decided per finding (so a drop and
 * the create that replaces it stay together):
 *  - dropping a table, schema, type, sequence or column (loses data);
 *  - dropping an index, constraint, view or policy, or disabling RLS, that the same fix does not
 *    recreate (removes something the database enforces or serves);
 *  - changing a column's type, unless the code's type is a safe widening of the database's.
 * Not destructive: DROP NOT NULL, DROP DEFAULT, DROP IDENTITY, DROP EXPRESSION (values are kept).
 *
 * A finding a pending migration fixes is left to that migration: its fix is left out and the
 * script says first to run the pending migrations. Applying the fix by hand would not record the
 * migration (the check keeps failing with MIGRATION_PENDING) and would make the migration itself
 * fail for good ("column … already exists").
 */
import { SEVERITY_RANK, type Finding, type Severity } from "./findings.js";
import { isSafeWidening } from "./diff/type-widening.js";

export interface FixScriptOptions {
  allowDestructive: boolean;
  /**
   * The check's threshold: findings at or above it that the script has no fix for (a probe
   * that fails, a skipped migration, drift without fix SQL) are listed in `unfixable`, since
   * running the script would leave the check failing.
   */
  failOn?: Severity;
}

export interface RefusedFix {
  code: string;
  object: string;
  reason: string;
  statements: string[];
}

export interface FixScript {
  /** The whole script, ending in a newline. */
  script: string;
  /** Statements in the script (comments and BEGIN/COMMIT not counted). */
  statementCount: number;
  refused: RefusedFix[];
  /** Findings below `failOn` without fix SQL that are about the schema (migration findings are left out). */
  uncovered: { code: string; object: string }[];
  /** Findings at or above `failOn` (any kind) without fix SQL: the script cannot clear them. */
  unfixable: { code: string; object: string; severity: Severity }[];
  /** The pending migrations to run before the script, in the folder's order. */
  pendingMigrations: string[];
  /** Findings a pending migration fixes: left out of the script. */
  leftToMigrations: { code: string; object: string; migration: string }[];
}

const PHASES = [
  "schemas",
  "enums and sequences",
  "tables",
  "columns",
  "constraints",
  "foreign keys",
  "views",
  "row-level security and policies",
  "indexes",
] as const;
type Phase = (typeof PHASES)[number];

interface Placed {
  phase: Phase | "before" | "concurrently";
  sql: string;
}

export function buildFixScript(findings: Finding[], options: FixScriptOptions): FixScript {
  const refused: RefusedFix[] = [];
  const uncovered: FixScript["uncovered"] = [];
  const unfixable: FixScript["unfixable"] = [];
  const accepted: string[][] = [];
  const threshold = options.failOn === undefined ? null : SEVERITY_RANK[options.failOn];
  const pendingMigrations = new Set<string>();
  const leftToMigrations: FixScript["leftToMigrations"] = [];
  for (const finding of findings) {
    if (finding.code === "MIGRATION_PENDING") {
      pendingMigrations.add(finding.object);
      continue;
    }
    if (finding.pendingMigration !== null && finding.kind !== "migration") {
      pendingMigrations.add(finding.pendingMigration);
      leftToMigrations.push({ code: finding.code, object: finding.object, migration: finding.pendingMigration });
      continue;
    }
    if (finding.fixSql === null || finding.fixSql.trim() === "") {
      if (threshold !== null && SEVERITY_RANK[finding.severity] >= threshold) {
        unfixable.push({ code: finding.code, object: finding.object, severity: finding.severity });
      } else if (!["migration", "snapshot", "probe"].includes(finding.kind)) {
        uncovered.push({ code: finding.code, object: finding.object });
      }
      continue;
    }
    const statements = splitStatements(finding.fixSql);
    const reason = options.allowDestructive ? null : destructiveReason(finding, statements);
    if (reason) refused.push({ code: finding.code, object: finding.object, reason, statements });
    else accepted.push(statements);
  }

  const createdTables = new Set(accepted.flat().map(createdTable).filter((name): name is string => name !== null));
  const placed: Placed[] = [];
  const seen = new Set<string>();
  for (const statements of accepted) {
    for (const sql of statements) {
      if (seen.has(sql)) continue;
      seen.add(sql);
      placed.push(place(sql, createdTables));
    }
  }
  const pending = { migrations: [...pendingMigrations], findings: leftToMigrations };
  return {
    script: render(placed, refused, uncovered, unfixable, options.failOn, pending),
    statementCount: placed.length,
    refused,
    uncovered,
    unfixable,
    pendingMigrations: pending.migrations,
    leftToMigrations,
  };
}

/**
 * The builders end every statement with `;` at the end of a line (CREATE TABLE spans lines), so
 * a statement ends at a line ending in `;`.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of sql.split("\n")) {
    if (current.length === 0 && line.trim() === "") continue;
    current.push(line);
    if (line.trimEnd().endsWith(";")) {
      statements.push(current.join("\n").trim());
      current = [];
    }
  }
  if (current.length > 0) {
    const rest = current.join("\n").trim();
    if (rest !== "") statements.push(rest.endsWith(";") ? rest : `${rest};`);
  }
  return statements;
}

const DATA_DROP = /^DROP\s+(TABLE|SCHEMA|TYPE|SEQUENCE)\b|\bDROP\s+COLUMN\b/i;
const OBJECT_DROP = /^DROP\s+(INDEX|VIEW|MATERIALIZED\s+VIEW|POLICY)\b|\bDROP\s+CONSTRAINT\b|\bDISABLE\s+ROW\s+LEVEL\s+SECURITY\b/i;
const RECREATE = /^CREATE\b|\bADD\s+CONSTRAINT\b|\bADD\s+COLUMN\b/i;
const TYPE_CHANGE = /\bALTER\s+COLUMN\s+\S+\s+TYPE\b/i;

export function destructiveReason(finding: Finding, statements: string[]): string | null {
  if (statements.some((sql) => DATA_DROP.test(sql))) return "drops a table, schema, type, sequence or column (its data is lost)";
  if (statements.some((sql) => OBJECT_DROP.test(sql)) && !statements.some((sql) => RECREATE.test(sql))) {
    return "removes an object the database has and the code does not declare";
  }
  if (statements.some((sql) => TYPE_CHANGE.test(sql))) {
    const widening = typeof finding.expected === "string" && typeof finding.actual === "string" && isSafeWidening(finding.actual, finding.expected);
    if (!widening) return `changes the column type from ${String(finding.actual)} to ${String(finding.expected)} (values may not convert, or may lose precision)`;
  }
  return null;
}

const CREATE_TABLE = /^CREATE\s+TABLE\s+(\S+)/i;
const CREATE_INDEX = /^CREATE\s+(UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY\b)(\S+)\s+ON\s+(\S+)/i;
const DROP_INDEX = /^DROP\s+INDEX\s+(?!CONCURRENTLY\b)/i;

function createdTable(sql: string): string | null {
  return CREATE_TABLE.exec(sql)?.[1] ?? null;
}

function place(sql: string, createdTables: Set<string>): Placed {
  if (/^CREATE\s+SCHEMA\b/i.test(sql)) return { phase: "schemas", sql };
  if (/^ALTER\s+TYPE\b.*\bADD\s+VALUE\b/is.test(sql)) return { phase: "before", sql };
  if (/^CREATE\s+(TYPE|SEQUENCE)\b/i.test(sql)) return { phase: "enums and sequences", sql };
  if (CREATE_TABLE.test(sql)) return { phase: "tables", sql };
  if (/^ALTER\s+SEQUENCE\b/i.test(sql)) return { phase: "columns", sql };
  if (/^ALTER\s+TABLE\b.*\bFOREIGN\s+KEY\b/is.test(sql)) return { phase: "foreign keys", sql };
  if (/^ALTER\s+TABLE\b.*\b(ADD|DROP|ALTER)\s+COLUMN\b/is.test(sql)) return { phase: "columns", sql };
  if (/^ALTER\s+TABLE\b.*\b(ROW\s+LEVEL\s+SECURITY)\b/is.test(sql) || /^(CREATE|DROP)\s+POLICY\b/i.test(sql)) {
    return { phase: "row-level security and policies", sql };
  }
  if (/^(CREATE|DROP)\s+(MATERIALIZED\s+)?VIEW\b/i.test(sql)) return { phase: "views", sql };
  const index = CREATE_INDEX.exec(sql);
  if (index) {
    // A new table is empty and invisible to others until COMMIT: index it inside the block.
    if (createdTables.has(index[3]!)) return { phase: "indexes", sql };
    return { phase: "concurrently", sql: sql.replace(/^CREATE\s+(UNIQUE\s+)?INDEX\s+/i, (m, unique?: string) => `CREATE ${unique ? "UNIQUE " : ""}INDEX CONCURRENTLY `) };
  }
  // The drop half of an index replacement goes with its CONCURRENTLY rebuild, after COMMIT.
  if (DROP_INDEX.test(sql)) return { phase: "concurrently", sql: sql.replace(/^DROP\s+INDEX\s+/i, "DROP INDEX CONCURRENTLY ") };
  if (/^(ALTER|DROP)\s+INDEX\b/i.test(sql)) return { phase: "indexes", sql };
  return { phase: "constraints", sql };
}

function render(
  placed: Placed[],
  refused: RefusedFix[],
  uncovered: FixScript["uncovered"],
  unfixable: FixScript["unfixable"],
  failOn: Severity | undefined,
  pending: { migrations: string[]; findings: FixScript["leftToMigrations"] },
): string {
  const lines: string[] = ["-- driftcheck fix-sql: brings the database to what the code expects.", "-- Review it before running it."];
  if (pending.migrations.length > 0) {
    const count = pending.migrations.length;
    lines.push(
      "",
      `-- FIRST run the ${count} pending migration${count === 1 ? "" : "s"} with \`drizzle-kit migrate\`: ${pending.migrations.join(", ")}.`,
      "-- Applying a migration's changes by hand does not record it: the check keeps failing",
      "-- (MIGRATION_PENDING) and the migration itself then fails (\"already exists\").",
    );
    if (pending.findings.length > 0) {
      lines.push(`-- Left out of this script, fixed by ${count === 1 ? "that migration" : "those migrations"}:`);
      lines.push(...pending.findings.map((item) => `--   ${item.code} ${item.object} (${item.migration})`));
    }
    lines.push("-- Then run `driftcheck fix-sql` again for anything left.");
  }
  if (placed.length === 0) lines.push("", "-- Nothing to apply.");

  const before = placed.filter((p) => p.phase === "before");
  if (before.length > 0) {
    lines.push("", "-- Before the transaction: a new enum value cannot be used in the transaction that adds it.");
    lines.push(...before.map((p) => p.sql));
  }
  const inside = PHASES.map((phase) => ({ phase, statements: placed.filter((p) => p.phase === phase) })).filter((group) => group.statements.length > 0);
  if (inside.length > 0) {
    lines.push("", "BEGIN;");
    for (const group of inside) lines.push("", `-- ${group.phase}`, ...group.statements.map((p) => p.sql));
    lines.push("", "COMMIT;");
  }
  const concurrent = placed.filter((p) => p.phase === "concurrently");
  if (concurrent.length > 0) {
    lines.push("", "-- After the transaction: CREATE INDEX CONCURRENTLY cannot run inside a transaction block.");
    lines.push(...concurrent.map((p) => p.sql));
  }
  if (refused.length > 0) {
    lines.push("", `-- Refused ${refused.length} destructive fix${refused.length === 1 ? "" : "es"} (rerun with --allow-destructive to include them):`);
    for (const fix of refused) {
      lines.push(`-- ${fix.code} ${fix.object}: ${fix.reason}`);
      for (const sql of fix.statements) lines.push(...sql.split("\n").map((line) => `--   ${line}`));
    }
  }
  if (uncovered.length > 0) {
    lines.push("", "-- No fix SQL for (review by hand):");
    lines.push(...uncovered.map((item) => `--   ${item.code} ${item.object}`));
  }
  if (unfixable.length > 0) {
    lines.push(
      "",
      `-- Not fixed by this script: ${unfixable.length} finding${unfixable.length === 1 ? "" : "s"} at or above --fail-on ${failOn ?? "error"}; ` +
        "the check still fails after running it (review by hand):",
    );
    lines.push(...unfixable.map((item) => `--   ${item.severity} ${item.code} ${item.object}`));
  }
  return `${lines.join("\n")}\n`;
}
