/**
 * Typed literals as PostgreSQL stores them. `interval '15 minutes'`, `'15 minutes'::interval` and
 * `timestamp '2020-01-01 10:00'` are constants: the parser converts the text with the type's
 * input function and the deparser prints the type's output form (`'00:15:00'::interval`,
 * `'2020-01-01 10:00:00'::timestamp without time zone`). This rewrites the text of such literals
 * to that output form, for the types whose output does not depend on a setting other than the
 * defaults (IntervalStyle `postgres`, DateStyle `ISO`): interval, date, time and timestamp
 * without time zone. `timestamptz` prints in the session's TimeZone and is left alone.
 *
 * A literal whose text is not understood is reported (`unsettled`), so the comparison can call it
 * neither equal nor different.
 */
import { canonicalInterval } from "./interval-literal.js";
import type { Token } from "./tokenize.js";

type LiteralType = "interval" | "date" | "time" | "timestamp";

/** `date '…'` or `'…'::date`: which of our types (if any) a string token is a literal of. */
function literalType(tokens: Token[], index: number): LiteralType | null {
  const before = tokens[index - 1];
  const beforeThat = tokens[index - 2];
  if (before?.t === "id" && !(beforeThat?.t === "punct" && beforeThat.v === "::")) {
    const type = typeWord(tokens, index - 1);
    if (type !== null) return type;
  }
  const after = tokens[index + 1];
  if (after?.t === "punct" && after.v === "::") return typeWord(tokens, index + 2);
  return null;
}

/** The type named at `index` when it is one of ours (`timestamp without time zone` included; not `with time zone`). */
function typeWord(tokens: Token[], index: number): LiteralType | null {
  const token = tokens[index];
  if (token?.t !== "id") return null;
  const withZone = tokens[index + 1]?.t === "id" && tokens[index + 1]!.v === "with";
  switch (token.v) {
    case "interval":
      return "interval";
    case "date":
      return "date";
    case "time":
      return withZone ? null : "time";
    case "timestamp":
      return withZone ? null : "timestamp";
    default:
      return null;
  }
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;

function canonicalTime(text: string): string | null {
  const match = TIME.exec(text);
  if (!match) return null;
  const [, hours, minutes, seconds, fraction] = match;
  if (Number(hours) > 24 || Number(minutes) > 59 || Number(seconds ?? 0) > 59) return null;
  const fractionText = (fraction ?? "").replace(/0+$/, "").replace(/^\.$/, "");
  return `${hours!.padStart(2, "0")}:${minutes}:${seconds ?? "00"}${fractionText}`;
}

function canonicalDate(text: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : null;
}

function canonicalTimestamp(text: string): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](.+))?$/.exec(text);
  if (!match) return null;
  const time = canonicalTime(match[2] ?? "00:00");
  return time === null ? null : `${match[1]} ${time}`;
}

const CANONICAL: Record<LiteralType, (text: string) => string | null> = {
  interval: canonicalInterval,
  date: canonicalDate,
  time: canonicalTime,
  timestamp: canonicalTimestamp,
};

export interface TypedLiterals {
  tokens: Token[];
  /** A literal of one of these types whose text is not understood. */
  unsettled: boolean;
}

/**
 * The tokens with every understood typed literal in PostgreSQL's output form. `lenient`: every
 * literal of these types becomes a placeholder of its type, for the comparison that only says
 * whether a difference could be a spelling one (used when a literal was not understood, since
 * its value then cannot be compared with the other side's).
 */
export function canonicalTypedLiterals(tokens: Token[], lenient = false): TypedLiterals {
  let unsettled = false;
  const out = tokens.map((token, index): Token => {
    if (token.t !== "str") return token;
    const type = literalType(tokens, index);
    if (type === null) return token;
    if (lenient) return { t: "str", v: `\u0000${type}` };
    const canonical = CANONICAL[type](token.v.trim());
    if (canonical !== null) return { t: "str", v: canonical };
    unsettled = true;
    return token;
  });
  return { tokens: out, unsettled };
}
