/**
 * Webhook payloads built from GitHub's own examples (`@octokit/webhooks-examples`), not by hand:
 * each builder clones a published example of the event (and action) and overrides only what a
 * test needs — repository, commit, branch, PR number, installation. The workers pool bundles this
 * JSON import, so the examples are available inside workerd without reading node_modules.
 */
import examplesModule from "@octokit/webhooks-examples";

type Json = Record<string, unknown>;
interface WebhookDefinition {
  name: string;
  actions: string[];
  examples: Json[];
}
// The package is a bare JSON file typed as a CommonJS default export; bundled, the default is the array.
const definitions = ((examplesModule as unknown as { default?: unknown }).default ?? examplesModule) as WebhookDefinition[];
type Payload = Json & { repository: Json & { full_name: string; default_branch: string; name: string; owner: Json & { login: string } }; installation?: Json & { id: number } };

/** A deep copy of GitHub's example of `event` (with `action`, when GitHub publishes one for it). */
export function webhookExample(event: string, action?: string): Payload {
  const definition = definitions.find((d) => d.name === event);
  if (!definition) throw new Error(`@octokit/webhooks-examples has no ${event} event`);
  const examples = definition.examples;
  const example = action === undefined ? examples[0] : examples.find((e) => e.action === action);
  if (!example) throw new Error(`@octokit/webhooks-examples has no ${event}.${action} example`);
  return structuredClone(example) as Payload;
}

function placeRepository(payload: Payload, fullName: string, defaultBranch = "main"): void {
  const [owner = "", name = ""] = fullName.split("/");
  payload.repository = { ...payload.repository, full_name: fullName, name, default_branch: defaultBranch, owner: { ...payload.repository.owner, login: owner } };
}

function placeInstallation(payload: Payload, id: number): void {
  payload.installation = { ...(payload.installation ?? {}), id, node_id: payload.installation?.node_id ?? "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
}

/**
 * `pull_request` for `action` (default `opened`): GitHub's example of that action when it has one,
 * else its `opened` example with the action replaced (the payload's shape does not depend on it).
 */
export function pullRequestPayload(options: { repo: string; sha: string; branch: string; number: number; action?: string; installation?: number }): Payload {
  const action = options.action ?? "opened";
  const definition = definitions.find((d) => d.name === "pull_request");
  const payload = webhookExample("pull_request", definition?.actions.includes(action) && (definition.examples).some((e) => e.action === action) ? action : "opened");
  payload.action = action;
  payload.number = options.number;
  placeRepository(payload, options.repo);
  placeInstallation(payload, options.installation ?? 4242);
  const pr = payload.pull_request as Json & { head: Json; base: Json };
  pr.number = options.number;
  pr.state = "open";
  pr.head = { ...pr.head, sha: options.sha, ref: options.branch, label: `${payload.repository.owner.login}:${options.branch}`, repo: payload.repository };
  pr.base = { ...pr.base, ref: "main", repo: payload.repository };
  return payload;
}

/** `push` of `sha` to `ref`: GitHub's example with the commit, ref and repository replaced. */
export function pushPayload(options: { repo: string; sha: string; ref: string; installation?: number }): Payload {
  const payload = webhookExample("push");
  payload.ref = options.ref;
  payload.after = options.sha;
  payload.deleted = false;
  payload.created = false;
  placeRepository(payload, options.repo);
  placeInstallation(payload, options.installation ?? 4242);
  const head = payload.head_commit as (Json & { id: string; tree_id: string }) | null;
  if (head) payload.head_commit = { ...head, id: options.sha };
  return payload;
}

/** `check_suite` (requested / rerequested / completed) for `sha` on `branch`, linked to `prs`. */
export function checkSuitePayload(options: { repo: string; sha: string; branch: string; action: string; prs?: number[]; installation?: number }): Payload {
  const payload = webhookExample("check_suite", options.action);
  placeRepository(payload, options.repo);
  placeInstallation(payload, options.installation ?? 4242);
  const suite = payload.check_suite as Json & { pull_requests: Json[] };
  const prTemplate = suite.pull_requests[0] ?? {};
  payload.check_suite = { ...suite, head_sha: options.sha, head_branch: options.branch, pull_requests: (options.prs ?? []).map((number) => ({ ...prTemplate, number })) };
  return payload;
}

/** `check_run` (created / rerequested / …) for `sha` on `branch`, linked to `prs`. */
export function checkRunPayload(options: { repo: string; sha: string; branch: string; action: string; prs?: number[]; installation?: number }): Payload {
  const payload = webhookExample("check_run", options.action);
  placeRepository(payload, options.repo);
  placeInstallation(payload, options.installation ?? 4242);
  const run = payload.check_run as Json & { check_suite: Json; pull_requests: Json[] };
  const prTemplate = run.pull_requests[0] ?? {};
  payload.check_run = {
    ...run,
    head_sha: options.sha,
    check_suite: { ...run.check_suite, head_sha: options.sha, head_branch: options.branch },
    pull_requests: (options.prs ?? []).map((number) => ({ ...prTemplate, number })),
  };
  return payload;
}

/** `installation` (created / deleted / suspend …) for installation `id` on `account` with `repos`. */
export function installationPayload(options: { action: string; id: number; account: string; repos?: string[] }): Json {
  const payload = webhookExample("installation", options.action);
  const installation = payload.installation as unknown as Json & { account: Json };
  payload.installation = { ...installation, id: options.id, account: { ...installation.account, login: options.account } };
  const template = ((payload.repositories as Json[] | undefined) ?? [])[0] ?? {};
  if (options.repos) payload.repositories = options.repos.map((fullName) => ({ ...template, full_name: fullName, name: fullName.split("/")[1] }));
  return payload;
}

/** `installation_repositories` (added / removed) for installation `id`. */
export function installationRepositoriesPayload(options: { action: "added" | "removed"; id: number; account: string; added?: string[]; removed?: string[] }): Json {
  const payload = webhookExample("installation_repositories", options.action);
  const installation = payload.installation as unknown as Json & { account: Json };
  payload.installation = { ...installation, id: options.id, account: { ...installation.account, login: options.account } };
  const repo = (fullName: string) => ({ id: 1, node_id: "MDEwOlJlcG9zaXRvcnkx", name: fullName.split("/")[1], full_name: fullName, private: false });
  payload.repositories_added = (options.added ?? []).map(repo);
  payload.repositories_removed = (options.removed ?? []).map(repo);
  return payload;
}
