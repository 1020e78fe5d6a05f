/**
 * Unique constraints and indexes of a table present on both sides.
 *
 * Uniqueness is one requirement whether it is enforced by a UNIQUE constraint or a plain unique
 * index: ON CONFLICT (cols) and integrity work with either. So an expected unique constraint is
 * satisfied by a unique index on the same columns and vice versa — silently when the names are
 * equal, as NAME_MISMATCH (info) when they differ.
 */
import { indexKeySuffix, indexOrderSuffix, newRecord, ownValue, type IndexColumn, type IndexDef, type TableDef, type UniqueDef } from "../model.js";
import type { Finding } from "../findings.js";
import { compareExpressions, expressionKey, worseComparison, type ExpressionComparison } from "../expressions/index.js";
import { finding, memberPath } from "./finding.js";
import {
  addConstraintSql,
  createIndexSql,
  dropConstraintSql,
  dropIndexSql,
  renameConstraintSql,
  renameIndexSql,
  uniqueClause,
} from "./fix-sql.js";
import { nameMismatch } from "./constraints.js";
import { compareText, matchObjects, sameList } from "./matching.js";

/** Everything but expression texts, which are compared by `compareExpressions`. */
function sameShape(e: IndexDef, a: IndexDef): boolean {
  if (e.unique !== a.unique || e.nullsNotDistinct !== a.nullsNotDistinct || e.method !== a.method) return false;
  if ((e.where === null) !== (a.where === null) || e.columns.length !== a.columns.length) return false;
  if (!sameOptions(e.with, a.with) || !sameList(e.include ?? [], a.include ?? [])) return false;
  return e.columns.every((column, i) => {
    const other = a.columns[i]!;
    return (
      column.isExpression === other.isExpression &&
      column.opclass === other.opclass &&
      column.order === other.order &&
      column.nulls === other.nulls &&
      (column.isExpression || column.expression === other.expression)
    );
  });
}

/** "covers (…) (code: (…))" and/or the NULLS NOT DISTINCT difference of one unique constraint. */
function uniqueConstraintDifferences(e: UniqueDef, a: UniqueDef): string[] {
  const parts: string[] = [];
  if (!sameList(e.columns, a.columns)) parts.push(`covers (${a.columns.join(", ")}) (code: (${e.columns.join(", ")}))`);
  if (e.nullsNotDistinct !== a.nullsNotDistinct) parts.push(`${nullsText(a.nullsNotDistinct)} (code: ${nullsText(e.nullsNotDistinct)})`);
  return parts;
}

const nullsText = (nullsNotDistinct: boolean): string => (nullsNotDistinct ? "NULLS NOT DISTINCT" : "NULLs distinct");

/**
 * What differs between two definitions of one index, in words ("method gist (code: btree)"), so
 * a reader sees the difference without comparing two definitions by eye. Expression texts are
 * judged as compareIndex judges them: equal after normalisation is no difference, and one that
 * normalisation could not settle is said to "may differ".
 */
export function indexDifferences(e: IndexDef, a: IndexDef, table: string): string[] {
  const parts: string[] = [];
  // "<what> <the database's> (code: <the code's>)": short, since reports show the start of a message.
  const differ = (what: string, actual: string, expected: string): void => {
    if (actual !== expected) parts.push(`${what}${what ? " " : ""}${actual} (code: ${expected})`);
  };
  // Compares the bare expressions (as compareIndex does); `shown` only dresses them for the message.
  const expressionPart = (what: string, actual: string, expected: string, shown = (text: string) => text): void => {
    const comparison = compareExpressions(expected, actual, { table });
    if (comparison === "different") parts.push(`${what}: ${shown(actual)} (code: ${shown(expected)})`);
    else if (comparison === "unsettled") parts.push(`${what} may differ: ${shown(actual)} (code: ${shown(expected)})`);
  };
  differ("", a.unique ? "unique" : "not unique", e.unique ? "unique" : "not unique");
  differ("", nullsText(a.nullsNotDistinct), nullsText(e.nullsNotDistinct));
  differ("method", a.method, e.method);
  const sameKeys =
    e.columns.length === a.columns.length &&
    e.columns.every((c, i) => c.isExpression === a.columns[i]!.isExpression && (c.isExpression || c.expression === a.columns[i]!.expression));
  if (!sameKeys) {
    const keys = (index: IndexDef): string => `(${index.columns.map((c) => `${c.expression}${indexKeySuffix(c)}`).join(", ")})`;
    differ("keys", keys(a), keys(e));
  } else {
    e.columns.forEach((column, i) => {
      const other = a.columns[i]!;
      const key = column.isExpression ? `key ${i + 1}` : column.expression;
      if (column.isExpression) expressionPart(`expression of key ${i + 1}`, other.expression, column.expression);
      differ(`operator class of ${key}:`, other.opclass ?? "the default", column.opclass ?? "the default");
      differ(`order of ${key}:`, orderText(other), orderText(column));
    });
  }
  if (e.where === null || a.where === null) {
    differ("predicate", a.where === null ? "none" : `WHERE ${a.where}`, e.where === null ? "none" : `WHERE ${e.where}`);
  } else {
    expressionPart("predicate", a.where, e.where, (text) => `WHERE ${text}`);
  }
  if (!sameOptions(e.with, a.with)) differ("storage options", storageOptions(a.with), storageOptions(e.with));
  differ("included columns", includeText(a), includeText(e));
  return parts.length > 0 ? parts : ["expressions that normalisation could not prove equal"];
}

