/**
 * Retry policy of the checks queue: transient failures (DriftcheckError.transient: 5xx, 429,
 * timeouts, SQLSTATE 57014/55P03, an unreachable database) retry with exponential backoff through
 * `message.retry({ delaySeconds })`; after wrangler.jsonc's `max_retries` the platform moves the
 * message to the dead-letter queue. Errors that are not DriftcheckErrors (a D1 hiccup, a bug) are
 * retried too: retrying a bug costs a few invocations, acking an infrastructure blip loses a check.
 */
import { DriftcheckError } from "../../core/errors.js";

export const BASE_DELAY_SECONDS = 10;
export const MAX_DELAY_SECONDS = 600;
/** Cloudflare Queues' ceiling for a delay. */
const PLATFORM_MAX_DELAY_SECONDS = 43_200;

export type FailureClass = "retry" | "permanent";

export function classifyFailure(error: unknown): FailureClass {
  if (error instanceof DriftcheckError) return error.transient ? "retry" : "permanent";
  return "retry";
}

/** attempt 1 → 10 s, 2 → 20 s, 3 → 40 s … capped at 10 min; never sooner than the server asked. */
export function retryDelaySeconds(attempt: number, error: unknown): number {
  const exponential = Math.min(BASE_DELAY_SECONDS * 2 ** Math.max(0, attempt - 1), MAX_DELAY_SECONDS);
  const asked = retryAfterOf(error);
  return Math.min(Math.max(exponential, asked ?? 0), PLATFORM_MAX_DELAY_SECONDS);
}

/** `retryAfterSeconds` as the GitHub and Neon adapters attach it to their errors. */
function retryAfterOf(error: unknown): number | undefined {
  const value = (error as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.ceil(value) : undefined;
}
