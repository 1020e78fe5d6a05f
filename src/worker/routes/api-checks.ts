/**
 * `/api/checks` (bearer token, see app.ts): run a check on demand and read stored results.
 *  POST { repo, sha, ref } | { repo, sha, neonBranch } [+ environment, expected] → 202 { id }
 *  GET /:id → the check and its findings;  GET ?repo=owner/name&limit=N → newest checks first.
 * An `expected` canonical schema is stored content-addressed (`sha256:<hex>`) in D1 and the job
 * carries only its key: queue messages stay small (≤ 128 KB) whatever the schema's size.
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import * as z from "zod";
import {
  createCheckRun,
  failCheck,
  findInstallationForRepo,
  getCheck,
  listChecks,
  listFindings,
  putExpectedSchema,
  type StoredCheck,
} from "../../adapters/d1/store.js";
import { MODEL_FORMAT_VERSION } from "../../core/model.js";
import { sha256HexAsync } from "../../core/util/sha256.js";
import type { AppEnv } from "../app-env.js";
import { httpError } from "../http-errors.js";
import { branchName, repoFullName } from "../identifiers.js";
import type { CheckJob } from "../queue/jobs.js";

export const MAX_API_BODY_BYTES = 5 * 1024 * 1024;
const DEFAULT_LIST_LIMIT = 20;
const MAX_LIST_LIMIT = 100;

// The same identifier rules as the webhooks (identifiers.ts), checked before anything is stored.
const repo = repoFullName;
// eslint-disable-next-line no-control-regex
const neonBranchName = z.string().min(1).max(256).regex(/^[^\u0000-\u001f\u007f]+$/, "a Neon branch name without control characters");
const ExpectedSchema = z.looseObject({
  formatVersion: z.literal(MODEL_FORMAT_VERSION),
  schemas: z.array(z.string()),
  tables: z.record(z.string(), z.unknown()),
});

export const CheckRequestBody = z
  .strictObject({
    repo,
    sha: z.string().regex(/^[0-9a-f]{40}$/i, "a 40-character commit sha"),
    ref: branchName.optional(),
    neonBranch: neonBranchName.optional(),
    environment: z.enum(["production", "preview"]).default("preview"),
    expected: ExpectedSchema.optional(),
  })
  .refine((body) => body.ref !== undefined || body.neonBranch !== undefined, {
    message: "give `ref` (a git branch) or `neonBranch`",
    path: ["ref"],
  });

export const apiCheckRoutes = new Hono<AppEnv>()
  .post(
    "/",
    bodyLimit({
      maxSize: MAX_API_BODY_BYTES,
      onError: () => {
        throw httpError(413, `The request body exceeds ${MAX_API_BODY_BYTES} bytes.`);
      },
    }),
    async (c) => {
      const body = await readBody(c);
      const { db } = c.var;
      const now = Date.now();
      let expectedKey: string | null = null;
      if (body.expected !== undefined) {
        const json = JSON.stringify(body.expected);
        expectedKey = `sha256:${await sha256HexAsync(json)}`;
        await putExpectedSchema(db, expectedKey, body.expected, now);
      }
      const installationId = await findInstallationForRepo(db, body.repo);
      const check = await createCheckRun(
        db,
        {
          source: "api",
          repo: body.repo,
          sha: body.sha.toLowerCase(),
          environment: body.environment,
          ref: body.ref ?? null,
          pr: null,
          neonBranch: body.neonBranch ?? null,
          installationId,
          deliveryId: null,
          expectedKey,
        },
        now,
      );
      const job: CheckJob = {
        type: "check",
        source: "api",
        repo: check.repo,
        sha: check.sha,
        ref: check.ref,
        pr: null,
        environment: check.environment,
        neonBranch: check.neonBranch,
        installationId,
        trigger: "rerun",
        deliveryId: null,
        checkId: check.id,
        expectedKey,
      };
      try {
        await c.env.CHECKS.send(job);
      } catch {
        const error = { kind: "connection", message: "The check could not be queued; try again." };
        await failCheck(db, check.id, error, Date.now());
        return c.json({ error }, 503);
      }
      return c.json({ id: check.id, status: check.status, url: `/api/checks/${check.id}` }, 202);
    },
  )
  .get("/:id", async (c) => {
    const { db, config } = c.var;
    const check = await getCheck(db, c.req.param("id"));
    if (!check) throw httpError(404, "No check with this id.");
    return c.json({ check: toApiCheck(check, config.publicUrl), findings: await listFindings(db, check.id) });
  })
  .get("/", async (c) => {
    const { db, config } = c.var;
    const query = ListQuery.safeParse({ repo: c.req.query("repo"), limit: c.req.query("limit") });
    if (!query.success) throw httpError(400, `Invalid query: ${describeIssues(query.error)}.`);
    const rows = await listChecks(db, query.data);
    return c.json({ checks: rows.map((row) => toApiCheck(row, config.publicUrl)) });
  });

const ListQuery = z.object({
  repo: repo.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
});

async function readBody(c: Context<AppEnv>): Promise<z.infer<typeof CheckRequestBody>> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw httpError(400, "The request body is not valid JSON.");
  }
  const parsed = CheckRequestBody.safeParse(json);
  if (!parsed.success) throw httpError(400, `Invalid check request: ${describeIssues(parsed.error)}.`);
  return parsed.data;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
}

export interface ApiCheck {
  id: string;
  source: string;
  repo: string;
  sha: string;
  ref: string | null;
  pr: number | null;
  environment: string;
  run: number;
  neonBranch: string | null;
  status: string;
  outcome: string | null;
  counts: { error: number; warning: number; info: number };
  timings: unknown;
  error: unknown;
  attempts: number;
  githubCheckRunId: number | null;
  createdAt: string;
  updatedAt: string;
  detailsUrl: string;
}

export function toApiCheck(check: StoredCheck, publicUrl: string): ApiCheck {
  return {
    id: check.id,
    source: check.source,
    repo: check.repo,
    sha: check.sha,
    ref: check.ref,
    pr: check.pr,
    environment: check.environment,
    run: check.run,
    neonBranch: check.neonBranch,
    status: check.status,
    outcome: check.outcome,
    counts: { error: check.errorCount, warning: check.warningCount, info: check.infoCount },
    timings: check.timings ?? null,
    error: check.error ?? null,
    attempts: check.attempts,
    githubCheckRunId: check.githubCheckRunId,
    createdAt: new Date(check.createdAt).toISOString(),
    updatedAt: new Date(check.updatedAt).toISOString(),
    detailsUrl: `${publicUrl}/checks/${check.id}`,
  };
}

