/**
 * What the stand-in Vercel API (vercel-server.ts) stores, as plain types with no imports: the
 * server runs in Node and the workerd tests read the same records as JSON (vercel-support.ts).
 */

export interface StandInVercelDeployment {
  id: string;
  url?: string;
  target?: string | null;
  meta?: Record<string, string>;
  gitSource?: { type: "github"; sha: string; ref: string | null; prId: number | null; org: string; repo: string };
  teamId?: string | null;
}

export interface StandInVercelCheckRun {
  id: string;
  deploymentId: string;
  status: string;
  conclusion: string | null;
  conclusionText: string | null;
  externalId: string | null;
  externalUrl: string | null;
  /** Every accepted PATCH body, in order. */
  updates: Record<string, unknown>[];
}

/** A project `driftcheck vercel setup` can find; `teamId` null = the token's personal account. */
export interface StandInVercelProject {
  id: string;
  name: string;
  teamId: string | null;
  /** The team's slug (`?slug=`), when the project belongs to a team. */
  teamSlug?: string;
}

/** An account webhook, as `POST /v1/webhooks` answers it (the secret is never listed). */
export interface StandInVercelWebhook {
  id: string;
  url: string;
  events: string[];
  projectIds?: string[];
  ownerId: string;
  secret: string;
  createdAt: number;
  updatedAt: number;
}

/** A project check (checks v2), as `GET /v2/projects/{project}/checks` lists it. */
export interface StandInVercelProjectCheck {
  id: string;
  name: string;
  ownerId: string;
  projectId: string;
  requires: string;
  targets: string[];
  blocks: string;
  source: Record<string, unknown>;
  sourceKind: string;
  timeout: number;
  isRerequestable: boolean;
  createdAt: number;
  updatedAt: number;
}
