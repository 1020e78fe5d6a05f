/**
 * diffSchemas: expected (the code) vs actual (the database) → findings with DESIGN.md's codes
 * and context-dependent severities. `pendingMigration` is left null (policy.ts attributes it).
 *
 * Decisions (see also the file comments of each stage):
 *  - A missing table yields TABLE_MISSING only; its CREATE TABLE fix carries everything inside.
 *  - `public` is never reported as SCHEMA_MISSING/EXTRA: every database has it, and the model
 *    lists it only when it holds something.
 *  - `tablesFilter` (drizzle config globs on table names, `!` negates) limits tables and views.
 *  - Sequence option differences have no code in DESIGN.md and are not reported.
 */
import type { CanonicalSchema } from "../model.js";
import type { DefaultOpclasses } from "../introspect/types.js";
import { withDefaultOpclasses } from "./default-opclasses.js";
import type { Finding } from "../findings.js";
import { compareFindings } from "../policy.js";
import { compareText, tableFilter } from "./matching.js";
import { diffTable, tableExtra, tableMissing } from "./tables.js";
import { diffEnum, enumExtra, enumMissing } from "./enums.js";
import { diffView, viewExtra, viewMissing } from "./views.js";
import { schemaExtra, schemaMissing, sequenceExtra, sequenceMissing } from "./schemas.js";

export interface DiffOptions {
  /** drizzle config `tablesFilter`: globs on table (and view) names; others are left out. */
  tablesFilter?: string[];
  /** The database's default operator classes (introspection): written defaults compare as none. */
  defaultOpclasses?: DefaultOpclasses;
}

export function diffSchemas(expectedAsWritten: CanonicalSchema, actual: CanonicalSchema, options: DiffOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const expected = withDefaultOpclasses(expectedAsWritten, options.defaultOpclasses);
  const keep = tableFilter(options.tablesFilter);

  const expectedSchemas = schemaNames(expected);
  const actualSchemas = schemaNames(actual);
  for (const name of [...expectedSchemas].sort(compareText)) {
    if (name !== "public" && !actualSchemas.has(name)) findings.push(schemaMissing(name));
  }
  for (const name of [...actualSchemas].sort(compareText)) {
    if (name !== "public" && !expectedSchemas.has(name)) findings.push(schemaExtra(name));
  }

  compareRecords(expected.enums, actual.enums, () => true, findings, enumMissing, enumExtra, diffEnum);
  compareRecords(expected.sequences, actual.sequences, () => true, findings, sequenceMissing, sequenceExtra, () => []);
  compareRecords(expected.tables, actual.tables, (t) => keep(t.name), findings, tableMissing, tableExtra, diffTable);
  compareRecords(expected.views, actual.views, (v) => keep(v.name), findings, viewMissing, viewExtra, diffView);

  return findings.sort(compareFindings);
}

/** Schemas named in the model or holding any object. */
function schemaNames(schema: CanonicalSchema): Set<string> {
  const names = new Set(schema.schemas);
  for (const record of [schema.enums, schema.sequences, schema.tables, schema.views] as Record<string, { schema: string }>[]) {
    for (const key in record) names.add(record[key]!.schema);
  }
  return names;
}

function compareRecords<T>(
  expected: Record<string, T>,
  actual: Record<string, T>,
  include: (object: T) => boolean,
  findings: Finding[],
  missing: (path: string, object: T) => Finding,
  extra: (path: string, object: T) => Finding,
  compare: (expected: T, actual: T, path: string) => Finding[],
): void {
  // Visiting order does not matter: diffSchemas sorts the findings.
  for (const key in expected) {
    const e = expected[key]!;
    const a = Object.prototype.hasOwnProperty.call(actual, key) ? actual[key] : undefined;
    if (!include(e)) continue;
    if (a === undefined) findings.push(missing(key, e));
    else if (include(a)) findings.push(...compare(e, a, key));
  }
  for (const key in actual) {
    if (Object.prototype.hasOwnProperty.call(expected, key)) continue;
    const a = actual[key]!;
    if (include(a)) findings.push(extra(key, a));
  }
}
