/**
 * A local stand-in for the Neon management API v2 routes driftcheck uses — for tests and local
 * development only. It verifies the bearer key (401 otherwise), answers 404 to unknown routes,
 * projects and branches and 422 to malformed query parameters, paginates branch lists with an
 * opaque cursor, and records every request (without the key).
 *
 * Routes (under `/api/v2`):
 *   GET /projects/{project_id}/branches?search=&cursor=&limit=      → {branches, pagination}
 *   GET /projects/{project_id}/branches/{branch_id}/endpoints        → {endpoints}
 *   GET /projects/{project_id}/connection_uri?branch_id=&database_name=&role_name=&pooled= → {uri}
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RecordedApiRequest } from "./stand-in-records.js";

export type { RecordedApiRequest };

export interface StandInBranch {
  id: string;
  name: string;
  default?: boolean;
  parent_id?: string;
}

export interface StandInEndpoint {
  id: string;
  branch_id: string;
  host: string;
  type?: "read_write" | "read_only";
}

export interface StandInRole {
  name: string;
  password: string;
}

export interface StandInProject {
  branches: StandInBranch[];
  endpoints: StandInEndpoint[];
  /** Roles with their passwords, for `connection_uri`. */
  roles?: StandInRole[];
  databases?: string[];
}

export interface NeonApiServerOptions {
  apiKey: string;
  projects: Record<string, StandInProject>;
  /** Branches per page unless `limit` says otherwise (default 2, so pagination is exercised). */
  pageSize?: number;
  /** Fault injection: return a response to send instead of serving the request. */
  intercept?: (request: RecordedApiRequest) => { status: number; body?: unknown; headers?: Record<string, string> } | undefined;
}

export interface NeonApiServer {
  /** `http://127.0.0.1:PORT/api/v2`: pass as the client's `baseUrl`. */
  baseUrl: string;
  requests: RecordedApiRequest[];
  /** Mutable: add branches while the server runs (a preview branch appearing). */
  projects: Record<string, StandInProject>;
  close(): Promise<void>;
}

const PREFIX = "/api/v2";

export async function startNeonApiServer(options: NeonApiServerOptions): Promise<NeonApiServer> {
  const requests: RecordedApiRequest[] = [];
  const server = createServer((req, res) => {
    try {
      handle(req, res, options, requests);
    } catch (error) {
      send(res, 500, { code: "", message: `stand-in failure: ${error instanceof Error ? error.message : String(error)}` });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}${PREFIX}`,
    requests,
    projects: options.projects,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function handle(req: IncomingMessage, res: ServerResponse, options: NeonApiServerOptions, requests: RecordedApiRequest[]): void {
  const url = new URL(req.url ?? "/", "http://stand-in");
  const record: RecordedApiRequest = {
    method: req.method ?? "",
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    authorized: req.headers.authorization === `Bearer ${options.apiKey}`,
    status: 0,
  };
  requests.push(record);
  const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    record.status = status;
    send(res, status, body, headers);
  };

  if (!record.authorized) return reply(401, { code: "", message: "authentication required" });
  const fault = options.intercept?.(record);
  if (fault) return reply(fault.status, fault.body ?? { code: "", message: `injected HTTP ${fault.status}` }, fault.headers);
  if (record.method !== "GET") return reply(404, { code: "", message: "not found" });

  const segments = url.pathname.startsWith(`${PREFIX}/`) ? url.pathname.slice(PREFIX.length + 1).split("/").map(decodeURIComponent) : [];
  const [top, projectId, resource, branchId, sub, ...rest] = segments;
  if (top !== "projects" || !projectId || !resource || rest.length > 0) return reply(404, { code: "", message: "not found" });
  const project = options.projects[projectId];
  if (!project) return reply(404, { code: "", message: "project not found" });

  if (resource === "branches" && branchId === undefined) return listBranches(project, projectId, url.searchParams, options, reply);
  if (resource === "branches" && branchId !== undefined && sub === "endpoints") {
    if (!project.branches.some((b) => b.id === branchId)) return reply(404, { code: "", message: "branch not found" });
    const endpoints = project.endpoints
      .filter((e) => e.branch_id === branchId)
      .map((e) => ({ id: e.id, host: e.host, branch_id: e.branch_id, project_id: projectId, type: e.type ?? "read_write", current_state: "idle" }));
    return reply(200, { endpoints });
  }
  if (resource === "connection_uri" && branchId === undefined) return connectionUri(project, url.searchParams, reply);
  return reply(404, { code: "", message: "not found" });
}

type Reply = (status: number, body: unknown, headers?: Record<string, string>) => void;

function listBranches(project: StandInProject, projectId: string, params: URLSearchParams, options: NeonApiServerOptions, reply: Reply): void {
  const limitText = params.get("limit");
  const limit = limitText === null ? (options.pageSize ?? 2) : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return reply(422, { code: "", message: "limit must be an integer between 1 and 10000" });
  const cursorText = params.get("cursor");
  const offset = cursorText === null ? 0 : decodeCursor(cursorText);
  if (offset === null) return reply(422, { code: "", message: "invalid cursor" });
  const search = (params.get("search") ?? "").toLowerCase();
  // Like Neon: `search` matches part of the name or the id.
  const matching = project.branches.filter((b) => !search || b.name.toLowerCase().includes(search) || b.id.toLowerCase().includes(search));
  const page = matching.slice(offset, offset + limit);
  const next = offset + limit < matching.length ? encodeCursor(offset + limit) : undefined;
  reply(200, {
    branches: page.map((b) => ({
      id: b.id,
      project_id: projectId,
      name: b.name,
      default: b.default === true,
      primary: b.default === true,
      ...(b.parent_id ? { parent_id: b.parent_id } : {}),
      current_state: "ready",
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
    })),
    annotations: {},
    pagination: { ...(next ? { next } : {}), sort_by: "updated_at", sort_order: "desc" },
  });
}

function connectionUri(project: StandInProject, params: URLSearchParams, reply: Reply): void {
  const branchId = params.get("branch_id");
  const database = params.get("database_name");
  const roleName = params.get("role_name");
  const pooled = params.get("pooled");
  if (!database || !roleName) return reply(422, { code: "", message: "database_name and role_name are required" });
  if (pooled !== null && pooled !== "true" && pooled !== "false") return reply(422, { code: "", message: "pooled must be true or false" });
  const branch = branchId ? project.branches.find((b) => b.id === branchId) : project.branches.find((b) => b.default);
  if (!branch) return reply(404, { code: "", message: "branch not found" });
  const role = project.roles?.find((r) => r.name === roleName);
  if (!role || (project.databases && !project.databases.includes(database))) return reply(404, { code: "", message: "role or database not found" });
  const endpoint = project.endpoints.find((e) => e.branch_id === branch.id && (e.type ?? "read_write") === "read_write");
  if (!endpoint) return reply(404, { code: "", message: "branch has no read-write endpoint" });
  const host = pooled === "true" ? endpoint.host.replace(/^([^.]+)/, "$1-pooler") : endpoint.host;
  reply(200, { uri: `postgresql://${encodeURIComponent(role.name)}:${encodeURIComponent(role.password)}@${host}/${encodeURIComponent(database)}?sslmode=require` });
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

function decodeCursor(cursor: string): number | null {
  try {
    const { offset } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { offset?: unknown };
    return typeof offset === "number" && Number.isInteger(offset) && offset >= 0 ? offset : null;
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}
