/**
 * Operator classes as PostgreSQL prints them: `pg_get_indexdef` leaves out an opclass that is the
 * default for the key's type under the index's access method (GetDefaultOpClass), and the model
 * stores null for it. A snapshot records whatever the code wrote with `.op(…)` — and drizzle-kit
 * insists on `.op(…)` for pgvector columns, so `ivfflat (embedding vector_l2_ops)` is written
 * out although PostgreSQL prints `ivfflat (embedding)`.
 *
 * The snapshot side cannot ask the database which opclass is the default, so this is the
 * catalog's answer for the types drizzle can declare (pg_opclass.opcdefault on PostgreSQL 14–17,
 * pgvector 0.8, PostGIS 3). test/pg/drizzle-default-opclasses.test.ts checks every entry against
 * real servers. An opclass not listed here, or on an expression key (whose type the snapshot does
 * not know), is kept as written; if it is in fact a default, the check reports an index
 * difference the user can silence by removing the redundant `.op(…)`.
 */

/** method → column type (canonical spelling without modifiers or schema) → default opclass. */
export const DEFAULT_OPCLASSES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  btree: {
    smallint: "int2_ops",
    integer: "int4_ops",
    bigint: "int8_ops",
    numeric: "numeric_ops",
    real: "float4_ops",
    "double precision": "float8_ops",
    text: "text_ops",
    "character varying": "text_ops",
    character: "bpchar_ops",
    boolean: "bool_ops",
    uuid: "uuid_ops",
    date: "date_ops",
    "timestamp without time zone": "timestamp_ops",
    "timestamp with time zone": "timestamptz_ops",
    "time without time zone": "time_ops",
    interval: "interval_ops",
    bytea: "bytea_ops",
    jsonb: "jsonb_ops",
    inet: "inet_ops",
    "[]": "array_ops",
    vector: "vector_ops",
    halfvec: "halfvec_ops",
    sparsevec: "sparsevec_ops",
  },
  hash: {
    smallint: "int2_ops",
    integer: "int4_ops",
    bigint: "int8_ops",
    numeric: "numeric_ops",
    text: "text_ops",
    "character varying": "text_ops",
    character: "bpchar_ops",
    boolean: "bool_ops",
    uuid: "uuid_ops",
    date: "date_ops",
    "timestamp without time zone": "timestamp_ops",
    "timestamp with time zone": "timestamptz_ops",
    interval: "interval_ops",
    bytea: "bytea_ops",
    jsonb: "jsonb_ops",
  },
  gin: {
    jsonb: "jsonb_ops",
    tsvector: "tsvector_ops",
    "[]": "array_ops",
  },
  gist: {
    tsvector: "tsvector_ops",
    geometry: "gist_geometry_ops_2d",
    geography: "gist_geography_ops",
  },
  brin: {
    integer: "int4_minmax_ops",
    bigint: "int8_minmax_ops",
    numeric: "numeric_minmax_ops",
    text: "text_minmax_ops",
    uuid: "uuid_minmax_ops",
    date: "date_minmax_ops",
    "timestamp without time zone": "timestamp_minmax_ops",
    "timestamp with time zone": "timestamptz_minmax_ops",
  },
  spgist: {
    text: "text_ops",
  },
  // pgvector: hnsw has no default opclass at all; ivfflat's is L2 distance on vector.
  ivfflat: {
    vector: "vector_l2_ops",
  },
};

/** Types an extension installs; the snapshot normaliser qualifies them with `public.`. */
const EXTENSION_SCHEMA_PREFIX = /^public\.(vector|halfvec|sparsevec|geometry|geography)\b/;

/** `public.vector(3)` → `vector`, `timestamp(3) with time zone` → `timestamp with time zone`, `text[]` → `[]`. */
export function opclassTypeKey(columnType: string): string {
  if (columnType.endsWith("[]")) return "[]";
  return columnType.replace(EXTENSION_SCHEMA_PREFIX, "$1").replace(/\([^)]*\)/g, "").replace(/\s+/g, " ").trim();
}

/**
 * The opclass as the model stores it: null when `written` is absent or is the default for a
 * column of `columnType` under `method`; `columnType` is null for expression keys.
 */
export function normaliseOpclass(written: string | undefined, method: string, columnType: string | null): string | null {
  if (!written) return null;
  const opclass = written.replace(/^(public|pg_catalog)\./, "");
  if (columnType === null) return opclass;
  return DEFAULT_OPCLASSES[method]?.[opclassTypeKey(columnType)] === opclass ? null : opclass;
}
