/**
 * Neon SQL-over-HTTP failures → DriftcheckError, classified from what the transport observed
 * (our fetch wrapper records the HTTP status and network failures) and from the SQLSTATE the
 * server sent — never from the client's message text. Every text is scrubbed of the
 * connection's secrets, and the client's error is never attached as `cause`: its messages may
 * quote the connection string.
 */
import { NeonDbError } from "@neondatabase/serverless";
import { DriftcheckError } from "../../core/errors.js";
import { resultTooLargeError } from "../../core/introspect/result-too-large.js";
import { databaseError } from "../../core/sql/database-error.js";

export interface TransportObservation {
  /** fetch calls the client made (0: it failed before sending, e.g. an unparsable URL). */
  requests: number;
  /** HTTP status of the last response. */
  status: number | undefined;
  /** fetch itself threw (DNS, refused, reset, aborted). */
  networkError: boolean;
  /** Set when this adapter aborted the request. */
  abortedBy: "timeout" | "caller" | undefined;
}

export function neonHttpError(
  error: unknown,
  observed: TransportObservation,
  context: { scrub: (text: string) => string; limitMs: number },
): DriftcheckError {
  if (error instanceof DriftcheckError) return error;
  const { scrub } = context;
  if (observed.abortedBy === "timeout") {
    return new DriftcheckError("connection", `The Neon endpoint did not answer within ${context.limitMs} ms.`, {
      code: "57014",
      transient: true,
      hint: "The database may be waking up or busy; retry, or raise the timeout.",
    });
  }
  if (observed.abortedBy === "caller") {
    return new DriftcheckError("connection", "The Neon request was aborted.", { transient: true });
  }
  if (observed.requests === 0) {
    // The client refused the connection string before sending anything.
    return new DriftcheckError("user", "The database URL could not be used for Neon's HTTP transport.", {
      hint: "Pass a URL like postgresql://user:password@host/database (user, host and database are required).",
    });
  }
  if (observed.networkError) {
    return new DriftcheckError("connection", "Could not reach the Neon HTTP endpoint.", {
      transient: true,
      hint: "Check the endpoint host (and fetchEndpoint when set) and the network; retrying may help.",
    });
  }
  const status = observed.status;
  if (status === 400 && error instanceof NeonDbError) {
    if (error.code) {
      return databaseError({ code: error.code, message: error.message, detail: error.detail, hint: error.hint }, scrub);
    }
    // A 400 without SQLSTATE comes from the proxy itself (e.g. it could not reach the compute).
    return new DriftcheckError("connection", `The Neon proxy refused the request: ${scrub(error.message)}`, {
      hint: "Check the host, role and database in the connection string.",
    });
  }
  if (status === 507) return resultTooLargeError("Neon's HTTP transport (HTTP 507, response too large)");
  if (status === 413) {
    return new DriftcheckError("user", "The request is too large for Neon's HTTP transport (HTTP 413).", {
      hint: "Fewer or shorter statements per call; for introspection, narrow the schemas read (schemaFilter or --ignore schema:NAME).",
    });
  }
  if (status !== undefined && (status >= 500 || status === 429)) {
    return new DriftcheckError("connection", `The Neon HTTP endpoint failed (HTTP ${status}).`, {
      transient: true,
      hint: "A temporary problem at Neon; retrying later may help.",
    });
  }
  if (status === 401 || status === 403) {
    return new DriftcheckError("connection", `The Neon HTTP endpoint refused the credentials (HTTP ${status}).`, {
      hint: "Check the role and password in the connection string.",
    });
  }
  if (status !== undefined && status >= 200 && status < 300) {
    // The response arrived but was not the protocol's JSON (cut off, or another server).
    return new DriftcheckError("connection", "The Neon HTTP endpoint sent a response that is not valid SQL-over-HTTP JSON.", {
      transient: true,
      hint: "If this persists, check fetchEndpoint points at a Neon SQL-over-HTTP endpoint.",
    });
  }
  return new DriftcheckError("connection", `The Neon HTTP endpoint answered HTTP ${status ?? "?"}.`, {
    hint: "Check fetchEndpoint and the host in the connection string.",
  });
}
