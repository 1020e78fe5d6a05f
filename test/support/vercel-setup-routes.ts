/**
 * The stand-in Vercel API's routes for `driftcheck vercel setup` (mounted by vercel-server.ts).
 * Only what `@vercel/sdk` 1.28's generated client sends is accepted:
 *  - `GET  /v9/projects/{idOrName}`               funcs/projectsGetProject.ts
 *  - `GET  /v2/projects/{projectIdOrName}/checks` funcs/checksV2ListProjectChecks.ts (`blocks` query)
 *  - `POST /v2/projects/{projectIdOrName}/checks` funcs/checksV2CreateProjectCheck.ts, body
 *    `CreateProjectCheckRequestBody$outboundSchema` (models/createprojectcheckop.ts) made strict,
 *    a webhook source checked with `Source2$outboundSchema` made strict and naming a known webhook
 *  - `GET  /v1/webhooks`                          funcs/webhooksGetWebhooks.ts (`projectId` query)
 *  - `POST /v1/webhooks`                          funcs/webhooksCreateWebhook.ts, body
 *    `CreateWebhookRequestBody$outboundSchema` (models/createwebhookop.ts) made strict
 * Answers are checked against the SDK's `$inboundSchema`s before they are sent, so the stand-in
 * cannot drift from what Vercel answers. The team comes from `teamId` or `slug`; without either,
 * the token's personal account. A team the stand-in does not know is refused (403), as Vercel
 * refuses a team the token is not a member of.
 */
import { randomBytes } from "node:crypto";
import type { z } from "zod/v3";
import {
  CreateProjectCheckRequestBody$outboundSchema,
  CreateProjectCheckResponseBody$inboundSchema,
  Source2$outboundSchema,
} from "@vercel/sdk/models/createprojectcheckop.js";
import { CreateWebhookRequestBody$outboundSchema, CreateWebhookResponseBody$inboundSchema } from "@vercel/sdk/models/createwebhookop.js";
import { GetWebhooksResponseBody$inboundSchema } from "@vercel/sdk/models/getwebhooksop.js";
import { ListProjectChecksResponseBody$inboundSchema } from "@vercel/sdk/models/listprojectchecksop.js";
import type { StandInVercelProject, StandInVercelProjectCheck, StandInVercelWebhook } from "./vercel-records.js";

export const PERSONAL_ACCOUNT_ID = "user_standin";

type Reply = (status: number, payload: unknown) => void;

export interface SetupRoutes {
  projects: Map<string, StandInVercelProject>;
  webhooks: Map<string, StandInVercelWebhook>;
  projectChecks: Map<string, StandInVercelProjectCheck>;
  /** Query parameters a route takes beyond `teamId` and `slug`. */
  allowsQuery(method: string, path: string, key: string): boolean;
  /** Handles the request when it is one of these routes (true), else leaves it (false). */
  handle(method: string, url: URL, body: unknown, contentType: string, reply: Reply): boolean;
  /** A webhook created beforehand (e.g. in the dashboard); returns it with its secret. */
  addWebhook(input: { url: string; events: string[]; projectIds?: string[]; teamId?: string | null }): StandInVercelWebhook;
}

const GET_PROJECT = /^\/v9\/projects\/([^/]+)$/;
const PROJECT_CHECKS = /^\/v2\/projects\/([^/]+)\/checks$/;
const WEBHOOKS = "/v1/webhooks";

/** zod v3 objects from the SDK, with unknown keys refused. */
function strict<T extends z.ZodTypeAny>(schema: T): T {
  return (schema as unknown as { strict(): T }).strict();
}
const strictCreateCheck = strict(CreateProjectCheckRequestBody$outboundSchema);
const strictWebhookSource = strict(Source2$outboundSchema);
const strictCreateWebhook = strict(CreateWebhookRequestBody$outboundSchema);

