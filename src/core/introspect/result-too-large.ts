import { DriftcheckError } from "../errors.js";

/**
 * The one error every adapter raises when the catalog document does not fit its transport
 * (Neon HTTP 507, a JavaScript string past its maximum length, PGlite's memory).
 * The user can fix it by reading fewer schemas.
 */
export function resultTooLargeError(transport: string, cause?: unknown): DriftcheckError {
  return new DriftcheckError("user", `The database catalog is too large to read over ${transport}.`, {
    hint: "Limit the schemas read with drizzle's schemaFilter or --ignore schema:NAME, or use a transport without this limit.",
    ...(cause === undefined ? {} : { cause }),
  });
}
