/** Schemas and stand-alone sequences. */
import type { SequenceDef } from "../model.js";
import type { Finding } from "../findings.js";
import { finding } from "./finding.js";
import { createSchemaSql, createSequenceSql } from "./fix-sql.js";

export function schemaMissing(name: string): Finding {
  return finding("SCHEMA_MISSING", "error", "schema", name, {
    expected: name,
    actual: null,
    message: `Schema ${name} does not exist in the database.`,
    fixSql: createSchemaSql(name),
  });
}

export function schemaExtra(name: string): Finding {
  return finding("SCHEMA_EXTRA", "info", "schema", name, {
    expected: null,
    actual: name,
    message: `The database has a schema ${name} the code does not know.`,
    fixSql: null,
  });
}

export function sequenceMissing(path: string, def: SequenceDef): Finding {
  return finding("SEQUENCE_MISSING", "error", "sequence", path, {
    expected: def,
    actual: null,
    message: `Sequence ${def.name} does not exist in the database; nextval() on it fails.`,
    fixSql: createSequenceSql(def),
  });
}

export function sequenceExtra(path: string, def: SequenceDef): Finding {
  return finding("SEQUENCE_EXTRA", "info", "sequence", path, {
    expected: null,
    actual: def,
    message: `The database has a sequence ${def.name} the code does not know.`,
    fixSql: null,
  });
}
