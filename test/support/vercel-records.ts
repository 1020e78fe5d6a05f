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
