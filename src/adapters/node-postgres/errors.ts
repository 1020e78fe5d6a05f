/**
 * node-postgres failures → DriftcheckError. Database errors keep their SQLSTATE; socket
 * errors become `connection` errors (transient when retrying can help). Every text is
 * scrubbed of the connection's secrets; the driver's error is never attached as `cause`
 * because its message may quote the connection string.
 */
import { DriftcheckError } from "../../core/errors.js";
import { resultTooLargeError } from "../../core/introspect/result-too-large.js";
import { databaseError } from "../../core/sql/database-error.js";

const TRANSIENT_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "EAI_AGAIN", "ECONNABORTED"]);

interface DriverError {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
  hint?: unknown;
  severity?: unknown;
}

export function nodePostgresError(error: unknown, scrub: (text: string) => string): DriftcheckError {
  if (error instanceof DriftcheckError) return error;
  if (error instanceof RangeError) return resultTooLargeError("node-postgres (the result exceeds the largest JavaScript string)");
  const e = (typeof error === "object" && error !== null ? error : { message: String(error) }) as DriverError;
  const code = typeof e.code === "string" ? e.code : undefined;
  const message = typeof e.message === "string" ? e.message : "Unknown error";
  if (code && /^[0-9A-Z]{5}$/.test(code) && typeof e.severity === "string") {
    return databaseError(
      { code, message, ...(typeof e.detail === "string" ? { detail: e.detail } : {}), ...(typeof e.hint === "string" ? { hint: e.hint } : {}) },
      scrub,
    );
  }
  if (code === "ENOTFOUND") {
    return new DriftcheckError("connection", `Could not resolve the database host: ${scrub(message)}`, {
      code,
      hint: "Check the host name in the database URL.",
    });
  }
  if (code && TRANSIENT_SOCKET_CODES.has(code)) {
    return new DriftcheckError("connection", `Could not reach the database: ${scrub(message)}`, {
      code,
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
