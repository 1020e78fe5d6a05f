/** Columns of a table present on both sides: missing, extra, type, nullability, default, identity, generated. */
import { ownValue, type ColumnDef, type IdentityDef, type TableDef } from "../model.js";
import type { Finding } from "../findings.js";
import { expressionsEquivalent } from "../expressions/index.js";
import { finding, memberPath } from "./finding.js";
import { quoteIdent } from "../sql/literal.js";
import { addColumnSql, alterColumn, identityClause, qualified } from "./fix-sql.js";
import { sameList } from "./matching.js";
import { isSafeWidening } from "./type-widening.js";

export function diffColumns(expected: TableDef, actual: TableDef, tablePath: string): Finding[] {
  const findings: Finding[] = [];
  for (const name of columnNames(expected, actual)) {
    const e = ownValue(expected.columns, name);
    const a = ownValue(actual.columns, name);
    // Most columns agree: skip building their path and finding lists (1,000-table schemas).
    if (e && a && unchanged(e, a)) continue;
    const path = memberPath(tablePath, name);
    if (e && !a) {
      findings.push(
        finding("COLUMN_MISSING", "error", "column", path, {
          expected: e,
          actual: null,
          message: `Column ${name} does not exist in the database; queries that read or write it fail.`,
          fixSql: addColumnSql(expected, e),
        }),
      );
    } else if (!e && a) {
      findings.push(extraColumn(actual, a, path));
    } else if (e && a) {
      findings.push(...compareColumn(expected, e, a, path));
    }
  }
  return findings;
}

/** Both tables' column names, once each (usually the two lists are equal). Order does not matter: findings are sorted at the end. */
function columnNames(expected: TableDef, actual: TableDef): string[] {
  const expectedNames = Object.keys(expected.columns);
  const actualNames = Object.keys(actual.columns);
  return sameList(expectedNames, actualNames) ? expectedNames : [...new Set([...expectedNames, ...actualNames])];
}

/**
 * No finding is possible: what compareColumn checks is identical text on both sides (identical
 * expressions compare equal; a default the code does not rely on is never a finding).
 */
function unchanged(e: ColumnDef, a: ColumnDef): boolean {
  return (
    e.type === a.type &&
    e.notNull === a.notNull &&
    (e.default === null || e.default === a.default) &&
    sameIdentity(e.identity, a.identity) &&
    (e.generated === null ? a.generated === null : a.generated !== null && e.generated.expression === a.generated.expression)
  );
}

function extraColumn(table: TableDef, column: ColumnDef, path: string): Finding {
  const blocksInserts = column.notNull && column.default === null && column.identity === null && column.generated === null;
  return blocksInserts
    ? finding("COLUMN_EXTRA", "error", "column", path, {
        expected: null,
        actual: column,
        message: `The database has a NOT NULL column ${column.name} without a default that the code does not know; the code's inserts fail.`,
        fixSql: alterColumn(table, column.name, "DROP NOT NULL"),
      })
    : finding("COLUMN_EXTRA", "info", "column", path, {
        expected: null,
        actual: column,
        message: `The database has a column ${column.name} the code does not know (harmless in an expand phase).`,
        fixSql: null,
      });
}

function compareColumn(table: TableDef, e: ColumnDef, a: ColumnDef, path: string): Finding[] {
  const findings: Finding[] = [];
  if (e.type !== a.type) {
    const widening = isSafeWidening(e.type, a.type);
    findings.push(
      finding("COLUMN_TYPE_MISMATCH", widening ? "warning" : "error", "column", path, {
        expected: e.type,
        actual: a.type,
        message: widening
          ? `The database column is ${a.type}, a safe widening of the code's ${e.type}.`
          : `The database column is ${a.type} but the code expects ${e.type}.`,
        fixSql: alterColumn(table, e.name, `TYPE ${e.type} USING ${quoteColumn(e.name)}::${e.type}`),
      }),
    );
  }
  const actualFillsValue = a.default !== null || a.identity !== null || a.generated !== null;
  if (!e.notNull && a.notNull) {
    findings.push(
      finding("COLUMN_NULLABILITY_MISMATCH", actualFillsValue ? "warning" : "error", "column", path, {
        expected: { notNull: false },
        actual: { notNull: true },
        message: actualFillsValue
          ? `The database column is NOT NULL but the code treats it as nullable; writing NULL explicitly fails.`
          : `The database column is NOT NULL without a default but the code treats it as nullable; inserts that omit it fail.`,
        fixSql: alterColumn(table, e.name, "DROP NOT NULL"),
      }),
    );
  } else if (e.notNull && !a.notNull) {
    findings.push(
      finding("COLUMN_NULLABILITY_MISMATCH", "warning", "column", path, {
        expected: { notNull: true },
        actual: { notNull: false },
        message: `The database column is nullable but the code expects NOT NULL; reads may return NULL.`,
        fixSql: alterColumn(table, e.name, "SET NOT NULL"),
      }),
    );
  }
  findings.push(...compareDefault(table, e, a, path));
  findings.push(...compareIdentity(table, e, a, path));
  findings.push(...compareGenerated(table, e, a, path));
  return findings;
}

