/**
 * Where to send a user after sign-in (`next`). Decided by parsing the value against the Worker's
 * own origin, the way a browser will resolve the Location header, never by string prefixes: a
 * browser drops tabs and newlines and reads `\` as `/`, so `/\t/evil.example` is `//evil.example`.
 * Anything that resolves elsewhere, or carries a control character at all, falls back to `/`.
 * The answer is the parsed, percent-encoded path, so it is always a valid header value.
 */
const FALLBACK = "/";
// C0 controls and DEL: never part of a link we produced, and CR/LF/NUL would break the header.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function safeNextPath(next: string | undefined, origin: string): string {
  if (next === undefined || next === "" || CONTROL.test(next)) return FALLBACK;
  // Only a path: a scheme or an authority is never ours to follow, even when it names us.
  if (!next.startsWith("/")) return FALLBACK;
  let base: URL;
  let resolved: URL;
  try {
    base = new URL(origin);
    resolved = new URL(next, base);
  } catch {
    return FALLBACK;
  }
  if (resolved.origin !== base.origin) return FALLBACK;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // `/sign-in` itself would loop for a signed-in user.
  return resolved.pathname === "/sign-in" ? FALLBACK : path;
}
