/**
 * Identifier rules of PostgreSQL, reproduced so names read from a snapshot equal the names the
 * database stores and prints.
 */
import { NON_UNRESERVED_KEYWORDS } from "./pg-keywords.js";

/** NAMEDATALEN - 1: the longest identifier PostgreSQL stores, in bytes. */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * UTF-8 length of `text`, counted from its UTF-16 code units without encoding (this runs for
 * every name in a snapshot): a surrogate pair is 4 bytes, a lone surrogate 3 (U+FFFD, as
 * TextEncoder writes it).
 */
function byteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Longest prefix of `text` that fits `maxBytes` UTF-8 bytes without splitting a character,
 * as `pg_mbcliplen` clips (PostgreSQL truncates over-long identifiers this way, with a NOTICE).
 */
export function clipToBytes(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let out = "";
  for (const char of text) {
    const size = byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += char;
  }
  return out;
}

/** The name PostgreSQL stores for an identifier written as `name`. */
export function truncateIdentifier(name: string): string {
  // A UTF-16 code unit is at most 3 UTF-8 bytes (a surrogate pair 4 for 2 units), so a name of
  // 21 units or fewer always fits: the common case needs no byte count.
  if (name.length <= 21) return name;
  return clipToBytes(name, MAX_IDENTIFIER_BYTES);
}

/**
 * `quote_identifier()`: leave lower-case, digit and underscore names that are not keywords
 * (other than unreserved ones) as they are, double-quote anything else.
 */
export function quoteIdentifier(name: string): string {
  const safe = /^[a-z_][a-z0-9_]*$/.test(name) && !NON_UNRESERVED_KEYWORDS.has(name);
  return safe ? name : `"${name.replace(/"/g, '""')}"`;
}

/** `quote_qualified_identifier(schema, name)`. */
export function quoteQualified(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

/**
 * Name PostgreSQL chooses for an implicit object such as a serial column's sequence:
 * `ChooseRelationName(table, column, "seq")` → `makeObjectName`, which shortens the longer of
 * the two parts one byte at a time until `<name1>_<name2>_<label>` fits 63 bytes, then clips
 * each part on a character boundary. (PostgreSQL appends a number when the name is taken; a
 * snapshot cannot know that, so a collision shows up as a default mismatch.)
 */
export function chooseRelationName(name1: string, name2: string, label: string): string {
  let name1Bytes = byteLength(name1);
  let name2Bytes = byteLength(name2);
  let overhead = 0;
  if (name2) overhead += 1;
  if (label) overhead += byteLength(label) + 1;
  const available = MAX_IDENTIFIER_BYTES - overhead;
  while (name1Bytes + name2Bytes > available) {
    if (name1Bytes > name2Bytes) name1Bytes--;
    else name2Bytes--;
  }
  const part1 = clipToBytes(name1, name1Bytes);
  const part2 = clipToBytes(name2, name2Bytes);
  return [part1, ...(name2 ? [part2] : []), ...(label ? [label] : [])].join("_");
}

/** Sequence PostgreSQL creates for `<table>.<column> serial`. */
export function serialSequenceName(table: string, column: string): string {
  return chooseRelationName(truncateIdentifier(table), truncateIdentifier(column), "seq");
}
