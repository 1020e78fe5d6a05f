/**
 * `driftcheck vercel setup --project P [--team T] --webhook-url URL`: make the Vercel side of the
 * deployment check exist (src/adapters/vercel/setup.ts) and say what was created and what was
 * already there. `--webhook-url` is always required: it is how the webhook is recognised on the
 * next run (Vercel lists webhooks by URL; the secret is never listed).
 *
 * Exit codes: 0 = both exist and can work (created now or before); 1 = bad input, the API refused
 * (token, team, project), or something found cannot work as it is (the output says how to fix it).
 * VERCEL_TOKEN is scrubbed from every line; the webhook's secret is printed once, on creation.
 */
import { DriftcheckError, userError } from "../core/errors.js";
import { VercelApiError, VERCEL_API_URL } from "../adapters/vercel/transport.js";
import { createVercelSetupClient, scopeOf } from "../adapters/vercel/setup-client.js";
import { DEFAULT_CHECK_NAME, DRIFTCHECK_WEBHOOK_EVENTS, ensureVercelSetup, type SetupOptions, type SetupStep, type SetupSummary } from "../adapters/vercel/setup.js";
import type { CliArgs } from "./args.js";
import { EXIT_COULD_NOT_RUN, EXIT_OK } from "./exit-codes.js";
import { writeLine, type CliIo } from "./io.js";
import { errorResult, printError } from "./report-output.js";
import { createScrubber } from "./secrets.js";

const WEBHOOK_EXAMPLE = "https://driftcheck.example.workers.dev/webhooks/vercel";
const PAD = "         ";

export async function runVercelSetupCommand(args: CliArgs, rawIo: CliIo): Promise<number> {
  const token = rawIo.env.VERCEL_TOKEN?.trim() ?? "";
  const scrub = createScrubber(token.length >= 3 ? [token] : []); // shorter: not a real token, and scrubbing it would garble every line
  const io: CliIo = { ...rawIo, stdout: (text) => rawIo.stdout(scrub(text)), stderr: (text) => rawIo.stderr(scrub(text)) };
  let projectFound = false;
  try {
    const options = setupOptions(args);
    if (token === "") {
      throw userError("VERCEL_TOKEN is not set.", "Create a token in Vercel (Account Settings → Tokens) with access to the project's team, export it as VERCEL_TOKEN, and run this again.");
    }
    const client = createVercelSetupClient({ token, baseUrl: apiUrl(args, rawIo.env), scope: scopeOf(args.team) });
    const summary = await ensureVercelSetup(client, options, (step) => {
      if (step.kind === "project") projectFound = true;
      writeLine(io.stdout, renderStep(step, options, args.team));
    });
    return finish(summary, options.dryRun, io);
  } catch (error) {
    printError(errorResult(projectFound ? error : explainMissingProject(error, args), "error"), io);
    return EXIT_COULD_NOT_RUN;
  }
}

function setupOptions(args: CliArgs): SetupOptions {
  if (args.project === undefined) {
    throw userError("--project is required.", "Pass the Vercel project's name or id: driftcheck vercel setup --project my-app --webhook-url URL [--team TEAM].");
  }
  if (args.webhookUrl === undefined) {
    throw userError("--webhook-url is required.", `Pass the Worker's Vercel webhook route, e.g. --webhook-url ${WEBHOOK_EXAMPLE}.`);
  }
  return { project: args.project, webhookUrl: webhookUrl(args.webhookUrl), checkName: args.checkName ?? DEFAULT_CHECK_NAME, dryRun: args.dryRun === true };
}

function webhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw userError("--webhook-url is not a URL.", `Pass the Worker's Vercel webhook route, e.g. ${WEBHOOK_EXAMPLE}.`);
  }
  if (url.protocol !== "https:") throw userError("--webhook-url must start with https:// (Vercel delivers webhooks over HTTPS).", `For example: ${WEBHOOK_EXAMPLE}.`);
  if (url.pathname === "/") {
    throw userError("--webhook-url is the Worker's root, not its Vercel webhook route.", `Add the route: ${url.origin}/webhooks/vercel.`);
  }
  return url.href;
}

function apiUrl(args: CliArgs, env: Record<string, string | undefined>): string {
  const value = args.apiUrl ?? env.VERCEL_API_URL ?? VERCEL_API_URL;
  const flag = args.apiUrl !== undefined ? "--api-url" : "VERCEL_API_URL";
  try {
    const url = new URL(value);
    if (url.protocol === "https:" || url.protocol === "http:") return value;
  } catch {
    // reported below
  }
  throw userError(`${flag} is not an http(s) URL.`, `Leave it out to use ${VERCEL_API_URL}.`);
}

