/**
 * The Worker's D1 tables (drizzle-orm sqlite-core). Migrations are generated from this file by
 * drizzle-kit into `drizzle/` (`npx drizzle-kit generate --config drizzle.d1.config.ts`) and applied
 * with `wrangler d1 migrations apply DB`.
 *
 * Never stored: installation tokens, connection strings, passwords (DESIGN.md "Security boundaries").
 * Times are milliseconds since the epoch.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { Finding } from "../../core/findings.js";

export const DELIVERY_SOURCES = ["github", "vercel"] as const;
/** `received`: claimed, being enqueued; `enqueued`: on the queue; `failed`: enqueueing failed, a redelivery claims it. */
export const DELIVERY_STATUSES = ["received", "enqueued", "failed"] as const;
export const CHECK_SOURCES = ["github", "vercel", "api", "schedule"] as const;
export const ENVIRONMENTS = ["production", "preview"] as const;
export const CHECK_STATUSES = ["queued", "in_progress", "completed", "canceled"] as const;
export const CHECK_OUTCOMES = ["pass", "fail", "error"] as const;

export type DeliverySource = (typeof DELIVERY_SOURCES)[number];
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export type CheckSource = (typeof CHECK_SOURCES)[number];
export type Environment = (typeof ENVIRONMENTS)[number];
export type CheckStatus = (typeof CHECK_STATUSES)[number];
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

export interface CheckTimings {
  readMs?: number;
  introspectMs?: number;
  compareMs?: number;
  totalMs?: number;
  [stage: string]: number | undefined;
}

/** A check's error as stored and shown: the redacted shape of `errorToJson`. */
export interface StoredError {
  kind: string;
  message: string;
  hint?: string;
  code?: string;
}

/**
 * A pull request check's comparison with the production branch (check-job/production-context.ts),
 * kept for the dashboard: the findings at warning or above without their expected/actual values
 * (as many as fit a size cap; `omitted` counts the rest), or why production could not be
 * compared (a redacted message).
 */
export type StoredProductionContext =
  | { kind: "compared"; branchName: string; database: string | null; findings: Finding[]; omitted: number; infoCount: number }
  | { kind: "failed"; message: string };

/** Webhook deliveries, for de-duplication (claimed in one conditional write: src/adapters/d1/deliveries.ts). */
export const deliveries = sqliteTable("deliveries", {
  id: text("id").primaryKey(),
  source: text("source", { enum: DELIVERY_SOURCES }).notNull(),
  event: text("event").notNull(),
  status: text("status", { enum: DELIVERY_STATUSES }).notNull(),
  receivedAt: integer("received_at").notNull(),
});

/**
 * One row per check run. Jobs are idempotent on (repo, sha, environment, run): a queue retry
 * updates the same row, a re-run request adds a row with the next run number.
 */
export const checks = sqliteTable(
  "checks",
  {
    id: text("id").primaryKey(),
    source: text("source", { enum: CHECK_SOURCES }).notNull(),
    repo: text("repo").notNull(),
    sha: text("sha").notNull(),
    ref: text("ref"),
    pr: integer("pr"),
    environment: text("environment", { enum: ENVIRONMENTS }).notNull(),
    run: integer("run").notNull().default(1),
    neonBranch: text("neon_branch"),
    /** The Neon branch the check actually read (the default branch's name, or `preview/<ref>`), once resolved. */
    resolvedNeonBranch: text("resolved_neon_branch"),
    installationId: integer("installation_id"),
    /** The webhook delivery that asked for this run (re-runs are found again by it on queue retries). */
    deliveryId: text("delivery_id"),
    /** Key into `expected_schemas` when the expected schema was given to the API. */
    expectedKey: text("expected_key"),
    status: text("status", { enum: CHECK_STATUSES }).notNull().default("queued"),
    outcome: text("outcome", { enum: CHECK_OUTCOMES }),
    errorCount: integer("error_count").notNull().default(0),
    warningCount: integer("warning_count").notNull().default(0),
    infoCount: integer("info_count").notNull().default(0),
    timings: text("timings", { mode: "json" }).$type<CheckTimings>(),
    error: text("error", { mode: "json" }).$type<StoredError>(),
    attempts: integer("attempts").notNull().default(0),
    githubCheckRunId: integer("github_check_run_id"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [
    uniqueIndex("checks_key_run").on(table.repo, table.sha, table.environment, table.run),
    index("checks_repo_created").on(table.repo, table.createdAt),
    index("checks_delivery").on(table.deliveryId),
  ],
);

/** One row per PR check that compared with production; a table of its own so check lists never load it. */
export const productionContexts = sqliteTable("production_contexts", {
  checkId: text("check_id")
    .primaryKey()
    .references(() => checks.id, { onDelete: "cascade" }),
  context: text("context", { mode: "json" }).$type<StoredProductionContext>().notNull(),
});

export const findings = sqliteTable(
  "findings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    checkId: text("check_id")
      .notNull()
      .references(() => checks.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    severity: text("severity", { enum: ["error", "warning", "info"] }).notNull(),
    kind: text("kind").notNull(),
    object: text("object").notNull(),
    expected: text("expected", { mode: "json" }).$type<unknown>(),
    actual: text("actual", { mode: "json" }).$type<unknown>(),
    message: text("message").notNull(),
    fixSql: text("fix_sql"),
    pendingMigration: text("pending_migration"),
  },
  (table) => [index("findings_check").on(table.checkId)],
);

/** Parsed expected schemas keyed by the drizzle folder's git tree sha (or `sha256:<hex>` for API input). */
export const expectedSchemas = sqliteTable("expected_schemas", {
  treeSha: text("tree_sha").primaryKey(),
  schema: text("schema", { mode: "json" }).notNull().$type<unknown>(),
  createdAt: integer("created_at").notNull(),
});

/** sha256 of migration files keyed by git blob sha: a blob sha never changes content. Other values derived from a blob are kept here too, keyed `<kind>:<blob sha>` (CUSTOM_MIGRATION snapshot digests, read-inputs.ts). */
export const migrationHashes = sqliteTable("migration_hashes", {
  blobSha: text("blob_sha").primaryKey(),
  sha256: text("sha256").notNull(),
});

export const installations = sqliteTable("installations", {
  id: integer("id").primaryKey(),
  account: text("account").notNull(),
  repos: text("repos", { mode: "json" }).notNull().$type<string[]>().default(sql`'[]'`),
  createdAt: integer("created_at").notNull(),
  removedAt: integer("removed_at"),
});

/** The sticky PR comment per pull request; the digest lets an unchanged body skip the update. */
export const prComments = sqliteTable(
  "pr_comments",
  {
    repo: text("repo").notNull(),
    pr: integer("pr").notNull(),
    commentId: integer("comment_id").notNull(),
    bodyDigest: text("body_digest").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.repo, table.pr] })],
);

