/**
 * Where a finding lives in the repository, for SARIF (code scanning shows only results with a
 * file location): the migration `.sql` line that creates the object, else the newest snapshot,
 * else the journal. Found by searching the migration text for the statement naming the object
 * (`CREATE TABLE "t"`, `ADD COLUMN "c"`, the column's line inside `CREATE TABLE`, `CREATE INDEX
 * "i"`, `CONSTRAINT "k"`, …), quoted or not, with or without its schema.
 */
import type { Finding } from "../findings.js";

export interface SarifMigration {
  tag: string;
  /** Relative to the drizzle folder, `/`-separated. */
  sqlPath: string;
  sql: string;
  snapshotPath: string | null;
}

export interface SourceLocation {
  /** Relative to the drizzle folder. */
  path: string;
  line: number;
}

export interface LocateContext {
  migrations: SarifMigration[];
  /** The snapshot the expected schema came from (relative to the folder), if any. */
  snapshotPath: string | null;
  /** The journal (0.x) or null (1.x / no folder). */
  journalPath: string | null;
}

export function locateFinding(finding: Finding, context: LocateContext): SourceLocation | null {
  const byTag = (tag: string | null) => context.migrations.find((m) => m.tag === tag);
  if (finding.kind === "migration" || finding.kind === "snapshot") {
    const migration = byTag(finding.object);
    if (migration) return { path: migration.sqlPath, line: 1 };
  } else {
    const pattern = creationPattern(finding);
    // The pending migration that introduces the object is searched first, then all in order.
    const pending = byTag(finding.pendingMigration);
    const candidates = pending ? [pending, ...context.migrations.filter((m) => m !== pending)] : context.migrations;
    for (const migration of candidates) {
      const line = pattern ? findLine(migration.sql, pattern) : null;
      if (line !== null) return { path: migration.sqlPath, line };
    }
    if (pending) return { path: pending.sqlPath, line: 1 };
  }
  if (context.snapshotPath) return { path: context.snapshotPath, line: 1 };
  if (context.journalPath) return { path: context.journalPath, line: 1 };
  return null;
}

type Pattern = { kind: "line"; regex: RegExp } | { kind: "tableColumn"; table: RegExp; column: RegExp; addColumn: RegExp };

/** `public.users.email` → ["public", "users", "email"]; names themselves rarely hold dots. */
function splitObject(object: string): { schema: string; table: string; member: string | null } {
  const [schema = "", table = "", ...rest] = object.split(".");
  return { schema, table, member: rest.length > 0 ? rest.join(".") : null };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `"name"` or `name`, optionally after `"schema".` */
function qualifiedName(schema: string, name: string): string {
  const ident = (text: string) => `(?:"${escape(text.replace(/"/g, '""'))}"|${escape(text)}\\b)`;
  return `(?:${ident(schema)}\\s*\\.\\s*)?${ident(name)}`;
}

function ident(name: string): string {
  return `(?:"${escape(name.replace(/"/g, '""'))}"|${escape(name)}\\b)`;
}

function creationPattern(finding: Finding): Pattern | null {
  const { schema, table, member } = splitObject(finding.object);
  const line = (source: string): Pattern => ({ kind: "line", regex: new RegExp(source, "i") });
  switch (finding.kind) {
    case "schema":
      return line(`CREATE\\s+SCHEMA\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${ident(schema)}`);
    case "table":
    case "rls":
      return line(`CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${qualifiedName(schema, table)}`);
    case "view":
      return line(`CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:MATERIALIZED\\s+)?VIEW\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${qualifiedName(schema, table)}`);
    case "enum":
      return line(`CREATE\\s+TYPE\\s+${qualifiedName(schema, table)}`);
    case "sequence":
      return line(`CREATE\\s+SEQUENCE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${qualifiedName(schema, table)}`);
    case "column":
      if (member === null) return null;
      return {
        kind: "tableColumn",
        table: new RegExp(`CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${qualifiedName(schema, table)}`, "i"),
        column: new RegExp(`^\\s*${ident(member)}\\s`, "i"),
        addColumn: new RegExp(`ALTER\\s+TABLE\\s+(?:ONLY\\s+)?${qualifiedName(schema, table)}\\s+ADD\\s+COLUMN\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?${ident(member)}`, "i"),
      };
    case "index":
      return member === null ? null : line(`CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?:CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?${ident(member)}`);
    case "unique":
      return member === null ? null : line(`(?:CONSTRAINT\\s+${ident(member)}|CREATE\\s+UNIQUE\\s+INDEX\\s+(?:CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?${ident(member)})`);
    case "primary_key":
    case "foreign_key":
    case "check":
      return member === null ? null : line(`CONSTRAINT\\s+${ident(member)}`);
    case "policy":
      return member === null ? null : line(`CREATE\\s+POLICY\\s+${ident(member)}`);
    default:
      return null;
  }
}

/** 1-based line of the first match, or null. */
function findLine(sql: string, pattern: Pattern): number | null {
  const lines = sql.split("\n");
  if (pattern.kind === "line") {
    const index = lines.findIndex((text) => pattern.regex.test(text));
    return index < 0 ? null : index + 1;
  }
  for (let i = 0; i < lines.length; i += 1) {
    const text = lines[i]!;
    if (pattern.addColumn.test(text)) return i + 1;
    if (!pattern.table.test(text)) continue;
    // Column lines of the CREATE TABLE body, up to its closing parenthesis.
    for (let j = i + 1; j < lines.length && !/^\s*\)/.test(lines[j]!); j += 1) {
      if (pattern.column.test(lines[j]!)) return j + 1;
    }
  }
  return null;
}
