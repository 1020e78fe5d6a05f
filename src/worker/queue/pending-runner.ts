/**
 * Stand-in for the check job until it is wired in (issue 4, step 4): concludes every check as
 * "could not check" with a clear reason instead of pretending it ran. Never a silent pass.
 */
import { DriftcheckError } from "../../core/errors.js";
import type { CheckJobRunner } from "./consumer.js";

export const checkJobNotInstalled: CheckJobRunner = async () => {
  throw new DriftcheckError("internal", "The check job is not part of this build yet.", {
    hint: "Deploy a driftcheck version whose Worker runs the check job.",
  });
};
