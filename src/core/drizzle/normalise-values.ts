/**
 * Text of a constant as PostgreSQL's output function prints it after the input function read
 * it: `numeric_out(numeric_in('1e3'))` = `1000`, `int4out`, `boolout`, `uuid_out`, date/time
 * output in ISO style, and `array_out`. Used for literal defaults, where `pg_get_expr` prints the
 * stored constant, not the text the migration wrote.
 */

/** numeric_in → numeric_out: exponent applied, display scale kept, leading zeros dropped. */
export function numericOut(text: string): string | null {
  const match = text.trim().match(/^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/);
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) {
    const special = text.trim().toLowerCase();
    if (special === "nan") return "NaN";
    if (special === "infinity" || special === "+infinity" || special === "inf") return "Infinity";
    if (special === "-infinity" || special === "-inf") return "-Infinity";
    return null;
  }
  const negative = match[1] === "-";
  const integerDigits = match[2] ?? "";
  const fractionDigits = match[3] ?? "";
  const exponent = Number(match[4] ?? "0");
  const digits = integerDigits + fractionDigits;
  const point = integerDigits.length + exponent;
  const scale = Math.max(0, fractionDigits.length - exponent);
  let integerPart: string;
  let fractionPart: string;
  if (point <= 0) {
    integerPart = "0";
    fractionPart = "0".repeat(-point) + digits;
  } else if (point >= digits.length) {
    integerPart = digits + "0".repeat(point - digits.length);
    fractionPart = "";
  } else {
    integerPart = digits.slice(0, point);
    fractionPart = digits.slice(point);
  }
  fractionPart = fractionPart.padEnd(scale, "0").slice(0, scale);
  integerPart = integerPart.replace(/^0+(?=\d)/, "");
  const isZero = /^0*$/.test(integerPart + fractionPart);
  return `${negative && !isZero ? "-" : ""}${integerPart}${scale > 0 ? `.${fractionPart}` : ""}`;
}

/** int2in/int4in/int8in → decimal text, or null when not an integer. */
export function integerOut(text: string): string | null {
  const trimmed = text.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) return null;
  return BigInt(trimmed).toString();
}

export function booleanOut(text: string): "true" | "false" | null {
  const value = text.trim().toLowerCase();
  if (["t", "tr", "tru", "true", "y", "ye", "yes", "on", "1"].includes(value)) return "true";
  if (["f", "fa", "fal", "fals", "false", "n", "no", "off", "of", "0"].includes(value)) return "false";
  return null;
}

/**
 * float4out / float8out: the shortest text that reads back as the same value (PostgreSQL 12+).
 * JavaScript's Number → string is shortest-round-trip for doubles; for real, find the shortest
 * precision that survives `Math.fround`. Exponent formatting follows PostgreSQL (see formatFloat).
 */
export function floatOut(text: string, single: boolean): string | null {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "nan") return "NaN";
  if (trimmed === "infinity" || trimmed === "inf" || trimmed === "+infinity") return "Infinity";
  if (trimmed === "-infinity" || trimmed === "-inf") return "-Infinity";
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  if (!single) return formatFloat(value, String(value), false);
  const rounded = Math.fround(value);
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = rounded.toPrecision(precision);
    if (Math.fround(Number(candidate)) === rounded) return formatFloat(rounded, String(Number(candidate)), true);
  }
  return formatFloat(rounded, String(rounded), true);
}

/**
 * PostgreSQL prints the shortest digits in exponent form when the decimal exponent is below -4
 * or at least the type's DIG (15 for double, 6 for real): `1e+15`, `1.5e-05`; plain otherwise.
 */
function formatFloat(value: number, shortest: string, single: boolean): string {
  if (Object.is(value, -0)) return "-0";
  const [mantissa, exponentText] = Number(shortest).toExponential().split("e") as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= (single ? 6 : 15)) {
    const sign = exponent < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return Number(shortest).toString();
}

