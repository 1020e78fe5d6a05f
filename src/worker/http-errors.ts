/**
 * The one mapping from errors to HTTP responses (STYLE.md: one HTTPException, one onError).
 * Bodies are `{ error: { kind, message, hint? } }`; messages pass through `redact` and internal
 * errors are answered generically, so secrets and stack traces are never echoed.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DriftcheckError, errorToJson, redact, type ErrorKind } from "../core/errors.js";
import { ConfigError } from "./config.js";

export interface ErrorBody {
  error: { kind: ErrorKind | "request"; message: string; hint?: string; code?: string };
}

/** A client mistake: bad input, auth, size. */
export function httpError(status: ContentfulStatusCode, message: string, hint?: string, headers?: Record<string, string>): HTTPException {
  const body: ErrorBody = { error: { kind: "request", message, ...(hint ? { hint } : {}) } };
  return new HTTPException(status, { message, res: Response.json(body, { status, ...(headers ? { headers } : {}) }) });
}

const STATUS_BY_KIND: Record<ErrorKind, ContentfulStatusCode> = {
  user: 422,
  connection: 503,
  database: 502,
  internal: 500,
};

export function statusOf(error: DriftcheckError): ContentfulStatusCode {
  // A missing setting is the operator's to fix, but to the caller the service is simply broken.
  if (error instanceof ConfigError) return 500;
  return STATUS_BY_KIND[error.kind];
}

export function onError(error: Error, c: Context): Response {
  if (error instanceof HTTPException) return error.getResponse();
  if (error instanceof DriftcheckError) {
    if (error.kind === "internal" || error instanceof ConfigError) console.error(`driftcheck: ${redact(error.message)}`);
    return c.json({ error: errorToJson(error) } satisfies ErrorBody, statusOf(error));
  }
  console.error(`driftcheck: unexpected error: ${redact(error.message)}`);
  return c.json({ error: { kind: "internal", message: "Internal error." } } satisfies ErrorBody, 500);
}