/** A 404 before the project was found means the project (or the team it was looked up in). */
function explainMissingProject(error: unknown, args: CliArgs): unknown {
  if (!(error instanceof VercelApiError) || error.status !== 404) return error;
  const where = args.team === undefined ? "in the token's personal account" : `in team ${args.team}`;
  return new DriftcheckError("user", `Vercel has no project "${args.project}" ${where}.`, {
    hint:
      args.team === undefined
        ? "Check --project (the name or id in Project → Settings → General); a team's project also needs --team with the team's slug or id (team_…)."
        : "Check --project (the name or id in Project → Settings → General) and --team (the slug in the team's URL, or its id team_…).",
  });
}

function renderStep(step: SetupStep, options: SetupOptions, team: string | undefined): string {
  const checkName = options.checkName;
  switch (step.kind) {
    case "project":
      return `project  ${step.project.name} (${step.project.id}), ${team === undefined ? "personal account" : `team ${team}`}`;
    case "webhook-would-create":
      return `webhook  would create: ${step.url} for ${DRIFTCHECK_WEBHOOK_EVENTS.join(", ")} (dry run)`;
    case "webhook-created":
      return [
        `webhook  created ${step.webhook.id} → ${step.webhook.url}`,
        `${PAD}events: ${step.webhook.events.join(", ")}; every project of the account`,
        `${PAD}Its signing secret, shown this once (Vercel never shows it again):`,
        "",
        `${PAD}    ${step.webhook.secret}`,
        "",
        `${PAD}Store it in the Worker now: npx wrangler secret put VERCEL_WEBHOOK_SECRETS`,
        `${PAD}(paste the secret; to keep an older secret valid meanwhile, paste both, comma-separated, newest first)`,
      ].join("\n");
    case "webhook-exists": {
      const { webhook, missingEvents, excludesProject } = step;
      const lines = [`webhook  already there: ${webhook.id} → ${webhook.url}`];
      if (missingEvents.length > 0) lines.push(`${PAD}problem: it is not subscribed to ${missingEvents.join(", ")}`);
      if (excludesProject) lines.push(`${PAD}problem: it is limited to other projects (${webhook.projectIds!.join(", ")}), so this project's deployments are not sent to it`);
      if (missingEvents.length > 0 || excludesProject) {
        lines.push(
          `${PAD}fix: Vercel's API cannot change a webhook. Delete it (Vercel → Settings → Webhooks) and, if there is one, the check`,
          `${PAD}     "${checkName}" (Project → Settings → Deployment Checks); run this command again: it creates both, with a new secret.`,
        );
      } else {
        lines.push(`${PAD}(its secret is shown only on creation: if VERCEL_WEBHOOK_SECRETS lacks it, delete the webhook and the check "${checkName}" and run this again)`);
      }
      return lines.join("\n");
    }
    case "check-would-create":
      return `check    would create "${step.name}": production and preview, once built; a failed run blocks domain assignment (dry run)`;
    case "check-skipped":
      return `check    not created: "${step.name}" would block deployments whose runs the webhook above never announces; fix the webhook first`;
    case "check-created":
      return `check    created "${step.check.name}" (${step.check.id}): production and preview, once built; a failed run blocks domain assignment; runs announced by webhook ${step.check.source.webhookId ?? "?"}`;
    case "check-exists": {
      const { check, wrongSource, notes } = step;
      const lines = [`check    already there: "${check.name}" (${check.id}), runs announced by ${sourceOf(check.source)}`];
      if (wrongSource) {
        lines.push(
          `${PAD}problem: that is not the webhook for ${options.webhookUrl}, so the Worker never hears of its runs`,
          `${PAD}fix: delete the check (Project → Settings → Deployment Checks; the API cannot change its source) and run this command again.`,
        );
      }
      for (const note of notes) lines.push(`${PAD}note: ${note}; left as it is`);
      return lines.join("\n");
    }
  }
}

function sourceOf(source: { kind: string; webhookId?: string }): string {
  if (source.kind === "webhook") return source.webhookId === undefined ? "a webhook" : `webhook ${source.webhookId}`;
  return `a ${source.kind} source`;
}

function finish(summary: SetupSummary, dryRun: boolean, io: CliIo): number {
  if (summary.problems > 0) {
    printError(errorResult(userError(`Vercel is not fully set up: ${summary.problems} problem${summary.problems === 1 ? "" : "s"} above.`, "Follow each problem's fix, then run this command again."), "error"), io);
    return EXIT_COULD_NOT_RUN;
  }
  if (dryRun) writeLine(io.stdout, "Dry run: nothing was created.");
  else if (summary.created.length === 0) writeLine(io.stdout, "Nothing to do: the webhook and the check were already there.");
  else writeLine(io.stdout, `Done: created the ${summary.created.join(" and the ")}.`);
  return EXIT_OK;
}