/** ASC, DESC, ASC NULLS FIRST or DESC NULLS LAST (NULLS only when not the order's default). */
function orderText(column: IndexColumn): string {
  return column.order.toUpperCase() + indexOrderSuffix(column).replace(/^ DESC/, "");
}

/** `INCLUDE (a, b)` or "none". */
function includeText(index: IndexDef): string {
  return index.include && index.include.length > 0 ? `INCLUDE (${index.include.join(", ")})` : "none";
}

function storageOptions(options: Record<string, string>): string {
  const entries = Object.entries(options);
  return entries.length === 0 ? "none" : `WITH (${entries.map(([key, value]) => `${key}=${value}`).join(", ")})`;
}

/** Same `WITH (…)` storage options, in any order (most indexes have none: no allocation then). */
function sameOptions(e: Record<string, string>, a: Record<string, string>): boolean {
  const keys = Object.keys(e);
  if (keys.length !== Object.keys(a).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(a, key) && a[key] === e[key]);
}

/** A shape difference is settled; expression texts may leave it "unsettled" (see expressions/index.ts). */
export function compareIndex(e: IndexDef, a: IndexDef, table: string): ExpressionComparison {
  if (!sameShape(e, a)) return "different";
  const options = { table };
  let result: ExpressionComparison = e.where !== null && a.where !== null ? compareExpressions(e.where, a.where, options) : "equal";
  for (let i = 0; i < e.columns.length && result !== "different"; i += 1) {
    const column = e.columns[i]!;
    if (column.isExpression) result = worseComparison(result, compareExpressions(column.expression, a.columns[i]!.expression, options));
  }
  return result;
}

/** The index without its INCLUDE columns: they are stored, not compared, so uniqueness does not depend on them. */
function keyPart(index: IndexDef): IndexDef {
  if (index.include === undefined) return index;
  const { include: _include, ...rest } = index;
  return rest;
}

export function sameIndex(e: IndexDef, a: IndexDef, table: string): boolean {
  return compareIndex(e, a, table) === "equal";
}

interface Uniqueness {
  name: string;
  source: "constraint" | "index";
  /** Definition key: equal keys enforce the same uniqueness. */
  key: string;
  constraint?: UniqueDef;
  index?: IndexDef;
}

function isPlainColumn(column: IndexColumn): boolean {
  return !column.isExpression && column.opclass === null && column.order === "asc" && column.nulls === "last";
}

function uniquenessKey(columns: string[], nullsNotDistinct: boolean): string {
  return JSON.stringify(["cols", columns, nullsNotDistinct]);
}

function indexUniqueness(index: IndexDef, table: string): Uniqueness {
  const plain =
    index.method === "btree" && index.where === null && Object.keys(index.with).length === 0 && index.columns.every(isPlainColumn);
  const key = plain
    ? uniquenessKey(
        index.columns.map((c) => c.expression),
        index.nullsNotDistinct,
      )
    : JSON.stringify([
        "index",
        index.method,
        index.nullsNotDistinct,
        Object.entries(index.with).sort(),
        index.where === null ? null : expressionKey(index.where, { table }),
        index.columns.map((c) => [c.isExpression ? expressionKey(c.expression, { table }) : c.expression, c.isExpression, c.opclass, c.order, c.nulls]),
      ]);
  return { name: index.name, source: "index", key, index };
}

