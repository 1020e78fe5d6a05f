/**
 * One mapping from a PostgreSQL error (SQLSTATE, message, detail, hint) to DriftcheckError,
 * shared by every adapter. The error is rebuilt from those fields only — never from a driver's
 * own text, which may quote the connection string — and each text goes through `scrub`.
 */
import { DriftcheckError, TRANSIENT_SQLSTATES, redact, type ErrorKind } from "../errors.js";

export interface PostgresErrorFields {
  code?: string | undefined;
  message?: string | undefined;
  detail?: string | undefined;
  hint?: string | undefined;
}

/** Classes that mean "we could not get a working session", not "the statement failed". */
const CONNECTION_CLASSES = ["08", "28", "53", "57P"];
// 3D000: the database does not exist; 57014: our statement_timeout fired (the read timed out).
const CONNECTION_CODES = new Set(["3D000", "57014"]);

export function sqlstateKind(code: string | undefined): ErrorKind {
  if (!code) return "database";
  if (CONNECTION_CODES.has(code) || CONNECTION_CLASSES.some((prefix) => code.startsWith(prefix))) return "connection";
  return "database";
}

const HINTS: Record<string, string> = {
  "28P01": "Check the user name and password in the database URL.",
  "28000": "The server refused this role or host; check the user and the server's access rules.",
  "3D000": "Check the database name in the database URL.",
  "57014": "The catalog read took longer than the timeout; retry, or raise the timeout.",
  "55P03": "Another session holds a lock on the catalog (a migration running?); retry shortly.",
  "42501": "Grant the role read access (e.g. pg_read_all_data) or use another role.",
};

/**
 * A SQLSTATE: five digits or upper-case letters, the class (first two) a digit first or one of
 * PostgreSQL's lettered classes (F0, HV, P0, XX). Socket codes such as EPIPE or ECONNREFUSED
 * are not SQLSTATEs and must never be reported as one.
 */
export function isSqlstate(code: unknown): code is string {
  return typeof code === "string" && /^(?:[0-9][0-9A-Z]|F0|HV|P0|XX)[0-9A-Z]{3}$/.test(code);
}

export function databaseError(fields: PostgresErrorFields, scrub: (text: string) => string = redact, cause?: unknown): DriftcheckError {
  const code = isSqlstate(fields.code) ? fields.code : undefined;
  const message = scrub(fields.message ?? "The database returned an error without a message.");
  const hint = fields.hint ? scrub(fields.hint) : code ? HINTS[code] : undefined;
  return new DriftcheckError(sqlstateKind(code), code ? `${message} (SQLSTATE ${code})` : message, {
    ...(code ? { code } : {}),
    ...(fields.detail ? { detail: scrub(fields.detail) } : {}),
    ...(hint ? { hint } : {}),
    transient: code !== undefined && TRANSIENT_SQLSTATES.has(code),
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * A scrubber that removes the given secrets (raw and URL-decoded) and then anything that
 * looks like credentials in a URL.
 */
export function scrubberFor(secrets: readonly string[]): (text: string) => string {
  const list = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
  return (text: string) => redact(list.reduce((out, secret) => out.split(secret).join("***"), text));
}
