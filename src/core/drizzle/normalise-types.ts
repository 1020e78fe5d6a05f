/**
 * Column types: drizzle-kit's spelling → `format_type(atttypid, atttypmod)` with an empty
 * search_path. Array dimensions are dropped (`integer[][]` → `integer[]`: PostgreSQL does not
 * record them). User types (enums) are schema-qualified; extension types (pgvector, PostGIS)
 * are assumed to live in `public`, where `CREATE EXTENSION` puts them by default.
 */
import { quoteIdentifier, quoteQualified } from "./normalise-names.js";

export interface NormalisedType {
  /** The full format_type() spelling, e.g. `character varying(255)[]`. */
  type: string;
  /** The element type without typmod: what a literal default is cast to (`format_type(oid, -1)`). */
  baseType: string;
  /** Spelling of `baseType` with `[]` appended when the column is an array. */
  castType: string;
  isArray: boolean;
  /** Canonical name of the element type without typmod, for value normalisation (`integer`, `text`, `enum`, …). */
  kind: string;
  /** serial / bigserial / smallserial. */
  serial: boolean;
}

const SIMPLE: Record<string, string> = {
  int: "integer",
  int4: "integer",
  integer: "integer",
  int2: "smallint",
  smallint: "smallint",
  int8: "bigint",
  bigint: "bigint",
  serial: "integer",
  serial4: "integer",
  bigserial: "bigint",
  serial8: "bigint",
  smallserial: "smallint",
  serial2: "smallint",
  text: "text",
  boolean: "boolean",
  bool: "boolean",
  real: "real",
  float4: "real",
  "double precision": "double precision",
  float8: "double precision",
  date: "date",
  json: "json",
  jsonb: "jsonb",
  uuid: "uuid",
  inet: "inet",
  cidr: "cidr",
  macaddr: "macaddr",
  macaddr8: "macaddr8",
  point: "point",
  line: "line",
  lseg: "lseg",
  box: "box",
  path: "path",
  polygon: "polygon",
  circle: "circle",
  bytea: "bytea",
  money: "money",
  xml: "xml",
  tsvector: "tsvector",
  tsquery: "tsquery",
  citext: "public.citext",
  oid: "oid",
};

const SERIALS = new Set(["serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"]);

/** Types that belong to an extension installed (by default) in `public`. */
const EXTENSION_TYPES = new Set(["vector", "halfvec", "sparsevec", "geometry", "geography"]);

/**
 * @param snapshotType drizzle-kit's `type` (may end in `[]`, may be quoted)
 * @param typeSchema   drizzle-kit's `typeSchema` for enums, else undefined
 */
export function normaliseType(snapshotType: string, typeSchema?: string): NormalisedType {
  // A schema repeats the same few types thousands of times: normalise each spelling once.
  const key = typeSchema ? `${typeSchema}\u0000${snapshotType}` : snapshotType;
  let known = TYPE_CACHE.get(key);
  if (known === undefined) {
    if (TYPE_CACHE.size >= TYPE_CACHE_LIMIT) TYPE_CACHE.clear();
    known = Object.freeze(normaliseTypeUncached(snapshotType, typeSchema));
    TYPE_CACHE.set(key, known);
  }
  return known;
}

/** Normalised types by spelling (and type schema); cleared when full, so it never grows without bound. */
const TYPE_CACHE = new Map<string, Readonly<NormalisedType>>();
const TYPE_CACHE_LIMIT = 4096;

function normaliseTypeUncached(snapshotType: string, typeSchema?: string): NormalisedType {
  let raw = snapshotType.trim();
  let isArray = false;
  while (raw.endsWith("[]")) {
    raw = raw.slice(0, -2).trimEnd();
    isArray = true;
  }
  // drizzle-kit writes `[3]`-style dimensions in some versions: PostgreSQL ignores them too.
  raw = raw.replace(/(\[\d*\])+$/, "");
  if (typeSchema !== undefined && typeSchema !== "") {
    const name = unquote(raw);
    const base = quoteQualified(typeSchema, name);
    return finish(base, base, "enum", isArray, false);
  }
  const { type, base, kind } = normaliseScalar(raw);
  return finish(type, base, kind, isArray, SERIALS.has(raw.toLowerCase()));
}

function finish(type: string, base: string, kind: string, isArray: boolean, serial: boolean): NormalisedType {
  return {
    type: isArray ? `${type}[]` : type,
    baseType: base,
    castType: isArray ? `${base}[]` : base,
    isArray,
    kind,
    serial,
  };
}

function unquote(name: string): string {
  return name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name;
}

/** Collapse spaces around parentheses and after commas: `numeric(10, 2)` → `numeric(10,2)`. */
function compact(text: string): string {
  return text
    .replace(/\s*\(\s*/g, "(")
    .replace(/\s*\)/g, ")")
    .replace(/\s*,\s*/g, ",")
    .replace(/\s+/g, " ")
    .trim();
}

