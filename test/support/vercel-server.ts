/**
 * Stand-in Vercel REST API (Node, node:http) for the two calls the Worker makes. It accepts only
 * the paths and bodies `@vercel/sdk` 1.28's generated client produces:
 *  - `PATCH /v2/deployments/{deploymentId}/check-runs/{checkRunId}` (funcs/checksV2UpdateDeploymentCheckRun.ts),
 *    body validated with the SDK's own zod schema `UpdateDeploymentCheckRunRequestBody$outboundSchema`
 *    (models/updatedeploymentcheckrunop.ts), made strict so an unknown field is refused;
 *  - `GET /v13/deployments/{idOrUrl}` (funcs/deploymentsGetDeployment.ts);
 * and, for `driftcheck vercel setup`, projects, project checks and account webhooks
 * (vercel-setup-routes.ts). Query parameters: `teamId` and `slug`, plus what a route takes.
 * The bearer token must match (else 403, as Vercel answers an invalid token); unknown routes
 * are 404. Every request is recorded, token masked.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { UpdateDeploymentCheckRunRequestBody$outboundSchema } from "@vercel/sdk/models/updatedeploymentcheckrunop.js";
import type { RecordedRequest } from "./stand-in-records.js";
import type { StandInVercelCheckRun, StandInVercelDeployment, StandInVercelProject, StandInVercelProjectCheck, StandInVercelWebhook } from "./vercel-records.js";
import { createSetupRoutes, type SetupRoutes } from "./vercel-setup-routes.js";

export type { StandInVercelCheckRun, StandInVercelDeployment, StandInVercelProject, StandInVercelProjectCheck, StandInVercelWebhook } from "./vercel-records.js";

export interface VercelStandIn {
  url: string;
  token: string;
  requests: RecordedRequest[];
  checkRuns: Map<string, StandInVercelCheckRun>;
  addDeployment(deployment: StandInVercelDeployment): void;
  /** Vercel creates the run (per project check) before announcing it with deployment.checkrun.start. */
  addCheckRun(deploymentId: string, id: string): void;
  /** GET /v13/deployments/{id} answers `status` from now on (an outage of that call, for retry tests). */
  failDeployment(id: string, status: number): void;
  /** vercel setup: projects to find, account webhooks and project checks created (or added). */
  webhooks: Map<string, StandInVercelWebhook>;
  projectChecks: Map<string, StandInVercelProjectCheck>;
  addProject(project: StandInVercelProject): void;
  addWebhook: SetupRoutes["addWebhook"];
  close(): Promise<void>;
}

const ALLOWED_QUERY = new Set(["teamId", "slug"]);
const PATCH_RUN = /^\/v2\/deployments\/([^/]+)\/check-runs\/([^/]+)$/;
const GET_DEPLOYMENT = /^\/v13\/deployments\/([^/]+)$/;
const strictBody = (UpdateDeploymentCheckRunRequestBody$outboundSchema as unknown as { strict(): typeof UpdateDeploymentCheckRunRequestBody$outboundSchema }).strict();

export async function startVercelStandIn(options: { token: string }): Promise<VercelStandIn> {
  const deployments = new Map<string, StandInVercelDeployment>();
  const failingDeployments = new Map<string, number>();
  const checkRuns = new Map<string, StandInVercelCheckRun>();
  const requests: RecordedRequest[] = [];
  const setup = createSetupRoutes();

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: { code: "internal", message: error instanceof Error ? error.message : String(error) } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://vercel");
    const text = await readBody(req);
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    const auth = req.headers.authorization ?? "";
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { authorization: auth.startsWith("Bearer ") ? (auth.slice(7) === options.token ? "Bearer (token)" : "Bearer (wrong)") : auth ? "(other)" : "(none)", "content-type": req.headers["content-type"] ?? "" },
      body,
      status: 0,
    };
    requests.push(record);
    const reply = (status: number, payload: unknown) => {
      record.status = status;
      send(res, status, payload);
    };

    if (auth !== `Bearer ${options.token}`) return reply(403, { error: { code: "forbidden", message: "Not authorized", invalidToken: true } });
    const extra = [...url.searchParams.keys()].filter((key) => !ALLOWED_QUERY.has(key) && !setup.allowsQuery(req.method ?? "GET", url.pathname, key));
    if (extra.length > 0) return reply(400, { error: { code: "bad_request", message: `Unknown query parameters: ${extra.join(", ")}` } });

    const patch = req.method === "PATCH" ? PATCH_RUN.exec(url.pathname) : null;
    if (patch) {
      const [deploymentId, runId] = [decodeURIComponent(patch[1]!), decodeURIComponent(patch[2]!)];
      const run = checkRuns.get(runId);
      if (!run || run.deploymentId !== deploymentId) return reply(404, { error: { code: "not_found", message: "Check run not found" } });
      if (req.headers["content-type"]?.startsWith("application/json") !== true) return reply(400, { error: { code: "bad_request", message: "Expected application/json" } });
      const parsed = strictBody.safeParse(body);
      if (!parsed.success) return reply(400, { error: { code: "bad_request", message: `Invalid request body: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}` } });
      const update = parsed.data as Record<string, unknown>;
      run.updates.push(update);
      if (typeof update.status === "string") run.status = update.status;
      if (typeof update.conclusion === "string") run.conclusion = update.conclusion;
      if (typeof update.conclusionText === "string") run.conclusionText = update.conclusionText;
      if (typeof update.externalId === "string") run.externalId = update.externalId;
      if (typeof update.externalUrl === "string") run.externalUrl = update.externalUrl;
      return reply(200, { id: run.id, deploymentId, status: run.status, conclusion: run.conclusion ?? undefined });
    }
    const get = req.method === "GET" ? GET_DEPLOYMENT.exec(url.pathname) : null;
    if (get) {
      const failure = failingDeployments.get(decodeURIComponent(get[1]!));
      if (failure !== undefined) return reply(failure, { error: { code: "internal_server_error", message: "An unexpected internal error occurred" } });
      const deployment = deployments.get(decodeURIComponent(get[1]!));
      if (!deployment || (deployment.teamId ?? null) !== (url.searchParams.get("teamId") ?? null)) return reply(404, { error: { code: "not_found", message: "Deployment not found" } });
      const { teamId: _team, ...visible } = deployment;
      return reply(200, { ...visible, readyState: "READY", name: "app" });
    }
    if (setup.handle(req.method ?? "GET", url, body, req.headers["content-type"] ?? "", reply)) return;
    return reply(404, { error: { code: "not_found", message: `No route ${req.method} ${url.pathname}` } });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token: options.token,
    requests,
    checkRuns,
    addDeployment(deployment) {
      deployments.set(deployment.id, deployment);
    },
    failDeployment(id, status) {
      failingDeployments.set(id, status);
    },
    webhooks: setup.webhooks,
    projectChecks: setup.projectChecks,
    addProject(project) {
      setup.projects.set(project.id, project);
    },
    addWebhook: (input) => setup.addWebhook(input),
    addCheckRun(deploymentId, id) {
      checkRuns.set(id, { id, deploymentId, status: "queued", conclusion: null, conclusionText: null, externalId: null, externalUrl: null, updates: [] });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
