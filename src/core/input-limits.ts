/**
 * Limits on every file driftcheck reads from a repository or disk (issue 12/13): checked before
 * the file is parsed — its size before it is even read where the source knows it (a disk `stat`,
 * a git tree entry's `size`), its JSON nesting by one pass over the text — so a hostile or broken
 * file is a clear folder error instead of a stalled process (V8's JSON.parse on megabytes of `[`
 * takes minutes and gigabytes).
 *
 * The values admit a generated 1,000-table drizzle-kit 0.31 snapshot (3.4 MB, nesting depth 7; its
 * migration is 0.9 MB — bench/RESULTS.md) about 5× over, and keep one parsed snapshot well inside a
 * Worker's 128 MB.
 */
import { userError } from "./errors.js";

/** A snapshot, the journal, or any other JSON input (driftcheck.json, driftcheck.expected.json). */
export const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;
/** A migration's SQL file (only hashed, never parsed, but read whole). */
export const MAX_MIGRATION_BYTES = 8 * 1024 * 1024;
/** Nesting of arrays and objects in a JSON input; drizzle-kit's snapshots use fewer than 10 levels. */
export const MAX_JSON_DEPTH = 64;

/** The size limit for a file, by its kind: `.sql` files are migrations, everything else is JSON. */
export function sizeLimitFor(path: string): number {
  return path.endsWith(".sql") ? MAX_MIGRATION_BYTES : MAX_SNAPSHOT_BYTES;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${bytes} bytes`;
}

/** Throws a folder error when a file of `bytes` bytes at `where` is over its limit. */
export function checkFileSize(where: string, path: string, bytes: number): void {
  const limit = sizeLimitFor(path);
  if (bytes <= limit) return;
  const kind = path.endsWith(".sql") ? "migration file" : "JSON file (snapshot, journal or config)";
  throw userError(
    `${where} is ${formatBytes(bytes)}, over driftcheck's limit of ${formatBytes(limit)} for a ${kind}; it was not read.`,
    "A drizzle-kit snapshot of 1,000 tables is about 3.4 MB: check that the file is what drizzle-kit wrote (not data or a merge accident). The limits are listed in docs/configuration.md under \"Input limits\".",
  );
}

/**
 * Throws when `text`'s arrays and objects nest deeper than MAX_JSON_DEPTH. One pass over the
 * text, no allocation and no recursion. Strings (most of a snapshot) are jumped over with
 * `indexOf` to their closing quote — one not preceded by an odd run of `\` — so brackets inside
 * them never count and their characters are not visited one by one. Malformed JSON is left to
 * JSON.parse, which reports it.
 */
export function checkJsonDepth(text: string, where: string): void {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x22 /* " */) {
      index = closingQuote(text, index);
      if (index === -1) return; // an unterminated string: JSON.parse's error to report
    } else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
      if (++depth > MAX_JSON_DEPTH) {
        throw userError(
          `${where} nests arrays or objects deeper than driftcheck's limit of ${MAX_JSON_DEPTH} levels (at character ${index}); it was not parsed.`,
          "drizzle-kit's files nest fewer than 10 levels: check that the file is what drizzle-kit wrote. The limits are listed in docs/configuration.md under \"Input limits\".",
        );
      }
    } else if (code === 0x5d /* ] */ || code === 0x7d /* } */) depth--;
  }
}

/** The index of the quote that closes the string opened at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  let quote = text.indexOf('"', open + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c /* \ */) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return -1;
}

/**
 * JSON.parse of a repository or disk file, within the limits (size as a backstop for sources that
 * cannot tell it before reading; a string's length never exceeds its UTF-8 byte count).
 */
export function parseJsonWithinLimits(text: string, where: string, onSyntaxError: (error: unknown) => never): unknown {
  if (text.length > MAX_SNAPSHOT_BYTES) checkFileSize(where, ".json", text.length);
  checkJsonDepth(text, where);
  try {
    return JSON.parse(text);
  } catch (error) {
    return onSyntaxError(error);
  }
}
