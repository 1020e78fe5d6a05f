/**
 * A typed client for the parts of the Neon management API v2 the Worker needs: find a branch
 * by its exact name, the default branch, a branch's endpoint host, and `connection_uri`.
 * Plain `fetch` (the official client's axios has broken on Workers; docs/PROTOCOLS.md).
 */
import { DriftcheckError } from "../../core/errors.js";
import { createNeonApiTransport, type NeonApiTransportOptions } from "./request.js";
import type { ConnectionUriQuery, ConnectionUriResponse, ListBranchesResponse, ListEndpointsResponse, NeonBranch, NeonEndpoint } from "./types.js";

export type NeonApiClientOptions = NeonApiTransportOptions & {
  /** Stop following `pagination.next` after this many pages (default 50): a guard, not a limit users hit. */
  maxPages?: number;
};

export interface NeonApiClient {
  /** The branch named exactly `name` (`search` matches partially), or null. */
  findBranchByName(projectId: string, name: string): Promise<NeonBranch | null>;
  getDefaultBranch(projectId: string): Promise<NeonBranch>;
  listBranchEndpoints(projectId: string, branchId: string): Promise<NeonEndpoint[]>;
  /** The host of the branch's read-write endpoint (else a read-only one). */
  getBranchHost(projectId: string, branchId: string): Promise<string>;
  /** A full connection string, password included: never log or store it. */
  getConnectionUri(projectId: string, query: ConnectionUriQuery): Promise<string>;
}

export function createNeonApiClient(options: NeonApiClientOptions): NeonApiClient {
  const transport = createNeonApiTransport(options);
  const maxPages = options.maxPages ?? 50;

  const projectNotFound = (projectId: string) => () =>
    new DriftcheckError("user", `The Neon project "${projectId}" was not found.`, {
      hint: "Check the Neon project id in the configuration and that NEON_API_KEY can access that project.",
    });
  const branchNotFound = (projectId: string, branchId: string) => () =>
    new DriftcheckError("user", `The Neon branch "${branchId}" was not found in project "${projectId}".`, {
      hint: "The branch may have been deleted; re-run the check.",
    });

  /** Every branch matching `search` (all when undefined), following the cursor, until `stop` says so. */
  async function scanBranches(projectId: string, search: string | undefined, stop: (branch: NeonBranch) => boolean): Promise<NeonBranch | null> {
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page += 1) {
      const body = await transport.get<ListBranchesResponse>(
        `/projects/${encodeURIComponent(projectId)}/branches`,
        { search, cursor },
        projectNotFound(projectId),
      );
      if (!body || !Array.isArray(body.branches)) throw unexpected("list branches");
      const found = body.branches.find(stop);
      if (found) return found;
      const next = body.pagination?.next;
      if (!next || body.branches.length === 0 || next === cursor) return null;
      cursor = next;
    }
    throw new DriftcheckError("internal", `Listing the branches of Neon project "${projectId}" did not end after ${maxPages} pages.`);
  }

  async function listBranchEndpoints(projectId: string, branchId: string): Promise<NeonEndpoint[]> {
    const body = await transport.get<ListEndpointsResponse>(
      `/projects/${encodeURIComponent(projectId)}/branches/${encodeURIComponent(branchId)}/endpoints`,
      {},
      branchNotFound(projectId, branchId),
    );
    if (!body || !Array.isArray(body.endpoints)) throw unexpected("list branch endpoints");
    return body.endpoints;
  }

  return {
    findBranchByName(projectId, name) {
      return scanBranches(projectId, name, (branch) => branch.name === name);
    },

    async getDefaultBranch(projectId) {
      // `primary` is the older name of `default`.
      const isDefault = (branch: NeonBranch & { primary?: boolean }) => branch.default === true || (branch.default === undefined && branch.primary === true);
      const branch = await scanBranches(projectId, undefined, isDefault);
      if (!branch) throw new DriftcheckError("user", `The Neon project "${projectId}" has no default branch.`, { hint: "Set a default branch in the Neon console." });
      return branch;
    },

    listBranchEndpoints,

    async getBranchHost(projectId, branchId) {
      const endpoints = await listBranchEndpoints(projectId, branchId);
      const endpoint = endpoints.find((e) => e.type === "read_write") ?? endpoints.find((e) => e.type === "read_only");
      if (!endpoint?.host) {
        throw new DriftcheckError("user", `The Neon branch "${branchId}" has no compute endpoint.`, {
          hint: "Add a compute to the branch in the Neon console (a branch without one cannot be queried).",
        });
      }
      return endpoint.host;
    },

    async getConnectionUri(projectId, query) {
      const body = await transport.get<ConnectionUriResponse>(
        `/projects/${encodeURIComponent(projectId)}/connection_uri`,
        {
          branch_id: query.branchId,
          database_name: query.databaseName,
          role_name: query.roleName,
          pooled: query.pooled === undefined ? undefined : String(query.pooled),
        },
        () =>
          new DriftcheckError("user", `Neon found no connection for project "${projectId}", branch "${query.branchId}", role "${query.roleName}", database "${query.databaseName}".`, {
            hint: "Check the project id, the database name and the role name in the configuration.",
          }),
      );
      if (!body || typeof body.uri !== "string" || !/^postgres(ql)?:\/\//.test(body.uri)) throw unexpected("connection_uri");
      return body.uri;
    },
  };
}

function unexpected(what: string): DriftcheckError {
  return new DriftcheckError("connection", `The Neon API's answer to "${what}" has an unexpected shape.`);
}
