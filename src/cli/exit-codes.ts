/**
 * The CLI's exit-code contract, mapped in this one place (DESIGN.md "Exit codes (CLI)"):
 * 0 = ok / pass, 2 = findings at or above `--fail-on`, 1 = could not run or bad input.
 * Derived from the verdict, never from message text.
 */
import type { Verdict } from "../core/findings.js";

export const EXIT_OK = 0;
export const EXIT_COULD_NOT_RUN = 1;
export const EXIT_FINDINGS = 2;

/** `usage` = the command line or a config file was wrong before anything ran. */
export type Outcome = Verdict | "usage" | "ok";

export function exitCodeFor(outcome: Outcome): number {
  switch (outcome) {
    case "pass":
    case "ok":
      return EXIT_OK;
    case "fail":
      return EXIT_FINDINGS;
    case "error":
    case "usage":
      return EXIT_COULD_NOT_RUN;
  }
}
