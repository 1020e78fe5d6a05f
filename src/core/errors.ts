/**
 * Few error classes, split by who can fix the problem.
 *  - `user`: bad input, bad config, unreadable folder — the message says what to fix (`hint`).
 *  - `connection`: the database could not be reached or refused us; often transient.
 *  - `database`: the database answered with an error (SQLSTATE in `code`).
 *  - `internal`: our bug.
 * Exit codes and check conclusions derive from `kind`, never from message text.
 */
export type ErrorKind = "user" | "connection" | "database" | "internal";

export class DriftcheckError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  /** SQLSTATE for database errors. */
  readonly code: string | undefined;
  readonly detail: string | undefined;
  /** True when retrying the same operation later may succeed. */
  readonly transient: boolean;

  constructor(
    kind: ErrorKind,
    message: string,
    options: { hint?: string; code?: string; detail?: string; transient?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DriftcheckError";
    this.kind = kind;
    this.hint = options.hint;
    this.code = options.code;
    this.detail = options.detail;
    this.transient = options.transient ?? false;
  }
}

export function userError(message: string, hint?: string): DriftcheckError {
  return new DriftcheckError("user", message, hint === undefined ? {} : { hint });
}

/** SQLSTATEs that mean "try again": query canceled (timeout), lock not available, cache lookup during DDL. */
export const TRANSIENT_SQLSTATES = new Set(["57014", "55P03", "XX000", "57P01", "57P03", "53300", "08000", "08003", "08006", "08001", "08004"]);

/** Replace credentials in anything that looks like a connection string or URL. */
export function redact(text: string): string {
  return text
    // Everything up to the LAST `@` of the token is user info: passwords may contain `/` or `@`.
    // Over-redacting a host is harmless; leaking half a password is not.
    .replace(/([a-z][a-z0-9+.-]*:\/\/)\S*@/gi, "$1***@")
    .replace(/(password\s*=\s*)('[^']*'|"[^"]*"|\S+)/gi, "$1***");
}

export function errorToJson(error: unknown): { kind: ErrorKind; message: string; hint?: string; code?: string } {
  if (error instanceof DriftcheckError) {
    return {
      kind: error.kind,
      message: redact(error.message),
      ...(error.hint ? { hint: redact(error.hint) } : {}),
      ...(error.code ? { code: error.code } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "internal", message: redact(message), hint: "This is a driftcheck bug; please report it with the command you ran." };
}