function constraintUniqueness(unique: UniqueDef): Uniqueness {
  return { name: unique.name, source: "constraint", key: uniquenessKey(unique.columns, unique.nullsNotDistinct), constraint: unique };
}

export function diffUniquesAndIndexes(expected: TableDef, actual: TableDef, tablePath: string): Finding[] {
  const findings: Finding[] = [];
  const schema = expected.schema;

  // 1. Unique constraints with the same name (visiting order does not matter: findings are sorted at the end).
  for (const name in expected.uniques) {
    const e = expected.uniques[name]!;
    const a = ownValue(actual.uniques, name);
    if (!a) continue;
    if (sameList(e.columns, a.columns) && e.nullsNotDistinct === a.nullsNotDistinct) continue;
    findings.push(
      finding("UNIQUE_MISSING", "error", "unique", memberPath(tablePath, name), {
        expected: e,
        actual: a,
        message: `Unique constraint ${name} differs in the database: ${uniqueConstraintDifferences(e, a).join("; ")}.`,
        fixSql: [dropConstraintSql(expected, name), addConstraintSql(expected, uniqueClause(e))].join("\n"),
      }),
    );
  }

  // 2. Indexes with the same name.
  for (const name in expected.indexes) {
    const e = expected.indexes[name]!;
    const a = ownValue(actual.indexes, name);
    if (!a) continue;
    const comparison = compareIndex(e, a, expected.name);
    if (comparison === "equal") continue;
    const fixSql = [dropIndexSql(schema, name), createIndexSql(expected, e)].join("\n");
    // A settled difference (shape, or parsed expressions) proves the uniqueness the code expects is
    // not the one enforced; expression text normalisation could not settle is at most a warning.
    if (e.unique && comparison === "different" && compareIndex(keyPart(e), keyPart(a), expected.name) === "different") {
      findings.push(
        finding("UNIQUE_MISSING", "error", "unique", memberPath(tablePath, name), {
          expected: e,
          actual: a,
          message: `Unique index ${name} does not enforce the expected uniqueness: ${indexDifferences(e, a, expected.name).join("; ")}.`,
          fixSql,
        }),
      );
    } else {
      findings.push(
        finding("INDEX_DEFINITION_MISMATCH", "warning", "index", memberPath(tablePath, name), {
          expected: e,
          actual: a,
          message: `Index ${name} differs in the database: ${indexDifferences(e, a, expected.name).join("; ")}.`,
          fixSql,
        }),
      );
    }
  }

  // 3. Leftover uniqueness (not paired by name above), matched by definition across constraints
  // and unique indexes. Usually there is none: nothing is allocated then.
  const expectedLeft = leftoverUniqueness(expected, actual, expected.name);
  const actualLeft = leftoverUniqueness(actual, expected, expected.name);
  const taken = new Set<Uniqueness>();
  const primaryKeyKeys = new Set(
    actual.primaryKey ? [uniquenessKey(actual.primaryKey.columns, false), uniquenessKey(actual.primaryKey.columns, true)] : [],
  );
  for (const e of expectedLeft) {
    const candidates = actualLeft.filter(
      (a) => !taken.has(a) && (a.key === e.key || (e.index !== undefined && a.index !== undefined && sameIndex(e.index, a.index, expected.name))),
    );
    const match =
      candidates.find((a) => a.name === e.name) ?? candidates.find((a) => a.source === e.source) ?? candidates[0];
    // No unique constraint or index of its own: the primary key on the same columns enforces the
    // same uniqueness (its columns hold no NULLs, so NULLS [NOT] DISTINCT makes no difference).
    // PostgreSQL folds `PRIMARY KEY` + `UNIQUE` on one column list into the key at CREATE TABLE.
    if (!match && primaryKeyKeys.has(e.key)) continue;
    if (match) {
      taken.add(match);
      if (match.name !== e.name) {
        const fixSql =
          match.source === "index" ? renameIndexSql(schema, match.name, e.name) : renameConstraintSql(expected, match.name, e.name);
        findings.push(nameMismatch("unique", tablePath, e.name, match.name, fixSql));
      }
      continue;
    }
    // Under another name with expression text normalisation could not settle: a warning.
    const similar = e.index
      ? actualLeft.find((a) => !taken.has(a) && a.index !== undefined && compareIndex(e.index!, a.index, expected.name) === "unsettled")
      : undefined;
    if (e.index && similar) {
      taken.add(similar);
      findings.push(
        finding("INDEX_DEFINITION_MISMATCH", "warning", "index", memberPath(tablePath, e.name), {
          expected: e.index,
          actual: similar.index,
          message: `Unique index ${e.name} exists as ${similar.name} with expressions that may differ.`,
          fixSql: [dropIndexSql(schema, similar.name), createIndexSql(expected, e.index)].join("\n"),
        }),
      );
      continue;
    }
    findings.push(
      finding("UNIQUE_MISSING", "error", "unique", memberPath(tablePath, e.name), {
        expected: e.constraint ?? e.index,
        actual: null,
        message: `The uniqueness ${e.name} the code expects is not enforced; ON CONFLICT on it fails and duplicates are accepted.`,
        fixSql: e.constraint ? addConstraintSql(expected, uniqueClause(e.constraint)) : createIndexSql(expected, e.index!),
      }),
    );
  }
  for (const a of actualLeft) {
    if (taken.has(a)) continue;
    findings.push(
      finding("UNIQUE_EXTRA", "warning", "unique", memberPath(tablePath, a.name), {
        expected: null,
        actual: a.constraint ?? a.index,
        message: `The database enforces a uniqueness ${a.name} the code does not expect; some writes may fail.`,
        fixSql: a.constraint ? dropConstraintSql(actual, a.name) : dropIndexSql(actual.schema, a.name),
      }),
    );
  }

  // 4. Leftover non-unique indexes (not paired by name above).
  const matched = matchObjects(
    leftoverPlainIndexes(expected, actual),
    leftoverPlainIndexes(actual, expected),
    (e, a) => sameIndex(e, a, expected.name),
    (e, a) => compareIndex(e, a, expected.name) === "unsettled",
  );
  for (const { expectedName, actualName } of matched.byDefinition) {
    findings.push(nameMismatch("index", tablePath, expectedName, actualName, renameIndexSql(schema, actualName, expectedName)));
  }
  for (const { expected: e, actual: a, expectedName, actualName } of matched.byPossibleDefinition) {
    findings.push(
      finding("INDEX_DEFINITION_MISMATCH", "warning", "index", memberPath(tablePath, expectedName), {
        expected: e,
        actual: a,
        message: `Index ${expectedName} exists as ${actualName} with expressions that may differ: ${indexDifferences(e, a, expected.name).join("; ")}.`,
        fixSql: [dropIndexSql(schema, actualName), createIndexSql(expected, e)].join("\n"),
      }),
    );
  }
  for (const { name, expected: e } of matched.missing) {
    findings.push(
      finding("INDEX_MISSING", "warning", "index", memberPath(tablePath, name), {
        expected: e,
        actual: null,
        message: `Index ${name} is absent; queries that rely on it may be slow.`,
        fixSql: createIndexSql(expected, e),
      }),
    );
  }
  for (const { name, actual: a } of matched.extra) {
    findings.push(
      finding("INDEX_EXTRA", "info", "index", memberPath(tablePath, name), {
        expected: null,
        actual: a,
        message: `The database has an index ${name} the code does not declare.`,
        fixSql: null,
      }),
    );
  }
  return findings;
}

const hasOwn = (record: object, key: string): boolean => Object.prototype.hasOwnProperty.call(record, key);

/** `table`'s unique constraints and unique indexes whose names `other` lacks, by name then source. */
function leftoverUniqueness(table: TableDef, other: TableDef, tableName: string): Uniqueness[] {
  const left: Uniqueness[] = [];
  for (const name in table.uniques) if (!hasOwn(other.uniques, name)) left.push(constraintUniqueness(table.uniques[name]!));
  for (const name in table.indexes) {
    const index = table.indexes[name]!;
    if (index.unique && !hasOwn(other.indexes, name)) left.push(indexUniqueness(index, tableName));
  }
  if (left.length > 1) left.sort((x, y) => compareText(x.name, y.name) || compareText(x.source, y.source));
  return left;
}

/** `table`'s non-unique indexes whose names `other` lacks. */
function leftoverPlainIndexes(table: TableDef, other: TableDef): Record<string, IndexDef> {
  const left = newRecord<IndexDef>();
  for (const name in table.indexes) {
    const index = table.indexes[name]!;
    if (!index.unique && !hasOwn(other.indexes, name)) left[name] = index;
  }
  return left;
}
