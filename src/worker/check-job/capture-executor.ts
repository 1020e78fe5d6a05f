/**
 * The core turns any failure inside a check into verdict `error` with a JSON error, which drops
 * the `transient` flag the adapter set. The job needs it (transient → the queue retries), so the
 * executor is wrapped to keep the error it threw.
 */
import type { ReadOnlyExecutor } from "../../core/port.js";

export interface CapturingExecutor extends ReadOnlyExecutor {
  readonly lastError: unknown;
}

export function capturingExecutor(inner: ReadOnlyExecutor): CapturingExecutor {
  let lastError: unknown;
  return {
    async runReadOnly(statements, options) {
      try {
        return await inner.runReadOnly(statements, options);
      } catch (error) {
        lastError = error;
        throw error;
      }
    },
    get lastError() {
      return lastError;
    },
  };
}
