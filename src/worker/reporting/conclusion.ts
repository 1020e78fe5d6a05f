/**
 * DESIGN.md's outcomes table, GitHub column: pass → `success`; fail → `failure`; error →
 * `failure` or `neutral` per `onError`, titled "could not check"; a preview branch that does not
 * exist yet → `neutral` "waiting for Neon branch". `success` is only ever derived from a `pass`
 * verdict, which the core gives only after a completed comparison.
 */
import type { CheckRunConclusion } from "../../adapters/github/index.js";
import type { CheckResult } from "../../core/check.js";
import { displayObject } from "../../core/report/describe.js";
import type { OnError } from "../check-job/check-options.js";

export const CHECK_RUN_NAME = "schema-drift";
export const COULD_NOT_CHECK_TITLE = "could not check";
export const WAITING_TITLE = "waiting for Neon branch";

export interface GitHubConclusion {
  conclusion: CheckRunConclusion;
  title: string;
}

export function conclusionOf(result: CheckResult, onError: OnError): GitHubConclusion {
  if (result.verdict === "error" || result.error !== undefined) return couldNotCheck(onError);
  if (result.verdict === "pass") {
    const notes = result.summary.warning + result.summary.info;
    return { conclusion: "success", title: notes === 0 ? "no schema drift" : `no blocking drift (${countText(result)})` };
  }
  // Name what the code will trip over (COLUMN_MISSING …) before the migration bookkeeping behind it.
  const errors = result.findings.filter((finding) => finding.severity === "error");
  const failing = errors.find((finding) => finding.kind !== "migration") ?? errors[0] ?? result.findings[0];
  const first = failing ? `${failing.code} ${displayObject(failing)}` : "schema drift";
  const others = result.summary.total - 1;
  return { conclusion: "failure", title: others > 0 ? `${first} and ${others} more` : first };
}

export function couldNotCheck(onError: OnError): GitHubConclusion {
  return { conclusion: onError === "fail" ? "failure" : "neutral", title: COULD_NOT_CHECK_TITLE };
}

function countText(result: CheckResult): string {
  const s = result.summary;
  return [s.warning > 0 ? `${s.warning} warning${s.warning === 1 ? "" : "s"}` : "", s.info > 0 ? `${s.info} info` : ""].filter(Boolean).join(", ");
}