const issuesOf = (error: z.ZodError): string => error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`).join("; ");
const badRequest = (reply: Reply, message: string): void => reply(400, { error: { code: "bad_request", message } });

/** Throws (→ 500 in vercel-server.ts) when the stand-in's own answer is not what the SDK accepts. */
function conforming(schema: z.ZodTypeAny, payload: unknown, what: string): unknown {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new Error(`stand-in answer for ${what} does not match @vercel/sdk: ${issuesOf(parsed.error)}`);
  return payload;
}

export function createSetupRoutes(): SetupRoutes {
  const projects = new Map<string, StandInVercelProject>();
  const webhooks = new Map<string, StandInVercelWebhook>();
  const projectChecks = new Map<string, StandInVercelProjectCheck>();
  let sequence = 0;
  const nextId = (prefix: string): string => `${prefix}_${(sequence += 1).toString().padStart(4, "0")}`;

  /** The account the request acts on; undefined = a team the token cannot access. */
  function ownerOf(url: URL): string | undefined {
    const teamId = url.searchParams.get("teamId");
    const slug = url.searchParams.get("slug");
    const teams = [...projects.values()].filter((project) => project.teamId !== null);
    if (teamId !== null) return teams.some((project) => project.teamId === teamId) ? teamId : undefined;
    if (slug !== null) return teams.find((project) => project.teamSlug === slug)?.teamId ?? undefined;
    return PERSONAL_ACCOUNT_ID;
  }

  function findProject(owner: string, idOrName: string): StandInVercelProject | undefined {
    return [...projects.values()].find((project) => (project.teamId ?? PERSONAL_ACCOUNT_ID) === owner && (project.id === idOrName || project.name === idOrName));
  }

  function createWebhook(owner: string, input: { url: string; events: string[]; projectIds?: string[] }): StandInVercelWebhook {
    const now = Date.now();
    const webhook: StandInVercelWebhook = {
      id: nextId("hook"),
      url: input.url,
      events: input.events,
      ...(input.projectIds ? { projectIds: input.projectIds } : {}),
      ownerId: owner,
      secret: randomBytes(12).toString("hex"),
      createdAt: now,
      updatedAt: now,
    };
    webhooks.set(webhook.id, webhook);
    return webhook;
  }

  return {
    projects,
    webhooks,
    projectChecks,
    allowsQuery(method, path, key) {
      if (method === "GET" && path === WEBHOOKS) return key === "projectId";
      if (method === "GET" && PROJECT_CHECKS.test(path)) return key === "blocks";
      return false;
    },
    addWebhook(input) {
      return createWebhook(input.teamId ?? PERSONAL_ACCOUNT_ID, input);
    },
    handle(method, url, body, contentType, reply) {
      const path = url.pathname;
      const getProject = method === "GET" ? GET_PROJECT.exec(path) : null;
      const checksOf = PROJECT_CHECKS.exec(path);
      const isWebhooks = path === WEBHOOKS;
      if (!getProject && !checksOf && !isWebhooks) return false;
      if ((checksOf || isWebhooks) && method !== "GET" && method !== "POST") return false;

      const owner = ownerOf(url);
      if (owner === undefined) {
        reply(403, { error: { code: "forbidden", message: "You don't have permission to access this team" } });
        return true;
      }
      if (method === "POST" && !contentType.startsWith("application/json")) {
        badRequest(reply, "Expected application/json");
        return true;
      }

      if (getProject || checksOf) {
        const project = findProject(owner, decodeURIComponent((getProject ?? checksOf)![1]!));
        if (!project) {
          reply(404, { error: { code: "not_found", message: "Project not found" } });
          return true;
        }
        if (getProject) {
          reply(200, { id: project.id, name: project.name, accountId: owner });
          return true;
        }
        if (method === "GET") {
          const blocks = url.searchParams.get("blocks");
          const checks = [...projectChecks.values()].filter((check) => check.projectId === project.id && (blocks === null || check.blocks === blocks));
          reply(200, conforming(ListProjectChecksResponseBody$inboundSchema, { checks }, "list project checks"));
          return true;
        }
        createCheck(owner, project, body, reply);
        return true;
      }

      if (method === "GET") {
        const projectId = url.searchParams.get("projectId");
        const listed = [...webhooks.values()]
          .filter((webhook) => webhook.ownerId === owner && (projectId === null || (webhook.projectIds ?? []).includes(projectId)))
          .map(({ secret: _secret, ...visible }) => visible);
        reply(200, conforming(GetWebhooksResponseBody$inboundSchema, listed, "list webhooks"));
        return true;
      }
      const parsed = strictCreateWebhook.safeParse(body);
      if (!parsed.success) {
        badRequest(reply, `Invalid request body: ${issuesOf(parsed.error)}`);
        return true;
      }
      const webhook = createWebhook(owner, parsed.data as { url: string; events: string[]; projectIds?: string[] });
      reply(200, conforming(CreateWebhookResponseBody$inboundSchema, webhook, "create webhook"));
      return true;
    },
  };

  function createCheck(owner: string, project: StandInVercelProject, body: unknown, reply: Reply): void {
    const parsed = strictCreateCheck.safeParse(body);
    if (!parsed.success) return badRequest(reply, `Invalid request body: ${issuesOf(parsed.error)}`);
    const input = parsed.data as { name: string; isRerequestable?: boolean; requires: string; targets?: string[]; blocks: string; timeout: number };
    // The SDK's union accepts any object as a source; Vercel's checks need one of three kinds:
    // the stand-in knows the account-webhook kind only, so anything else is refused.
    const rawSource = (body as { source?: unknown }).source;
    const source = strictWebhookSource.safeParse(rawSource);
    if (!source.success || source.data.kind !== "webhook") return badRequest(reply, "Invalid request body: source must be {kind: \"webhook\", webhookId}");
    const webhook = source.data.webhookId === undefined ? undefined : webhooks.get(source.data.webhookId);
    if (!webhook || webhook.ownerId !== owner) return badRequest(reply, "Invalid request body: source.webhookId is not a webhook of this account");
    if ([...projectChecks.values()].some((check) => check.projectId === project.id && check.name === input.name)) {
      return reply(409, { error: { code: "conflict", message: `A check named ${input.name} already exists` } });
    }
    const now = Date.now();
    const check: StandInVercelProjectCheck = {
      id: nextId("chk"),
      name: input.name,
      ownerId: owner,
      projectId: project.id,
      requires: input.requires,
      targets: input.targets ?? ["production", "preview"],
      blocks: input.blocks,
      source: { kind: "webhook", webhookId: webhook.id },
      sourceKind: "webhook",
      timeout: input.timeout,
      isRerequestable: input.isRerequestable ?? false,
      createdAt: now,
      updatedAt: now,
    };
    projectChecks.set(check.id, check);
    reply(200, conforming(CreateProjectCheckResponseBody$inboundSchema, check, "create project check"));
  }
}
