/** Primary key, foreign keys and checks of a table present on both sides. */
import { ownValue, type ForeignKeyDef, type ReferentialAction, type TableDef } from "../model.js";
import type { Finding } from "../findings.js";
import { compareExpressions, expressionsEquivalent } from "../expressions/index.js";
import { finding, memberPath } from "./finding.js";
import {
  addConstraintSql,
  checkClause,
  dropConstraintSql,
  foreignKeyClause,
  primaryKeyClause,
  renameConstraintSql,
} from "./fix-sql.js";
import { matchObjects, sameList } from "./matching.js";

export function diffPrimaryKey(expected: TableDef, actual: TableDef, tablePath: string): Finding[] {
  const e = expected.primaryKey;
  const a = actual.primaryKey;
  if (e === null && a === null) return [];
  if (e !== null && a === null) {
    return [
      finding("PRIMARY_KEY_MISMATCH", "error", "primary_key", memberPath(tablePath, e.name), {
        expected: e,
        actual: null,
        message: `The table has no primary key; the code expects (${e.columns.join(", ")}).`,
        fixSql: addConstraintSql(expected, primaryKeyClause(e)),
      }),
    ];
  }
  if (e === null && a !== null) {
    // Extra enforcement the code does not expect: like UNIQUE_EXTRA, a warning.
    return [
      finding("PRIMARY_KEY_MISMATCH", "warning", "primary_key", memberPath(tablePath, a.name), {
        expected: null,
        actual: a,
        message: `The database has a primary key (${a.columns.join(", ")}) the code does not expect.`,
        fixSql: dropConstraintSql(actual, a.name),
      }),
    ];
  }
  if (e === null || a === null) return [];
  if (sameList(e.columns, a.columns)) {
    // Primary keys match by columns; the name is compared only when the code gives one, and not
    // when the database's key carries the name of a unique constraint the code declares on the
    // same columns: PostgreSQL folds `PRIMARY KEY` + `UNIQUE` on one column list into the primary
    // key, under the unique's name (transformIndexConstraints).
    if (e.name === a.name || e.unnamed === true) return [];
    if (ownValue(expected.uniques, a.name) && sameList(expected.uniques[a.name]!.columns, a.columns)) return [];
    return [nameMismatch("primary_key", tablePath, e.name, a.name, renameConstraintSql(expected, a.name, e.name))];
  }
  return [
    finding("PRIMARY_KEY_MISMATCH", "error", "primary_key", memberPath(tablePath, e.name), {
      expected: e,
      actual: a,
      message: `The primary key is (${a.columns.join(", ")}) but the code expects (${e.columns.join(", ")}).`,
      fixSql: [dropConstraintSql(expected, a.name), addConstraintSql(expected, primaryKeyClause(e))].join("\n"),
    }),
  ];
}

export function nameMismatch(
  kind: "primary_key" | "unique" | "foreign_key" | "check" | "index",
  tablePath: string,
  expectedName: string,
  actualName: string,
  fixSql: string,
): Finding {
  return finding("NAME_MISMATCH", "info", kind, memberPath(tablePath, expectedName), {
    expected: expectedName,
    actual: actualName,
    message: `The database has the same ${kind.replace("_", " ")} under the name ${actualName}.`,
    fixSql,
  });
}

function sameReference(e: ForeignKeyDef, a: ForeignKeyDef): boolean {
  return sameList(e.columns, a.columns) && e.refSchema === a.refSchema && e.refTable === a.refTable && sameList(e.refColumns, a.refColumns);
}

const ACTS: ReadonlySet<ReferentialAction> = new Set(["cascade", "set null", "set default"]);
const BLOCKS: ReadonlySet<ReferentialAction> = new Set(["no action", "restrict"]);

/** The code expects the database to act (cascade, set null/default) where the database refuses. */
function stricter(e: ReferentialAction, a: ReferentialAction): boolean {
  return ACTS.has(e) && BLOCKS.has(a);
}

