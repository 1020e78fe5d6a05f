/**
 * Column defaults: drizzle-kit's snapshot value (SQL text, or a JSON number/boolean) →
 * `pg_get_expr(adbin, adrelid)` with an empty search_path.
 *
 * What PostgreSQL stores for `DEFAULT <expr>` is the expression coerced to the column type; the
 * coercion is implicit and not printed, so what shows is the constant as parsed:
 *  - an untyped literal `'abc'` becomes a constant of the column's type, printed with its output
 *    function and a cast to the type without typmod: `'abc'::text`, `'x'::character varying`,
 *    `'{a,b}'::text[]`, `'ok'::public.mood`; integers are the exception (`5`, not `'5'::integer`).
 *  - a bare number is an int4 (`5`, negative `'-1'::integer`), an int8 when it does not fit
 *    (`'9999999999'::bigint`), else numeric (`1.5`, `'-1.5'::numeric`, `'1000'::numeric`: a
 *    numeric prints bare only when it starts with a digit and has a point, so it cannot be
 *    re-read as an integer).
 *  - SQL value functions print upper-case (`CURRENT_TIMESTAMP`).
 * Other expressions are returned trimmed; the comparison (src/core/expressions.ts) settles the
 * remaining spelling differences.
 */
import { normaliseType, type NormalisedType } from "./normalise-types.js";
import { jsonbOut } from "./normalise-jsonb.js";
import { parenthesiseOperator } from "./normalise-expressions.js";
import { isNullConstant } from "../expressions/index.js";
import {
  arrayOut,
  booleanOut,
  dateOut,
  floatOut,
  integerOut,
  numericOut,
  parseArrayLiteral,
  timeOut,
  timestampOut,
  timestamptzOut,
  uuidOut,
} from "./normalise-values.js";

const INT4_MIN = -2147483648n;
const INT4_MAX = 2147483647n;
const INT8_MIN = -9223372036854775808n;
const INT8_MAX = 9223372036854775807n;

const VALUE_FUNCTIONS = new Set([
  "current_timestamp",
  "current_date",
  "current_time",
  "localtime",
  "localtimestamp",
  "current_user",
  "current_role",
  "session_user",
  "current_catalog",
  "current_schema",
  "user",
]);

export function normaliseDefault(value: unknown, type: NormalisedType): string | null {
  if (value === undefined || value === null) return null;
  // `DEFAULT NULL`, `DEFAULT NULL::jsonb`: PostgreSQL stores no default for a NULL constant
  // (heap.c, AddRelationNewConstraints), and a NULL under further casts (which it may keep as
  // `(NULL::jsonb)::text`) still fills the column with NULL: the code relies on no default.
  if (typeof value === "string" && isNullConstant(value)) return null;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number" || typeof value === "bigint") return numberConstant(String(value));
  if (typeof value !== "string") return JSON.stringify(value);
  return normaliseDefaultText(value, type);
}

export function normaliseDefaultText(text: string, type: NormalisedType): string {
  // A schema repeats the same few defaults (`now()`, `0`, `gen_random_uuid()`) per type thousands
  // of times; the result depends only on the text and the type, so each pair is normalised once.
  // Types come from normaliseType's cache, so they are shared objects; a WeakMap lets them go.
  let known = DEFAULT_CACHE.get(type);
  if (known === undefined) {
    known = new Map();
    DEFAULT_CACHE.set(type, known);
  }
  let normalised = known.get(text);
  if (normalised === undefined) {
    if (known.size >= DEFAULT_CACHE_LIMIT) known.clear();
    normalised = normaliseDefaultTextUncached(text, type);
    known.set(text, normalised);
  }
  return normalised;
}

const DEFAULT_CACHE = new WeakMap<NormalisedType, Map<string, string>>();
const DEFAULT_CACHE_LIMIT = 1024;

function normaliseDefaultTextUncached(text: string, type: NormalisedType): string {
  const expression = stripOuterParens(text.trim());
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(expression)) return numberConstant(expression);
  const lowered = expression.toLowerCase();
  if (lowered === "true" || lowered === "false") return lowered;
  if (lowered === "null") return "NULL";
  const valueFunction = lowered.match(/^([a-z_]+)(\s*\(\s*(\d+)\s*\))?$/);
  if (valueFunction && VALUE_FUNCTIONS.has(valueFunction[1]!)) {
    const name = valueFunction[1] === "user" ? "CURRENT_USER" : valueFunction[1]!.toUpperCase();
    return valueFunction[3] !== undefined ? `${name}(${valueFunction[3]})` : name;
  }
  const literal = splitLiteral(expression);
  if (literal) {
    const target = literal.cast === null ? type : castTarget(literal.cast, type);
    return literalConstant(literal.value, target);
  }
  const nextval = expression.match(/^nextval\('([^']*)'(?:::regclass)?\)$/i);
  if (nextval) return `nextval('${qualifySequence(nextval[1]!)}'::regclass)`;
  return parenthesiseOperator(expression);
}

/** A bare numeric token as the parser types it (see the file comment). */
export function numberConstant(token: string): string {
  const cleaned = token.trim().replace(/^\+/, "");
  if (/^-?\d+$/.test(cleaned)) {
    const value = BigInt(cleaned);
    if (value >= INT4_MIN && value <= INT4_MAX) return value < 0n ? `'${value}'::integer` : `${value}`;
    if (value >= INT8_MIN && value <= INT8_MAX) return `'${value}'::bigint`;
  }
  const out = numericOut(cleaned) ?? cleaned;
  return /^\d/.test(out) && /[.eE]/.test(out) ? out : `'${out}'::numeric`;
}

