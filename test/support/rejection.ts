/** Awaiting an expected failure in tests: a DriftcheckError, and none of the secrets in any rendering of it. */
import { expect } from "vitest";
import { DriftcheckError, errorToJson } from "../../src/core/errors.js";

export async function driftcheckRejection(work: Promise<unknown>, options: { secrets?: readonly string[] } = {}): Promise<DriftcheckError> {
  const error = await work.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DriftcheckError);
  const rendered = JSON.stringify({ ...errorToJson(error), detail: (error as DriftcheckError).detail, stack: (error as Error).stack });
  for (const secret of options.secrets ?? []) expect(rendered).not.toContain(secret);
  return error as DriftcheckError;
}
