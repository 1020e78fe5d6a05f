/**
 * Rendering values and names as SQL text. The node-postgres adapter inlines every parameter
 * through `quoteLiteral` (the whole batch travels as one simple-protocol message), and fix SQL
 * names objects through `quoteIdent`.
 */
import { DriftcheckError } from "../errors.js";

/**
 * A string literal, or `NULL`. Quotes are doubled. A value containing a backslash is written as
 * `E'...'` with backslashes doubled, which means the same text whatever the server's
 * `standard_conforming_strings` says (it is on by default since 9.1, but the lexer reads the
 * setting before any statement of a batch runs, so we cannot set it ourselves).
 * NUL bytes cannot be stored in PostgreSQL text at all: they are rejected.
 */
export function quoteLiteral(value: string | null): string {
  if (value === null) return "NULL";
  if (value.includes("\u0000")) {
    throw new DriftcheckError("user", "A text value contains a NUL byte (\\0), which PostgreSQL text cannot hold.", {
      hint: "Remove the NUL character from the value.",
    });
  }
  const doubled = value.replace(/'/g, "''");
  if (!value.includes("\\")) return `'${doubled}'`;
  return `E'${doubled.replace(/\\/g, "\\\\")}'`;
}

/**
 * An identifier as PostgreSQL's own `quote_ident` writes it: bare when it is lowercase
 * letters, digits and `_`, does not start with a digit and is not a keyword
 * that needs quoting; otherwise in double quotes with `"` doubled.
 */
export function quoteIdent(name: string): string {
  if (name.includes("\u0000")) {
    throw new DriftcheckError("user", "An identifier contains a NUL byte (\\0).", { hint: "Remove the NUL character from the name." });
  }
  if (/^[a-z_][a-z0-9_]*$/.test(name) && !QUOTED_KEYWORDS.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name` with each part quoted as needed. */
export function quoteQualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

/**
 * Keywords `quote_ident` quotes: every category except "unreserved" (reserved,
 * column-name and type/function-name keywords), from `pg_get_keywords()` on PostgreSQL 18,
 * a superset of the earlier majors' lists (quoting one extra word is harmless).
 */
export const QUOTED_KEYWORDS: ReadonlySet<string> = new Set([
  "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between",
  "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce",
  "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog",
  "current_date", "current_role", "current_schema", "current_time", "current_timestamp", "current_user",
  "dec", "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists",
  "extract", "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant", "greatest",
  "group", "grouping", "having", "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect",
  "interval", "into", "is", "isnull", "join", "json", "json_array", "json_arrayagg", "json_exists",
  "json_object", "json_objectagg", "json_query", "json_scalar", "json_serialize", "json_table", "json_value",
  "lateral", "leading", "least", "left", "like", "limit", "localtime", "localtimestamp", "merge_action",
  "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric",
  "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing", "position",
  "precision", "primary", "real", "references", "returning", "right", "row", "select", "session_user",
  "setof", "similar", "smallint", "some", "substring", "symmetric", "system_user", "table", "tablesample",
  "then", "time", "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique", "user", "using",
  "values", "varchar", "variadic", "verbose", "when", "where", "window", "with", "xmlattributes",
  "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot",
  "xmlserialize", "xmltable",
]);
