/**
 * Interval literals as PostgreSQL stores them: `interval '15 minutes'` and `'15 minutes'::interval`
 * are both kept as a constant and printed back in interval_out's form (IntervalStyle `postgres`,
 * the default): `'00:15:00'::interval`, `'1 day 02:00:00'`, `'1 year 3 mons'`, `'-1 days'`.
 * `canonicalInterval` computes that output for the common input forms (a number with a unit,
 * abbreviations and plurals, several parts, `ago`, an `[d ]hh:mm[:ss[.f]]` time part, a bare
 * number of seconds) and returns null for anything else (ISO 8601 `P1D`, SQL-standard `1-2`,
 * fractional months or years): the caller leaves such a literal unsettled rather than guess.
 */

const MICROS_PER_SECOND = 1_000_000;
const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

type Unit = { field: "months"; factor: number } | { field: "days"; factor: number } | { field: "micros"; factor: number };

/** DecodeUnits' spellings (datetime.c), the ones that map to one field. */
const UNITS: Record<string, Unit> = {};
function units(names: string[], unit: Unit): void {
  for (const name of names) UNITS[name] = unit;
}
units(["microsecond", "microseconds", "microsecon", "us", "usec", "usecs", "useconds"], { field: "micros", factor: 1 });
units(["millisecond", "milliseconds", "millisecon", "ms", "msec", "msecs", "mseconds"], { field: "micros", factor: 1000 });
units(["second", "seconds", "s", "sec", "secs"], { field: "micros", factor: MICROS_PER_SECOND });
units(["minute", "minutes", "m", "min", "mins"], { field: "micros", factor: MICROS_PER_MINUTE });
units(["hour", "hours", "h", "hr", "hrs"], { field: "micros", factor: MICROS_PER_HOUR });
units(["day", "days", "d"], { field: "days", factor: 1 });
units(["week", "weeks", "w"], { field: "days", factor: 7 });
units(["month", "months", "mon", "mons"], { field: "months", factor: 1 });
units(["year", "years", "y", "yr", "yrs"], { field: "months", factor: 12 });
units(["decade", "decades", "dec", "decs"], { field: "months", factor: 120 });
units(["century", "centuries", "c", "cent"], { field: "months", factor: 1200 });
units(["millennium", "millennia", "mil", "mils", "millenniums"], { field: "months", factor: 12000 });

interface Interval {
  months: number;
  days: number;
  micros: number;
}

export function canonicalInterval(text: string): string | null {
  const parsed = parseInterval(text);
  return parsed === null ? null : formatInterval(parsed);
}

function parseInterval(text: string): Interval | null {
  let words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  let negate = false;
  if (words[words.length - 1] === "ago") {
    negate = true;
    words = words.slice(0, -1);
  }
  const result: Interval = { months: 0, days: 0, micros: 0 };
  let sawTime = false;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    const time = /^([+-]?)(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?$/.exec(word);
    if (time) {
      if (sawTime) return null;
      sawTime = true;
      const [, sign, hours, minutes, seconds] = time;
      if (Number(minutes) > 59 || Number(seconds ?? 0) >= 60) return null;
      const micros = Number(hours) * MICROS_PER_HOUR + Number(minutes) * MICROS_PER_MINUTE + Math.round(Number(seconds ?? 0) * MICROS_PER_SECOND);
      result.micros += sign === "-" ? -micros : micros;
      continue;
    }
    // A number with its unit as the next word or glued on (`15min`); a lone number is seconds.
    const glued = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([a-z]*)$/.exec(word);
    if (!glued) return null;
    const value = Number(glued[1]);
    let unitName = glued[2]!;
    if (unitName === "" && i + 1 < words.length && UNITS[words[i + 1]!] !== undefined) {
      unitName = words[i + 1]!;
      i += 1;
    }
    // A lone number is seconds; a bare number before the time part (`1 04:05:06`) is days.
    const beforeTime = unitName === "" && /^[+-]?\d+:/.test(words[i + 1] ?? "");
    const unit = unitName === "" && words.length === 1 ? UNITS.seconds! : beforeTime ? UNITS.days! : UNITS[unitName];
    if (unit === undefined || !Number.isFinite(value)) return null;
    const amount = value * unit.factor;
    if (unit.field === "months") {
      if (!Number.isInteger(amount)) return null; // PostgreSQL spreads a month fraction over days; not modelled
      result.months += amount;
    } else if (unit.field === "days") {
      // A fraction of a day (or week) spills into the time part, as PostgreSQL does.
      const whole = Math.trunc(amount);
      result.days += whole;
      result.micros += Math.round((amount - whole) * MICROS_PER_DAY);
    } else {
      result.micros += Math.round(amount);
    }
  }
  if (negate) {
    result.months = -result.months;
    result.days = -result.days;
    result.micros = -result.micros;
  }
  return result;
}

/** interval_out with IntervalStyle `postgres` (EncodeInterval, INTSTYLE_POSTGRES). */
function formatInterval({ months, days, micros }: Interval): string {
  const parts: string[] = [];
  let isBefore = false;
  const add = (value: number, unit: string): void => {
    if (value === 0) return;
    parts.push(`${isBefore && value > 0 ? "+" : ""}${value} ${unit}${value !== 1 ? "s" : ""}`);
    isBefore = value < 0;
  };
  add(Math.trunc(months / 12), "year");
  add(months % 12, "mon");
  add(days, "day");
  if (parts.length === 0 || micros !== 0) {
    const minus = micros < 0;
    const abs = Math.abs(micros);
    const hours = Math.floor(abs / MICROS_PER_HOUR);
    const minutes = Math.floor((abs % MICROS_PER_HOUR) / MICROS_PER_MINUTE);
    const seconds = Math.floor((abs % MICROS_PER_MINUTE) / MICROS_PER_SECOND);
    const fraction = abs % MICROS_PER_SECOND;
    const fractionText = fraction === 0 ? "" : `.${String(fraction).padStart(6, "0").replace(/0+$/, "")}`;
    const pad = (n: number): string => String(n).padStart(2, "0");
    parts.push(`${minus ? "-" : isBefore ? "+" : ""}${pad(hours)}:${pad(minutes)}:${pad(seconds)}${fractionText}`);
  }
  return parts.join(" ");
}