export const VERCEL_RUN_STATUSES = ["running", "completed", "canceled"] as const;
export type VercelRunStatus = (typeof VERCEL_RUN_STATUSES)[number];

/**
 * Vercel check runs (checks v2) and the driftcheck check that concludes them. A run is created
 * by Vercel and announced with `deployment.checkrun.start`; several runs (redeploys of the same
 * commit) may share one check, since checks are one per (repo, sha, environment).
 */
export const vercelCheckRuns = sqliteTable(
  "vercel_check_runs",
  {
    id: text("id").primaryKey(),
    deploymentId: text("deployment_id").notNull(),
    teamId: text("team_id"),
    projectId: text("project_id"),
    checkId: text("check_id").references(() => checks.id, { onDelete: "cascade" }),
    status: text("status", { enum: VERCEL_RUN_STATUSES }).notNull(),
    conclusion: text("conclusion"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [index("vercel_check_runs_check").on(table.checkId)],
);

/** Vercel deployments as their events arrive (`state` = the last event: created, succeeded, promoted, error, canceled). */
export const vercelDeployments = sqliteTable(
  "vercel_deployments",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id"),
    teamId: text("team_id"),
    url: text("url"),
    repo: text("repo"),
    sha: text("sha"),
    ref: text("ref"),
    environment: text("environment", { enum: ENVIRONMENTS }),
    state: text("state").notNull(),
    /** The driftcheck check of this deployment's (repo, sha, environment), when there is one. */
    checkId: text("check_id").references(() => checks.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (table) => [index("vercel_deployments_repo_sha").on(table.repo, table.sha)],
);

/** The deployment (and so the sha) live in production per Vercel project, from `deployment.promoted`. */
export const vercelProduction = sqliteTable("vercel_production", {
  projectId: text("project_id").primaryKey(),
  deploymentId: text("deployment_id").notNull(),
  repo: text("repo"),
  sha: text("sha"),
  promotedAt: integer("promoted_at").notNull(),
});

/**
 * Drift a person accepted (issue 5, "Accept drift" on the `schema-drift` check run): who accepted
 * which findings for which commit. Keyed by (repo, sha, environment, fingerprint): a later check of
 * the same commit with the same findings is accepted too; any other set of findings is not.
 */
export const acceptedDrift = sqliteTable(
  "accepted_drift",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    repo: text("repo").notNull(),
    sha: text("sha").notNull(),
    environment: text("environment", { enum: ENVIRONMENTS }).notNull(),
    /** Fingerprint of the accepted findings: `sha256:<hex>` of every finding's code, object, severity, expected and actual, sorted (src/worker/acceptance/fingerprint.ts). */
    fingerprint: text("fingerprint").notNull(),
    /** The accepted findings' `code object` keys, for display. */
    findingKeys: text("finding_keys", { mode: "json" }).notNull().$type<string[]>(),
    /** The check whose run offered the action. */
    checkId: text("check_id")
      .notNull()
      .references(() => checks.id, { onDelete: "cascade" }),
    /** GitHub login of the person who clicked "Accept drift". */
    acceptedBy: text("accepted_by").notNull(),
    acceptedAt: integer("accepted_at").notNull(),
  },
  (table) => [uniqueIndex("accepted_drift_key").on(table.repo, table.sha, table.environment, table.fingerprint), index("accepted_drift_check").on(table.checkId)],
);

export const MONITOR_STATES = ["ok", "drift", "error"] as const;
export type MonitorState = (typeof MONITOR_STATES)[number];

/**
 * Scheduled production monitoring, one row per repository (issue 5): the last scheduled check and
 * what was last alerted, so the same drift never alerts twice and a recovery alerts once.
 */
export const productionMonitors = sqliteTable("production_monitors", {
  repo: text("repo").primaryKey(),
  /** The sha last checked (live in production at the time). */
  sha: text("sha"),
  lastCheckId: text("last_check_id"),
  /** Null while the alert of `lastCheckId` is being posted (monitor.ts claims the row first). */
  lastOutcome: text("last_outcome", { enum: CHECK_OUTCOMES }),
  /** State the last alert announced (`ok` before any alert, and after a recovery). */
  alertedState: text("alerted_state", { enum: MONITOR_STATES }).notNull().default("ok"),
  /** Fingerprint of the error findings the last drift alert announced (sorted `CODE object` pairs, or their short hashes when long: alert-decision.ts). */
  alertedFingerprint: text("alerted_fingerprint"),
  alertedAt: integer("alerted_at"),
  updatedAt: integer("updated_at").notNull(),
});
