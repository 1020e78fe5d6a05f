/** Enums: missing, extra, and their values (missing values are writes that fail). */
import type { EnumDef } from "../model.js";
import type { Finding } from "../findings.js";
import { finding } from "./finding.js";
import { addEnumValuesSql, createEnumSql } from "./fix-sql.js";
import { sameList } from "./matching.js";

export function enumMissing(path: string, def: EnumDef): Finding {
  return finding("ENUM_MISSING", "error", "enum", path, {
    expected: def,
    actual: null,
    message: `Enum type ${def.name} does not exist in the database.`,
    fixSql: createEnumSql(def),
  });
}

export function enumExtra(path: string, def: EnumDef): Finding {
  return finding("ENUM_EXTRA", "info", "enum", path, {
    expected: null,
    actual: def,
    message: `The database has an enum type ${def.name} the code does not know.`,
    fixSql: null,
  });
}

/** One finding per code and enum (listing every value), so reports stay short and stable. */
export function diffEnum(expected: EnumDef, actual: EnumDef, path: string): Finding[] {
  const findings: Finding[] = [];
  const actualSet = new Set(actual.values);
  const expectedSet = new Set(expected.values);
  const missing = expected.values.filter((v) => !actualSet.has(v));
  const extra = actual.values.filter((v) => !expectedSet.has(v));
  if (missing.length > 0) {
    findings.push(
      finding("ENUM_VALUE_MISSING", "error", "enum", path, {
        expected: expected.values,
        actual: actual.values,
        message: `Enum ${expected.name} lacks ${missing.map((v) => `'${v}'`).join(", ")}; writing ${missing.length === 1 ? "it" : "them"} fails.`,
        fixSql: addEnumValuesSql(expected, actual.values),
      }),
    );
  }
  if (extra.length > 0) {
    findings.push(
      finding("ENUM_VALUE_EXTRA", "warning", "enum", path, {
        expected: expected.values,
        actual: actual.values,
        message: `Enum ${expected.name} has ${extra.map((v) => `'${v}'`).join(", ")} in the database, unknown to the code; reads may return ${extra.length === 1 ? "it" : "them"}.`,
        // PostgreSQL cannot drop an enum value.
        fixSql: null,
      }),
    );
  }
  const commonExpected = expected.values.filter((v) => actualSet.has(v));
  const commonActual = actual.values.filter((v) => expectedSet.has(v));
  if (!sameList(commonExpected, commonActual)) {
    findings.push(
      finding("ENUM_ORDER_MISMATCH", "info", "enum", path, {
        expected: expected.values,
        actual: actual.values,
        message: `Enum ${expected.name} orders its values differently; ORDER BY and comparisons on it differ.`,
        // PostgreSQL cannot reorder enum values.
        fixSql: null,
      }),
    );
  }
  return findings;
}
