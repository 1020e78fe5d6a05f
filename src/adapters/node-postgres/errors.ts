/**
 * node-postgres failures → DriftcheckError. Database errors keep their SQLSTATE; socket
 * errors become `connection` errors (transient when retrying can help). Every text is
 * scrubbed of the connection's secrets; the driver's error is never attached as `cause`
 * because its message may quote the connection string.
 */
import { DriftcheckError } from "../../core/errors.js";
import { resultTooLargeError } from "../../core/introspect/result-too-large.js";
import { databaseError, isSqlstate } from "../../core/sql/database-error.js";

/** Socket failures where retrying can help, with what each means in words. */
const TRANSIENT_SOCKET_CODES: ReadonlyMap<string, string> = new Map([
  ["ECONNREFUSED", "connection refused"],
  ["ECONNRESET", "connection reset by the server"],
  ["ETIMEDOUT", "timed out"],
  ["EHOSTUNREACH", "host unreachable"],
  ["ENETUNREACH", "network unreachable"],
  ["EPIPE", "the server closed the connection"],
  ["EAI_AGAIN", "temporary failure resolving the host name"],
  ["ECONNABORTED", "connection aborted"],
]);

interface DriverError {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
  hint?: unknown;
  severity?: unknown;
  /** Socket errors: the peer that was dialled. */
  address?: unknown;
  port?: unknown;
  /** Node's AggregateError when every address of a host failed (e.g. ::1 and 127.0.0.1). */
  errors?: unknown;
}

export function nodePostgresError(error: unknown, scrub: (text: string) => string): DriftcheckError {
  if (error instanceof DriftcheckError) return error;
  if (error instanceof RangeError) return resultTooLargeError("node-postgres (the result exceeds the largest JavaScript string)");
  const e = (typeof error === "object" && error !== null ? error : { message: String(error) }) as DriverError;
  const code = typeof e.code === "string" ? e.code : undefined;
  const message = typeof e.message === "string" ? e.message : "Unknown error";
  if (isSqlstate(code) && typeof e.severity === "string") {
    return databaseError(
      { code, message, ...(typeof e.detail === "string" ? { detail: e.detail } : {}), ...(typeof e.hint === "string" ? { hint: e.hint } : {}) },
      scrub,
    );
  }
  // Socket codes are not SQLSTATEs: they go into the message in words, never into `code`.
  if (code === "ENOTFOUND") {
    return new DriftcheckError("connection", `Could not resolve the database host: ${scrub(message)}`, {
      hint: "Check the host name in the database URL.",
    });
  }
  const socketReason = code === undefined ? undefined : TRANSIENT_SOCKET_CODES.get(code);
  if (socketReason !== undefined) {
    const peer = peerOf(e);
    return new DriftcheckError("connection", `Could not connect to ${peer === null ? "the database" : scrub(peer)}: ${socketReason}.`, {
      transient: true,
      hint: "Check that the server is running and reachable from here; retrying may help.",
    });
  }
  if (/terminated|timeout|closed|ended/i.test(message)) {
    return new DriftcheckError("connection", `The database connection failed: ${scrub(message)}`, { transient: true });
  }
  if (/ssl|certificate|tls/i.test(message)) {
    return new DriftcheckError("connection", `The secure connection failed: ${scrub(message)}`, {
      hint: "Check sslmode in the database URL and that the server supports TLS.",
    });
  }
  return new DriftcheckError("connection", `The database connection failed: ${scrub(message)}`);
}

/** `127.0.0.1:5433` (or `[::1]:5433`) from a socket error, or from the first of an AggregateError's. */
function peerOf(error: DriverError): string | null {
  const first = Array.isArray(error.errors) ? (error.errors[0] as DriverError | undefined) : undefined;
  const source = typeof error.address === "string" ? error : first !== undefined && typeof first.address === "string" ? first : null;
  if (source === null) return null;
  const address = source.address as string;
  const host = address.includes(":") ? `[${address}]` : address;
  return typeof source.port === "number" || typeof source.port === "string" ? `${host}:${String(source.port)}` : host;
}
