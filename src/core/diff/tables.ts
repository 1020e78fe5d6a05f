/** Tables: missing (one finding, not one per column), extra, and everything inside a table on both sides. */
import type { TableDef } from "../model.js";
import type { Finding } from "../findings.js";
import { finding } from "./finding.js";
import { createTableSql } from "./fix-sql.js";
import { diffColumns } from "./columns.js";
import { diffChecks, diffForeignKeys, diffPrimaryKey } from "./constraints.js";
import { diffUniquesAndIndexes } from "./indexes.js";
import { diffPolicies, diffRowLevelSecurity } from "./policies.js";

export function tableMissing(path: string, table: TableDef): Finding {
  return finding("TABLE_MISSING", "error", "table", path, {
    expected: table,
    actual: null,
    message: `Table ${table.name} does not exist in the database; every query on it fails.`,
    fixSql: createTableSql(table),
  });
}

export function tableExtra(path: string, table: TableDef): Finding {
  return finding("TABLE_EXTRA", "info", "table", path, {
    expected: null,
    actual: table,
    message: `The database has a table ${table.name} the code does not know (harmless in an expand phase).`,
    fixSql: null,
  });
}

export function diffTable(expected: TableDef, actual: TableDef, path: string): Finding[] {
  return [
    ...diffColumns(expected, actual, path),
    ...diffPrimaryKey(expected, actual, path),
    ...diffUniquesAndIndexes(expected, actual, path),
    ...diffForeignKeys(expected, actual, path),
    ...diffChecks(expected, actual, path),
    ...diffRowLevelSecurity(expected, actual, path),
    ...diffPolicies(expected, actual, path),
  ];
}
