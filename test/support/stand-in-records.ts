/**
 * What the stand-ins (github-server.ts, neon-api-server.ts, neon-http-server.ts) record, as plain
 * types with no imports: the servers run in Node, and the workerd e2e tests read the same records
 * as JSON through the globalSetup's control server (test/workers/e2e-support.ts).
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Selected headers; `authorization` masked to its scheme and credential kind. */
  headers: Record<string, string>;
  body: unknown;
  status: number;
}

export interface StoredCheckRun {
  id: number;
  repository: string;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  details_url: string | null;
  external_id: string | null;
  started_at: string | null;
  completed_at: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: Record<string, unknown>[];
  /** The run's buttons: kept by an update that sends none, as GitHub does. */
  actions: { label: string; description: string; identifier: string }[];
  /** PATCH requests received for this run. */
  updates: number;
}

export interface StoredComment {
  id: number;
  repository: string;
  issue: number;
  body: string;
  login: string;
  updates: number;
}

export interface RecordedApiRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Whether the bearer key matched; the key itself is never recorded. */
  authorized: boolean;
  status: number;
}

export interface RecordedNeonRequest {
  method: string;
  path: string;
  /** All request headers, with the connection string's password replaced by `***`. */
  headers: Record<string, string>;
  /** `user@host/database` from the connection string. */
  connection: string | null;
  body: unknown;
  status: number;
  /** When the request arrived and when its exchange ended (epoch ms, the stand-in's clock): overlaps show concurrency. */
  startedAt: number;
  endedAt: number | null;
}