export function diffForeignKeys(expected: TableDef, actual: TableDef, tablePath: string): Finding[] {
  const findings: Finding[] = [];
  const matched = matchObjects(expected.foreignKeys, actual.foreignKeys, sameReference);
  const replace = (e: ForeignKeyDef, actualName: string): string =>
    [dropConstraintSql(expected, actualName), addConstraintSql(expected, foreignKeyClause(e))].join("\n");
  const actionCheck = (e: ForeignKeyDef, a: ForeignKeyDef): void => {
    if (e.onDelete === a.onDelete && e.onUpdate === a.onUpdate) return;
    const error = stricter(e.onDelete, a.onDelete) || stricter(e.onUpdate, a.onUpdate);
    findings.push(
      finding("FOREIGN_KEY_ACTION_MISMATCH", error ? "error" : "warning", "foreign_key", memberPath(tablePath, e.name), {
        expected: { onUpdate: e.onUpdate, onDelete: e.onDelete },
        actual: { onUpdate: a.onUpdate, onDelete: a.onDelete },
        message: error
          ? `The database restricts where the code expects ON DELETE ${e.onDelete} / ON UPDATE ${e.onUpdate}; the code's deletes or updates fail.`
          : `The database's referential actions (ON DELETE ${a.onDelete}, ON UPDATE ${a.onUpdate}) differ from the code's (ON DELETE ${e.onDelete}, ON UPDATE ${e.onUpdate}).`,
        fixSql: replace(e, a.name),
      }),
    );
  };
  for (const { name, expected: e, actual: a } of matched.byName) {
    if (sameReference(e, a)) {
      actionCheck(e, a);
      continue;
    }
    findings.push(
      finding("FOREIGN_KEY_MISSING", "warning", "foreign_key", memberPath(tablePath, name), {
        expected: e,
        actual: a,
        message: `Foreign key ${name} references ${a.refSchema}.${a.refTable}(${a.refColumns.join(", ")}) instead of ${e.refSchema}.${e.refTable}(${e.refColumns.join(", ")}); the expected integrity is not enforced.`,
        fixSql: replace(e, a.name),
      }),
    );
  }
  for (const { expected: e, actual: a, expectedName, actualName } of matched.byDefinition) {
    // Different actions too: the action finding's fix recreates the key under the expected name.
    if (e.onDelete !== a.onDelete || e.onUpdate !== a.onUpdate) actionCheck(e, a);
    else findings.push(nameMismatch("foreign_key", tablePath, expectedName, actualName, renameConstraintSql(expected, actualName, expectedName)));
  }
  for (const { name, expected: e } of matched.missing) {
    findings.push(
      finding("FOREIGN_KEY_MISSING", "warning", "foreign_key", memberPath(tablePath, name), {
        expected: e,
        actual: null,
        message: `Foreign key ${name} to ${e.refSchema}.${e.refTable} is absent; referential integrity is not enforced.`,
        fixSql: addConstraintSql(expected, foreignKeyClause(e)),
      }),
    );
  }
  for (const { name, actual: a } of matched.extra) {
    findings.push(
      finding("FOREIGN_KEY_EXTRA", "warning", "foreign_key", memberPath(tablePath, name), {
        expected: null,
        actual: a,
        message: `The database enforces a foreign key ${name} to ${a.refSchema}.${a.refTable} the code does not expect.`,
        fixSql: dropConstraintSql(actual, name),
      }),
    );
  }
  return findings;
}

export function diffChecks(expected: TableDef, actual: TableDef, tablePath: string): Finding[] {
  const findings: Finding[] = [];
  const options = { table: expected.name };
  const matched = matchObjects(
    expected.checks,
    actual.checks,
    (e, a) => expressionsEquivalent(e.definition, a.definition, options),
    (e, a) => compareExpressions(e.definition, a.definition, options) === "unsettled",
  );
  for (const { name, expected: e, actual: a } of matched.byName) {
    // Different or unsettled: CHECK_DEFINITION_MISMATCH is a warning either way.
    if (expressionsEquivalent(e.definition, a.definition, options)) continue;
    findings.push(
      finding("CHECK_DEFINITION_MISMATCH", "warning", "check", memberPath(tablePath, name), {
        expected: e.definition,
        actual: a.definition,
        message: `Check ${name} is ${a.definition} in the database but ${e.definition} in the code.`,
        fixSql: [dropConstraintSql(expected, name), addConstraintSql(expected, checkClause(e))].join("\n"),
      }),
    );
  }
  for (const { expectedName, actualName } of matched.byDefinition) {
    findings.push(nameMismatch("check", tablePath, expectedName, actualName, renameConstraintSql(expected, actualName, expectedName)));
  }
  for (const { expected: e, actual: a, expectedName, actualName } of matched.byPossibleDefinition) {
    findings.push(
      finding("CHECK_DEFINITION_MISMATCH", "warning", "check", memberPath(tablePath, expectedName), {
        expected: e.definition,
        actual: a.definition,
        message: `Check ${expectedName} exists as ${actualName} in the database, as ${a.definition}, which normalisation could not prove equal to the code's ${e.definition}.`,
        fixSql: [dropConstraintSql(expected, actualName), addConstraintSql(expected, checkClause(e))].join("\n"),
      }),
    );
  }
  for (const { name, expected: e } of matched.missing) {
    findings.push(
      finding("CHECK_MISSING", "warning", "check", memberPath(tablePath, name), {
        expected: e.definition,
        actual: null,
        message: `Check ${name} is absent; the database accepts values the code forbids.`,
        fixSql: addConstraintSql(expected, checkClause(e)),
      }),
    );
  }
  for (const { name, actual: a } of matched.extra) {
    findings.push(
      finding("CHECK_EXTRA", "warning", "check", memberPath(tablePath, name), {
        expected: null,
        actual: a.definition,
        message: `The database enforces a check ${name} the code does not expect; some writes may fail.`,
        fixSql: dropConstraintSql(actual, name),
      }),
    );
  }
  return findings;
}
