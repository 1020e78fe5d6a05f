/**
 * `check_run.requested_action` → an "Accept drift" job (issue 5). GitHub sends the event to the
 * App that created the run when someone with write access clicks one of its buttons; only our
 * `accept_drift` identifier is acted on, and only with a sender login to record. Pure, like events.ts.
 */
import * as z from "zod";
import { ACCEPT_DRIFT_ACTION } from "../acceptance/note.js";
import { isGitHubSenderLogin, repoFullName } from "../identifiers.js";
import type { EventDecision } from "./events.js";

const RequestedActionEvent = z.object({
  action: z.literal("requested_action"),
  check_run: z.object({ id: z.number().int(), external_id: z.string().max(128).nullish() }),
  requested_action: z.object({ identifier: z.string() }),
  repository: z.object({ full_name: repoFullName }),
  installation: z.object({ id: z.number().int() }).optional(),
  sender: z.object({ login: z.string().max(64) }).nullish(),
});

export function requestedActionToJob(payload: unknown, deliveryId: string): EventDecision {
  const parsed = RequestedActionEvent.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : "payload";
    return { kind: "invalid", message: `check_run payload: ${where}: ${issue?.message ?? "invalid"}` };
  }
  const p = parsed.data;
  if (p.requested_action.identifier !== ACCEPT_DRIFT_ACTION.identifier) return { kind: "ignored", reason: `requested action ${p.requested_action.identifier}` };
  const login = p.sender?.login.trim() ?? "";
  if (login === "") return { kind: "ignored", reason: "requested action without a sender login" };
  if (!isGitHubSenderLogin(login)) return { kind: "invalid", message: "check_run payload: sender.login: not a GitHub login" };
  const externalId = p.check_run.external_id?.trim() ?? "";
  return {
    kind: "job",
    job: {
      type: "accept-drift",
      repo: p.repository.full_name,
      checkRunId: p.check_run.id,
      checkId: externalId === "" ? null : externalId,
      installationId: p.installation?.id ?? null,
      login,
      deliveryId,
    },
  };
}