/** `'it''s'` → {value: "it's", cast: null}; `'{}'::jsonb` → {value: "{}", cast: "jsonb"}. */
function splitLiteral(expression: string): { value: string; cast: ParsedCast | null } | null {
  const match = expression.match(/^([eE]?)'((?:[^']|'')*)'(?:\s*::\s*(.+))?$/s);
  if (!match) return null;
  let value = match[2]!.replace(/''/g, "'");
  if (match[1]) value = value.replace(/\\(.)/g, (_m, char: string) => ({ n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" })[char] ?? char);
  if (match[3] === undefined) return { value, cast: null };
  const cast = parseCast(match[3].trim());
  // Anything after the literal other than one type cast makes it an expression.
  return cast ? { value, cast } : null;
}

interface ParsedCast {
  schema: string | null;
  name: string;
  arrays: string;
}

const CAST =
  /^(?:("(?:[^"]|"")+"|[a-z_]\w*)\.)?("(?:[^"]|"")+"|[a-z_][\w ]*?(?:\s*\(\s*\d+(?:\s*,\s*\d+)?\s*\))?(?:\s+with(?:out)?\s+time\s+zone)?)\s*((?:\[\d*\])*)$/i;

function parseCast(text: string): ParsedCast | null {
  const match = text.match(CAST);
  if (!match) return null;
  return { schema: match[1] ? unquoteName(match[1]) : null, name: match[2]!, arrays: match[3] ?? "" };
}

function unquoteName(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase();
}

function castTarget(cast: ParsedCast, column: NormalisedType): NormalisedType {
  const arrays = cast.arrays ? "[]" : "";
  if (column.kind === "enum" && !cast.name.includes("(")) {
    // `'a'::mood` or `'a'::"public"."mood"` naming the column's own enum.
    const columnName = column.baseType.replace(/^.*\./, "").replace(/^"|"$/g, "").replace(/""/g, '"');
    if (unquoteName(cast.name) === columnName) return arrays === "" ? { ...column, isArray: false, type: column.baseType, castType: column.baseType } : column;
  }
  if (cast.schema !== null) return normaliseType(`${unquoteName(cast.name)}${arrays}`, cast.schema);
  return normaliseType(`${cast.name}${arrays}`);
}

/** A literal constant of `type`, as pg_get_expr prints it. */
export function literalConstant(value: string, type: NormalisedType): string {
  if (type.isArray) {
    const parsed = parseArrayLiteral(value);
    const element = elementTyping(type.kind);
    const text = parsed ? arrayOut(parsed, element) : value;
    return `${quoteLiteral(text)}::${type.castType}`;
  }
  switch (type.kind) {
    case "integer": {
      const out = integerOut(value);
      if (out !== null && !out.startsWith("-")) return out;
      return `${quoteLiteral(out ?? value)}::integer`;
    }
    case "numeric": {
      const out = numericOut(value);
      if (out !== null && /^\d/.test(out) && /\./.test(out)) return out;
      return `${quoteLiteral(out ?? value)}::numeric`;
    }
    case "boolean":
      return booleanOut(value) ?? `${quoteLiteral(value)}::boolean`;
    default:
      return `${quoteLiteral(elementTyping(type.kind)(value))}::${type.castType}`;
  }
}

/** Output-function normalisation of one value of a base type (identity when unknown). */
function elementTyping(kind: string): (text: string) => string {
  switch (kind) {
    case "integer":
    case "smallint":
    case "bigint":
      return (text) => integerOut(text) ?? text;
    case "numeric":
      return (text) => numericOut(text) ?? text;
    case "boolean":
      // Inside arrays boolout prints t/f.
      return (text) => {
        const out = booleanOut(text);
        return out === null ? text : out === "true" ? "t" : "f";
      };
    case "real":
      return (text) => floatOut(text, true) ?? text;
    case "double precision":
      return (text) => floatOut(text, false) ?? text;
    case "uuid":
      return (text) => uuidOut(text) ?? text;
    case "date":
      return (text) => dateOut(text) ?? text;
    case "timestamp without time zone":
      return (text) => timestampOut(text) ?? text;
    case "timestamp with time zone":
      return (text) => timestamptzOut(text) ?? text;
    case "time without time zone":
      return (text) => timeOut(text) ?? text;
    case "jsonb":
      return (text) => jsonbOut(text) ?? text;
    case "macaddr":
    case "macaddr8":
      return (text) => text.toLowerCase().replace(/-/g, ":");
    case "bytea":
      return (text) => (/^\\x/i.test(text) ? `\\x${text.slice(2).toLowerCase()}` : text);
    default:
      return (text) => text;
  }
}

/** simple_quote_literal with standard_conforming_strings on: only quotes are doubled. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function stripOuterParens(text: string): string {
  let current = text;
  while (current.startsWith("(") && current.endsWith(")") && balanced(current.slice(1, -1))) {
    current = current.slice(1, -1).trim();
  }
  return current;
}

function balanced(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (const char of text) {
    if (char === "'") inString = !inString;
    if (inString) continue;
    if (char === "(") depth++;
    if (char === ")" && --depth < 0) return false;
  }
  return depth === 0 && !inString;
}

/** `users_id_seq` → `public.users_id_seq`: regclass prints the schema when search_path is empty. */
function qualifySequence(name: string): string {
  if (/^("[^"]*"|[^".]+)\.("[^"]*"|[^".]+)$/.test(name)) return name;
  return `public.${name}`;
}
