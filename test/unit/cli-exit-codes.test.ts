import { describe, expect, it } from "vitest";
import { EXIT_COULD_NOT_RUN, EXIT_FINDINGS, EXIT_OK, exitCodeFor } from "../../src/cli/exit-codes.js";

describe("exitCodeFor", () => {
  it("maps verdicts and outcomes to the documented exit codes", () => {
    expect([EXIT_OK, EXIT_COULD_NOT_RUN, EXIT_FINDINGS]).toEqual([0, 1, 2]);
    expect(exitCodeFor("pass")).toBe(0);
    expect(exitCodeFor("ok")).toBe(0);
    expect(exitCodeFor("fail")).toBe(2);
    expect(exitCodeFor("error")).toBe(1);
    expect(exitCodeFor("usage")).toBe(1);
  });
});
