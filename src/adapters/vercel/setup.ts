/**
 * What `driftcheck vercel setup` makes exist, idempotently (issue 5 point 4, PROTOCOLS.md
 * "Vercel"): one account webhook pointing at the Worker's `/webhooks/vercel` for the deployment
 * events the Worker acts on, and one project check whose runs that webhook announces.
 *
 * Order: the project first (a wrong --project or --team fails before anything is created), then
 * the webhook (the check names it), then the check. Each step is reported as soon as it is done:
 * the webhook's secret is shown only in the create response, so it must reach the operator even
 * when the check's creation fails afterwards.
 *
 * What is found is never changed: Vercel's API cannot update a webhook, and cannot change a
 * check's source (funcs/checksV2UpdateProjectCheck.ts takes no `source`). A webhook or check
 * that exists but cannot work is a *problem* with the steps that fix it; other differences from
 * the recommended check are *notes* (the operator may have chosen them).
 */
import type { VercelSetupClient } from "./setup-client.js";
import type { VercelCreatedWebhook, VercelProject, VercelProjectCheck, VercelProjectCheckCreate, VercelWebhook } from "./types.js";

/** The events the Worker acts on (src/worker/queue/jobs.ts VERCEL_EVENTS; a unit test keeps them equal). */
export const DRIFTCHECK_WEBHOOK_EVENTS = [
  "deployment.created",
  "deployment.succeeded",
  "deployment.promoted",
  "deployment.error",
  "deployment.canceled",
  "deployment.checkrun.start",
  "deployment.checkrun.cancel",
] as const;

export const DEFAULT_CHECK_NAME = "driftcheck";

/**
 * The project check. `requires: "build-ready"`: the run starts once the build is done, i.e. after
 * migrations that run in the build command have been applied to the branch. `blocks:
 * "deployment-alias"`: a failing run holds domain assignment (the deployment still builds).
 * `timeout` is the SDK's default, 300 s, well above a check's duration.
 */
export function projectCheckFor(name: string, webhookId: string): VercelProjectCheckCreate {
  return { name, requires: "build-ready", targets: ["production", "preview"], blocks: "deployment-alias", source: { kind: "webhook", webhookId }, timeout: 300 };
}

export interface SetupOptions {
  /** Project name or id. */
  project: string;
  webhookUrl: string;
  checkName: string;
  /** List only: report what would be created. */
  dryRun: boolean;
}

export type SetupStep =
  | { kind: "project"; project: VercelProject }
  | { kind: "webhook-created"; webhook: VercelCreatedWebhook }
  | { kind: "webhook-would-create"; url: string }
  /** `missingEvents` / `excludesProject`: found, but it will not deliver everything the Worker needs. */
  | { kind: "webhook-exists"; webhook: VercelWebhook; missingEvents: string[]; excludesProject: boolean }
  | { kind: "check-created"; check: VercelProjectCheck }
  | { kind: "check-would-create"; name: string }
  /** Not created: the webhook found cannot announce its runs. */
  | { kind: "check-skipped"; name: string }
  /** `wrongSource`: its runs are announced elsewhere; `notes`: differences left as they are. */
  | { kind: "check-exists"; check: VercelProjectCheck; wrongSource: boolean; notes: string[] };

export interface SetupSummary {
  created: ("webhook" | "check")[];
  /** Found in a state that cannot work (the steps said how to fix it). */
  problems: number;
}

export async function ensureVercelSetup(client: VercelSetupClient, options: SetupOptions, report: (step: SetupStep) => void): Promise<SetupSummary> {
  const summary: SetupSummary = { created: [], problems: 0 };
  const project = await client.getProject(options.project);
  report({ kind: "project", project });
  // Both listed before anything is created, so a refusal leaves nothing half done (one after the
  // other: two small requests, in an order the tests can assert).
  const checks = await client.listProjectChecks(project.id);
  const webhooks = await client.listWebhooks();

  /** The webhook the check must name; null when there is none yet (dry run) or it cannot work. */
  let webhookId: string | null;
  let webhookUsable = true;
  const found = webhooks.find((webhook) => sameUrl(webhook.url, options.webhookUrl));
  if (found) {
    const missingEvents = DRIFTCHECK_WEBHOOK_EVENTS.filter((event) => !found.events.includes(event));
    const excludesProject = (found.projectIds ?? []).length > 0 && !found.projectIds!.includes(project.id);
    webhookUsable = missingEvents.length === 0 && !excludesProject;
    if (!webhookUsable) summary.problems += 1;
    report({ kind: "webhook-exists", webhook: found, missingEvents, excludesProject });
    webhookId = found.id;
  } else if (options.dryRun) {
    report({ kind: "webhook-would-create", url: options.webhookUrl });
    webhookId = null;
  } else {
    // No projectIds: one account webhook (one secret) serves every project set up this way.
    const created = await client.createWebhook({ url: options.webhookUrl, events: [...DRIFTCHECK_WEBHOOK_EVENTS] });
    summary.created.push("webhook");
    report({ kind: "webhook-created", webhook: created });
    webhookId = created.id;
  }

  const existing = checks.find((check) => check.name === options.checkName);
  if (existing) {
    // A dry run that would create the webhook cannot match an existing check's source to it.
    const wrongSource = existing.source.kind !== "webhook" || existing.source.webhookId !== webhookId;
    if (wrongSource) summary.problems += 1;
    report({ kind: "check-exists", check: existing, wrongSource, notes: checkNotes(existing) });
  } else if (!webhookUsable) {
    // A blocking check whose runs are never announced would hold every deployment until timeout.
    report({ kind: "check-skipped", name: options.checkName });
  } else if (webhookId === null || options.dryRun) {
    report({ kind: "check-would-create", name: options.checkName });
  } else {
    const created = await client.createProjectCheck(project.id, projectCheckFor(options.checkName, webhookId));
    summary.created.push("check");
    report({ kind: "check-created", check: created });
  }
  return summary;
}

/** Differences from projectCheckFor() that still work, and are the operator's choice to keep. */
function checkNotes(check: VercelProjectCheck): string[] {
  const notes: string[] = [];
  const missingTargets = ["production", "preview"].filter((target) => !check.targets.includes(target));
  if (missingTargets.length > 0) notes.push(`it does not run for ${missingTargets.join(" or ")} deployments`);
  if (check.blocks !== "deployment-alias") notes.push(`its blocks setting is ${check.blocks} (driftcheck's default is deployment-alias: a failed run holds domain assignment)`);
  return notes;
}

/** URLs compared as the WHATWG parser normalises them (host case, default port, empty path). */
function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}