/** uuid_out: lower case, hyphenated 8-4-4-4-12. */
export function uuidOut(text: string): string | null {
  const hex = text.trim().replace(/^\{|\}$/g, "").replace(/-/g, "").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** date_out (ISO): `YYYY-MM-DD`. */
export function dateOut(text: string): string | null {
  const match = text.trim().match(/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/);
  if (!match) return null;
  return `${match[1]}-${match[2]!.padStart(2, "0")}-${match[3]!.padStart(2, "0")}`;
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?/;

function timeText(hours: string, minutes: string, seconds: string | undefined, fraction: string | undefined): string {
  const micro = (fraction ?? "").slice(0, 6).replace(/0+$/, "");
  return `${hours.padStart(2, "0")}:${minutes}:${seconds ?? "00"}${micro ? `.${micro}` : ""}`;
}

/** time_out: `HH:MM:SS[.ffffff]` (trailing zeros of the fraction dropped). */
export function timeOut(text: string): string | null {
  const match = text.trim().match(new RegExp(`${TIME.source}$`));
  if (!match) return null;
  return timeText(match[1]!, match[2]!, match[3], match[4]);
}

/** timestamp_out: any zone in the input is ignored by `timestamp without time zone`. */
export function timestampOut(text: string): string | null {
  const match = text.trim().match(/^(\d{4}-\d{1,2}-\d{1,2})(?:[ T](.*))?$/);
  if (!match) return null;
  const date = dateOut(match[1]!);
  if (!date) return null;
  const time = (match[2] ?? "00:00").match(TIME);
  if (!time) return null;
  return `${date} ${timeText(time[1]!, time[2]!, time[3], time[4])}`;
}

/**
 * timestamptz_out with the session time zone UTC (Neon's and PGlite's default, and what
 * drizzle-kit's `toISOString()` defaults are written in). A different server TimeZone prints
 * another offset: that is left to the expression comparison.
 */
export function timestamptzOut(text: string): string | null {
  const match = text.trim().match(/^(\d{4}-\d{1,2}-\d{1,2})(?:[ T](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i);
  if (!match) return null;
  const time = match[2] ?? "00:00:00";
  const zone = match[3];
  if (zone === undefined || /^(z|[+-]00(:?00)?)$/i.test(zone)) {
    const local = timestampOut(`${match[1]} ${time}`);
    return local ? `${local}+00` : null;
  }
  const fraction = time.match(/\.(\d+)$/)?.[1] ?? "";
  const iso = `${match[1]}T${time.replace(/\.\d+$/, "")}${zone.length === 3 ? `${zone}:00` : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const utc = new Date(ms).toISOString();
  const local = timestampOut(`${utc.slice(0, 10)} ${utc.slice(11, 19)}${fraction ? `.${fraction}` : ""}`);
  return local ? `${local}+00` : null;
}

/** Parsed PostgreSQL array literal: nested lists of element texts (null = SQL NULL). */
export type ArrayValue = (string | null | ArrayValue)[];

/** Parse `{a,"b c",NULL,{1,2}}`; null when the text is not an array literal. */
export function parseArrayLiteral(text: string): ArrayValue | null {
  let position = 0;
  const source = text.trim();
  function parseArray(): ArrayValue | null {
    if (source[position] !== "{") return null;
    position++;
    const items: ArrayValue = [];
    skipSpaces();
    if (source[position] === "}") {
      position++;
      return items;
    }
    for (;;) {
      skipSpaces();
      if (source[position] === "{") {
        const nested = parseArray();
        if (nested === null) return null;
        items.push(nested);
      } else if (source[position] === '"') {
        position++;
        let value = "";
        while (position < source.length && source[position] !== '"') {
          if (source[position] === "\\") position++;
          value += source[position] ?? "";
          position++;
        }
        if (source[position] !== '"') return null;
        position++;
        items.push(value);
      } else {
        let value = "";
        while (position < source.length && source[position] !== "," && source[position] !== "}") {
          if (source[position] === "\\") position++;
          value += source[position] ?? "";
          position++;
        }
        value = value.trim();
        items.push(value.toUpperCase() === "NULL" ? null : value);
      }
      skipSpaces();
      if (source[position] === ",") {
        position++;
        continue;
      }
      if (source[position] === "}") {
        position++;
        return items;
      }
      return null;
    }
  }
  function skipSpaces(): void {
    while (position < source.length && /\s/.test(source[position]!)) position++;
  }
  const result = parseArray();
  return result !== null && position === source.length ? result : null;
}

/** array_out: elements quoted only when they must be. */
export function arrayOut(value: ArrayValue, element: (text: string) => string): string {
  const parts = value.map((item) => {
    if (item === null) return "NULL";
    if (Array.isArray(item)) return arrayOut(item, element);
    const text = element(item);
    const mustQuote = text === "" || text.toUpperCase() === "NULL" || /["\\{},\t\n\r\v\f ]/.test(text);
    return mustQuote ? `"${text.replace(/(["\\])/g, "\\$1")}"` : text;
  });
  return `{${parts.join(",")}}`;
}
