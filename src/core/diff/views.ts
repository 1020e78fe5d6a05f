/** Views and materialized views. */
import type { ViewDef } from "../model.js";
import type { Finding } from "../findings.js";
import { compareExpressions } from "../expressions/index.js";
import { finding } from "./finding.js";
import { createViewSql, dropViewSql } from "./fix-sql.js";

export function viewMissing(path: string, view: ViewDef): Finding {
  return finding("VIEW_MISSING", "error", "view", path, {
    expected: view,
    actual: null,
    message: `${view.materialized ? "Materialized view" : "View"} ${view.name} does not exist in the database; queries on it fail.`,
    fixSql: createViewSql(view),
  });
}

export function viewExtra(path: string, view: ViewDef): Finding {
  return finding("VIEW_EXTRA", "info", "view", path, {
    expected: null,
    actual: view,
    message: `The database has a ${view.materialized ? "materialized view" : "view"} ${view.name} the code does not know.`,
    fixSql: null,
  });
}

/**
 * The view's columns are a requirement, not a list to match: the code can select only the
 * columns it expects, so each must exist; more columns harm nobody. (drizzle-kit's snapshot also
 * leaves out fields declared as `sql\`…\`.as("alias")`, so the database legitimately has more.)
 */
/**
 * The definition text must compare "equal". An "unsettled" one (only the lenient token comparison
 * matches: e.g. `SELECT users.name … JOIN orders` vs `SELECT orders.name …`) is reported too; the
 * finding is a warning either way (DESIGN.md). The strict token comparison settles PostgreSQL's
 * reprinting of drizzle-kit's view SQL (qualifiers of a single-table SELECT, WHERE / ON
 * conditions parsed as trees, `INNER JOIN` → `JOIN`), which the round-trip fixtures prove.
 */
export function diffView(expected: ViewDef, actual: ViewDef, path: string): Finding[] {
  const missingColumns = expected.columns.filter((c) => !actual.columns.includes(c));
  const same =
    expected.materialized === actual.materialized &&
    missingColumns.length === 0 &&
    compareExpressions(expected.definition, actual.definition) === "equal";
  if (same) return [];
  return [
    finding("VIEW_DEFINITION_MISMATCH", "warning", "view", path, {
      expected: expected,
      actual: actual,
      message:
        missingColumns.length > 0
          ? `View ${expected.name} lacks column${missingColumns.length === 1 ? "" : "s"} ${missingColumns.join(", ")} and differs from the code's definition.`
          : `View ${expected.name} is defined differently in the database.`,
      // CREATE OR REPLACE cannot drop or reorder columns; recreate.
      fixSql: [dropViewSql(actual), createViewSql(expected)].join("\n"),
    }),
  ];
}