function compareDefault(table: TableDef, e: ColumnDef, a: ColumnDef, path: string): Finding[] {
  if (e.default === null) return []; // a database default the code does not rely on is harmless
  if (a.default === null) {
    // An identity or generated column fills the value too; that difference is reported there.
    if (a.identity !== null || a.generated !== null) return [];
    // What makes the code's insert fail is the database's NOT NULL.
    return [
      finding("COLUMN_DEFAULT_MISSING", a.notNull ? "error" : "warning", "column", path, {
        expected: e.default,
        actual: null,
        message: a.notNull
          ? `The code relies on the default ${e.default}, which the database lacks; inserts that omit the column fail.`
          : `The code relies on the default ${e.default}, which the database lacks; inserts that omit the column store NULL.`,
        fixSql: alterColumn(table, e.name, `SET DEFAULT ${e.default}`),
      }),
    ];
  }
  // Different or unsettled: COLUMN_DEFAULT_MISMATCH is a warning either way.
  if (expressionsEquivalent(e.default, a.default, { table: table.name })) return [];
  return [
    finding("COLUMN_DEFAULT_MISMATCH", "warning", "column", path, {
      expected: e.default,
      actual: a.default,
      message: `The database default is ${a.default} but the code expects ${e.default}.`,
      fixSql: alterColumn(table, e.name, `SET DEFAULT ${e.default}`),
    }),
  ];
}

function sameIdentity(e: IdentityDef | null, a: IdentityDef | null): boolean {
  if (e === null || a === null) return e === a;
  return (
    e.generation === a.generation &&
    e.start === a.start &&
    e.increment === a.increment &&
    e.min === a.min &&
    e.max === a.max &&
    e.cache === a.cache &&
    e.cycle === a.cycle
  );
}

function compareIdentity(table: TableDef, e: ColumnDef, a: ColumnDef, path: string): Finding[] {
  if (sameIdentity(e.identity, a.identity)) return [];
  // GENERATED ALWAYS rejects the explicit values a code-side plain or BY DEFAULT column may write.
  const writesGenerated = a.identity?.generation === "always" && e.identity?.generation !== "always" && e.generated === null;
  let fixSql: string;
  if (e.identity === null) {
    const statements = [alterColumn(table, e.name, "DROP IDENTITY")];
    if (e.default !== null) statements.push(alterColumn(table, e.name, `SET DEFAULT ${e.default}`));
    fixSql = statements.join("\n");
  } else if (a.identity === null) {
    const statements: string[] = [];
    if (a.default !== null) statements.push(alterColumn(table, e.name, "DROP DEFAULT"));
    // PostgreSQL adds an identity only to a NOT NULL column.
    if (!a.notNull) statements.push(alterColumn(table, e.name, "SET NOT NULL"));
    statements.push(alterColumn(table, e.name, `ADD ${identityClause(e.identity)}`));
    fixSql = statements.join("\n");
  } else {
    const i = e.identity;
    fixSql = alterColumn(
      table,
      e.name,
      `SET GENERATED ${i.generation === "always" ? "ALWAYS" : "BY DEFAULT"} SET INCREMENT BY ${i.increment} SET MINVALUE ${i.min} ` +
        `SET MAXVALUE ${i.max} SET START WITH ${i.start} SET CACHE ${i.cache} SET ${i.cycle ? "CYCLE" : "NO CYCLE"}`,
    );
  }
  return [
    finding("COLUMN_IDENTITY_MISMATCH", writesGenerated ? "error" : "warning", "column", path, {
      expected: e.identity,
      actual: a.identity,
      message: writesGenerated
        ? `The database generates ${e.name} (GENERATED ALWAYS AS IDENTITY) but the code may write it; such inserts fail.`
        : `The identity of ${e.name} differs from what the code expects.`,
      fixSql,
    }),
  ];
}

function compareGenerated(table: TableDef, e: ColumnDef, a: ColumnDef, path: string): Finding[] {
  if (e.generated === null && a.generated === null) return [];
  if (e.generated !== null && a.generated !== null && expressionsEquivalent(e.generated.expression, a.generated.expression, { table: table.name })) return [];
  const writesGenerated = e.generated === null && a.generated !== null;
  let fixSql: string;
  if (writesGenerated) {
    const statements = [alterColumn(table, e.name, "DROP EXPRESSION")];
    if (e.default !== null) statements.push(alterColumn(table, e.name, `SET DEFAULT ${e.default}`));
    fixSql = statements.join("\n");
  } else {
    // PostgreSQL cannot turn a column into a generated one (or change the expression before 17):
    // recreate it; its values are derived, nothing is lost that the expression does not rebuild.
    fixSql = [
      `ALTER TABLE ${tableName(table)} DROP COLUMN ${quoteColumn(e.name)};`,
      addColumnSql(table, e),
    ].join("\n");
  }
  return [
    finding("COLUMN_GENERATED_MISMATCH", writesGenerated ? "error" : "warning", "column", path, {
      expected: e.generated,
      actual: a.generated,
      message: writesGenerated
        ? `The database generates ${e.name} but the code writes it as a plain column; such writes fail.`
        : e.generated !== null && a.generated === null
          ? `The code expects ${e.name} to be generated (${e.generated.expression}) but the database stores plain values.`
          : `The generation expression of ${e.name} differs from what the code expects.`,
      fixSql,
    }),
  ];
}

function quoteColumn(name: string): string {
  return quoteIdent(name);
}

function tableName(table: TableDef): string {
  return qualified(table.schema, table.name);
}