function normaliseScalar(raw: string): { type: string; base: string; kind: string } {
  const lowered = compact(unquote(raw).toLowerCase());
  // Own entries only: a custom type named `constructor` must not find Object's.
  const simple = Object.prototype.hasOwnProperty.call(SIMPLE, lowered) ? SIMPLE[lowered] : undefined;
  if (simple !== undefined) return { type: simple, base: simple, kind: simple };

  let match: RegExpMatchArray | null;
  if ((match = lowered.match(/^(?:varchar|character varying)(?:\((\d+)\))?$/))) {
    return { type: match[1] ? `character varying(${match[1]})` : "character varying", base: "character varying", kind: "character varying" };
  }
  if ((match = lowered.match(/^(?:char|character|bpchar)(?:\((\d+)\))?$/))) {
    // `char` alone means char(1); `bpchar` alone is the unlimited blank-padded type.
    const length = match[1] ?? (lowered === "bpchar" ? null : "1");
    return { type: length ? `character(${length})` : "bpchar", base: "bpchar", kind: "bpchar" };
  }
  if ((match = lowered.match(/^(?:numeric|decimal)(?:\((\d+)(?:,(-?\d+))?\))?$/))) {
    const type = match[1] ? `numeric(${match[1]},${match[2] ?? "0"})` : "numeric";
    return { type, base: "numeric", kind: "numeric" };
  }
  if ((match = lowered.match(/^(timestamp|time)(?:\((\d+)\))?(?: (with|without) time zone)?$/))) {
    const zone = match[3] === "with" ? "with time zone" : "without time zone";
    const name = match[1]!;
    return {
      type: `${name}${match[2] !== undefined ? `(${match[2]})` : ""} ${zone}`,
      base: `${name} ${zone}`,
      kind: `${name} ${zone}`,
    };
  }
  if ((match = lowered.match(/^(timestamptz|timetz)(?:\((\d+)\))?$/))) {
    const name = match[1] === "timestamptz" ? "timestamp" : "time";
    return {
      type: `${name}${match[2] !== undefined ? `(${match[2]})` : ""} with time zone`,
      base: `${name} with time zone`,
      kind: `${name} with time zone`,
    };
  }
  if ((match = lowered.match(/^interval(?: (year|month|day|hour|minute|second|year to month|day to hour|day to minute|day to second|hour to minute|hour to second|minute to second))?(?:\((\d+)\))?$/))) {
    const fields = match[1] ? ` ${match[1]}` : "";
    const precision = match[2] !== undefined ? `(${match[2]})` : "";
    return { type: `interval${fields}${precision}`, base: "interval", kind: "interval" };
  }
  if ((match = lowered.match(/^(?:bit varying|varbit)(?:\((\d+)\))?$/))) {
    return { type: match[1] ? `bit varying(${match[1]})` : "bit varying", base: "bit varying", kind: "bit varying" };
  }
  if ((match = lowered.match(/^bit(?:\((\d+)\))?$/))) {
    return { type: `bit(${match[1] ?? "1"})`, base: '"bit"', kind: "bit" };
  }
  if ((match = lowered.match(/^(?:float|double)(?:\((\d+)\))?$/))) {
    // float(p): p ≤ 24 is real, else double precision.
    const type = match[1] !== undefined && Number(match[1]) <= 24 ? "real" : "double precision";
    return { type, base: type, kind: type };
  }
  if ((match = lowered.match(/^(vector|halfvec|sparsevec)(?:\((\d+)\))?$/))) {
    const base = `public.${match[1]}`;
    return { type: match[2] ? `${base}(${match[2]})` : base, base, kind: match[1]! };
  }
  if ((match = lowered.match(/^(geometry|geography)(?:\((\w+)(?:,(\d+))?\))?$/))) {
    // PostGIS's typmod output capitalises the shape: `geometry(Point,4326)`.
    const base = `public.${match[1]}`;
    if (!match[2]) return { type: base, base, kind: match[1]! };
    const shape = postgisShape(match[2]);
    return { type: `${base}(${shape}${match[3] && match[3] !== "0" ? `,${match[3]}` : ""})`, base, kind: match[1]! };
  }
  if (EXTENSION_TYPES.has(lowered)) return { type: `public.${lowered}`, base: `public.${lowered}`, kind: lowered };
  // Anything else (a domain, a custom type drizzle-kit knows only by name): keep it, quoted as
  // format_type would quote a name, and let the comparison report it if it differs.
  const name = unquote(raw);
  const spelled = /^[a-z_][a-z0-9_ ]*(\(.*\))?$/.test(lowered) && name === name.toLowerCase() ? lowered : quoteIdentifier(name);
  return { type: spelled, base: spelled.replace(/\(.*\)$/, ""), kind: spelled };
}

const POSTGIS_SHAPES = [
  "Point",
  "LineString",
  "Polygon",
  "MultiPoint",
  "MultiLineString",
  "MultiPolygon",
  "GeometryCollection",
  "CircularString",
  "CompoundCurve",
  "CurvePolygon",
  "MultiCurve",
  "MultiSurface",
  "PolyhedralSurface",
  "Triangle",
  "Tin",
  "Geometry",
];

function postgisShape(shape: string): string {
  const suffix = shape.match(/(zm|z|m)$/i)?.[0] ?? "";
  const core = shape.slice(0, shape.length - suffix.length);
  const known = POSTGIS_SHAPES.find((candidate) => candidate.toLowerCase() === core.toLowerCase());
  return (known ?? core) + suffix.toUpperCase();
}
