/**
 * The Vercel REST calls of `driftcheck vercel setup`, with plain fetch (`@vercel/sdk` is a
 * devDependency: the stand-in validates against it, nothing here imports it). Paths, methods and
 * query parameters as @vercel/sdk 1.28's generated client builds them:
 *  - `GET  /v9/projects/{idOrName}`                  funcs/projectsGetProject.ts
 *  - `GET  /v2/projects/{projectIdOrName}/checks`    funcs/checksV2ListProjectChecks.ts
 *  - `POST /v2/projects/{projectIdOrName}/checks`    funcs/checksV2CreateProjectCheck.ts
 *  - `GET  /v1/webhooks`                             funcs/webhooksGetWebhooks.ts
 *  - `POST /v1/webhooks`                             funcs/webhooksCreateWebhook.ts
 * each with `teamId` or `slug` as the query parameter naming the team. The SDK has no call that
 * updates a webhook, and its project-check update (funcs/checksV2UpdateProjectCheck.ts) cannot
 * change a check's source: setup only lists and creates. The token is never part of a message.
 */
import { createVercelTransport, errorMessage, readJson, VercelApiError } from "./transport.js";
import type {
  VercelCreatedWebhook,
  VercelProject,
  VercelProjectCheck,
  VercelProjectCheckCreate,
  VercelScope,
  VercelWebhook,
  VercelWebhookCreate,
} from "./types.js";

export interface VercelSetupClientOptions {
  token: string;
  /** Default https://api.vercel.com; a stand-in's URL in tests. */
  baseUrl?: string;
  scope: VercelScope;
  fetch?: typeof fetch;
}

export interface VercelSetupClient {
  getProject(idOrName: string): Promise<VercelProject>;
  listProjectChecks(projectIdOrName: string): Promise<VercelProjectCheck[]>;
  createProjectCheck(projectIdOrName: string, body: VercelProjectCheckCreate): Promise<VercelProjectCheck>;
  listWebhooks(): Promise<VercelWebhook[]>;
  createWebhook(body: VercelWebhookCreate): Promise<VercelCreatedWebhook>;
}

const TOKEN_HINT = "Check VERCEL_TOKEN: it must be valid (Vercel → Account Settings → Tokens) and scoped to the team that owns the project (pass that team with --team).";

/** `--team team_…` is an id; anything else is the team's slug (its URL name). */
export function scopeOf(team: string | undefined): VercelScope {
  if (team === undefined) return null;
  return team.startsWith("team_") ? { teamId: team } : { slug: team };
}

export function createVercelSetupClient(options: VercelSetupClientOptions): VercelSetupClient {
  const transport = createVercelTransport({ ...options, failure, unreachableHint: "Check the network and --api-url; running the command again is safe." });
  const scope: Record<string, string> = options.scope === null ? {} : "teamId" in options.scope ? { teamId: options.scope.teamId } : { slug: options.scope.slug };
  const request = async (method: "GET" | "POST", path: string, what: string, body?: unknown): Promise<unknown> =>
    readJson(await transport.send(method, path, scope, what, body), what);

  const unexpected = (what: string): VercelApiError => new VercelApiError(200, `The Vercel API sent an unexpected response (${what}).`, { transient: false });
  const projectPath = (project: string): string => `/v2/projects/${encodeURIComponent(project)}/checks`;

  return {
    async getProject(idOrName) {
      const what = `get project ${idOrName}`;
      const body = await request("GET", `/v9/projects/${encodeURIComponent(idOrName)}`, what);
      if (!isRecord(body) || typeof body.id !== "string" || typeof body.name !== "string") throw unexpected(what);
      return { id: body.id, name: body.name };
    },
    async listProjectChecks(project) {
      const what = `list the checks of project ${project}`;
      const body = await request("GET", projectPath(project), what);
      if (!isRecord(body) || !Array.isArray(body.checks) || !body.checks.every(isProjectCheck)) throw unexpected(what);
      return body.checks;
    },
    async createProjectCheck(project, check) {
      const what = `create check ${check.name} in project ${project}`;
      const body = await request("POST", projectPath(project), what, check);
      if (!isProjectCheck(body)) throw unexpected(what);
      return body;
    },
    async listWebhooks() {
      const what = "list webhooks";
      const body = await request("GET", "/v1/webhooks", what);
      if (!Array.isArray(body) || !body.every(isWebhook)) throw unexpected(what);
      return body;
    },
    async createWebhook(webhook) {
      const what = "create webhook";
      const body = await request("POST", "/v1/webhooks", what, webhook);
      if (!isWebhook(body) || typeof (body as { secret?: unknown }).secret !== "string") throw unexpected(what);
      return body as VercelCreatedWebhook;
    },
  };
}

async function failure(response: Response, what: string): Promise<VercelApiError> {
  const message = await errorMessage(response);
  const suffix = message ? `: ${message}` : "";
  const status = response.status;
  if (status === 401 || status === 403) {
    return new VercelApiError(status, `The Vercel API refused the token (HTTP ${status}, ${what})${suffix}.`, { transient: false, kind: "user", hint: TOKEN_HINT });
  }
  if (status === 404) {
    return new VercelApiError(status, `Vercel found nothing here (HTTP 404, ${what})${suffix}.`, { transient: false, kind: "user", hint: "Check --project and --team." });
  }
  if (status === 429 || status >= 500) {
    return new VercelApiError(status, `The Vercel API answered HTTP ${status} (${what})${suffix}.`, { transient: true, hint: "Vercel is rate-limiting or unavailable; run the command again later (it is safe to repeat)." });
  }
  return new VercelApiError(status, `The Vercel API rejected the request (HTTP ${status}, ${what})${suffix}.`, { transient: false });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function isWebhook(value: unknown): value is VercelWebhook {
  return isRecord(value) && typeof value.id === "string" && typeof value.url === "string" && isStringArray(value.events) && (value.projectIds === undefined || isStringArray(value.projectIds));
}

function isProjectCheck(value: unknown): value is VercelProjectCheck {
  return (
    isRecord(value) &&
    typeof value.id === "string" &&
    typeof value.name === "string" &&
    typeof value.blocks === "string" &&
    typeof value.requires === "string" &&
    isStringArray(value.targets) &&
    isRecord(value.source) &&
    typeof value.source.kind === "string"
  );
}
