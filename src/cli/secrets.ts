/**
 * Keeping connection strings out of output. Two layers: every line the CLI prints goes through
 * `redact()` (which rewrites `scheme://user:password@`), and through a scrubber that removes the
 * exact secrets this run was given — needed for URLs too malformed for any pattern to recognise
 * (`not a url hunter2`). The URL is also never quoted in messages to begin with.
 */
import { redact, userError } from "../core/errors.js";

const MIN_SECRET_LENGTH = 3;

/**
 * How to spell a URL in hints. Not `scheme://user:password@host`: redact() would (rightly)
 * rewrite that shape into `scheme://***@host` wherever it appears.
 */
export const URL_FORM = "postgresql://HOST:5432/DATABASE (user and password as USER:PASSWORD@ before HOST)";

/** The literal strings that must never appear in output for this URL. */
export function secretsOf(urls: (string | undefined)[], env: Record<string, string | undefined>): string[] {
  const secrets = new Set<string>();
  for (const url of urls) {
    if (!url) continue;
    secrets.add(url);
    // user:password@ even when the rest does not parse.
    for (const match of url.matchAll(/:([^:@/\s]*)@/g)) {
      const password = match[1] ?? "";
      secrets.add(password);
      secrets.add(safeDecode(password));
    }
    try {
      const parsed = new URL(url);
      secrets.add(parsed.password);
      secrets.add(safeDecode(parsed.password));
      const queryPassword = parsed.searchParams.get("password");
      if (queryPassword) secrets.add(queryPassword);
    } catch {
      // A malformed URL: the patterns above and the whole string are all we can protect.
    }
  }
  if (env.PGPASSWORD) secrets.add(env.PGPASSWORD);
  return [...secrets].filter((secret) => secret.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

export function createScrubber(secrets: string[]): (text: string) => string {
  return (text) => {
    let out = redact(text);
    for (const secret of secrets) out = out.split(secret).join("***");
    return out;
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Throws a user error (without quoting the URL) unless it is a postgres:// or postgresql:// URL. */
export function assertDatabaseUrl(url: string, flag?: string): void {
  const what = flag === undefined ? "The database URL" : `The ${flag} URL`;
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  const hint =
    `Use the form ${URL_FORM} and percent-encode special characters in the password. (The URL is not shown, to keep the password out of logs.)`;
  if (!parsed) throw userError(`${what} is not a valid URL.`, hint);
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw userError(`${what} must start with postgresql:// or postgres://.`, hint);
  }
}
