/**
 * The few Neon management API v2 shapes driftcheck reads (docs/PROTOCOLS.md, "Neon management
 * API"). Only the fields used here are typed; responses carry many more.
 */
export interface NeonBranch {
  id: string;
  name: string;
  project_id: string;
  /** The project's default branch (production). */
  default: boolean;
  parent_id?: string;
  current_state?: string;
  created_at?: string;
  updated_at?: string;
}

export interface NeonEndpoint {
  id: string;
  /** e.g. `ep-cool-darkness-123456.us-east-2.aws.neon.tech`. */
  host: string;
  branch_id: string;
  project_id?: string;
  type: "read_write" | "read_only";
  current_state?: string;
  pooler_enabled?: boolean;
}

export interface ListBranchesResponse {
  branches: NeonBranch[];
  pagination?: { next?: string };
}

export interface ListEndpointsResponse {
  endpoints: NeonEndpoint[];
}

export interface ConnectionUriResponse {
  uri: string;
}

export interface ConnectionUriQuery {
  branchId: string;
  databaseName: string;
  roleName: string;
  /** The pooled (PgBouncer) host; driftcheck's HTTP queries do not need it. */
  pooled?: boolean;
}
