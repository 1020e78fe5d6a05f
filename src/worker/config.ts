/**
 * The Worker's settings, parsed once per env object into a typed Config (DESIGN.md
 * "Configuration"). Missing or invalid settings fail fast with one message that NAMES them and
 * never echoes a value. Nothing reads globals at module scope: the env is always passed in.
 */
import * as z from "zod";
import { DriftcheckError } from "../core/errors.js";

export interface Config {
  github: {
    /** Every secret a webhook may be signed with, newest first (rotation). */
    webhookSecrets: string[];
    appId: string;
    /** PEM, PKCS#1 or PKCS#8; `\n`-escaped newlines are fine (the GitHub adapter normalises). */
    privateKey: string;
    apiUrl: string;
  };
  neon: {
    apiKey: string;
    readOnlyPassword: string;
    apiUrl: string;
    /** Neon project checked when a repository's driftcheck.json names none (`NEON_PROJECT_ID`). */
    projectId: string | null;
    /** Database and role of the connection (`NEON_DATABASE`, `NEON_ROLE`); driftcheck.json may override. */
    database: string;
    role: string;
    /**
     * `password`: the read-only role's password secret + the branch's endpoint host (default).
     * `connection_uri`: ask the API for the role's URI (an owner role whose password Neon knows).
     */
    connection: "password" | "connection_uri";
    /** SQL-over-HTTP endpoint override (local stand-ins); null = Neon's own per host. */
    fetchEndpoint: string | null;
    /** Delay between checks for a preview branch that does not exist yet, and how long to keep trying. */
    branchWaitDelaySeconds: number;
    branchWaitMaxSeconds: number;
    /**
     * How long a PR check's comparison with production may take (`NEON_PRODUCTION_CONTEXT_TIMEOUT_MS`);
     * null = check-job/production-context.ts's PRODUCTION_CONTEXT_BUDGET_MS. Tests shorten it.
     */
    productionContextTimeoutMs: number | null;
  };
  vercel: {
    /** Secrets a Vercel webhook may be signed with (`VERCEL_WEBHOOK_SECRETS`); empty = Vercel webhooks are refused. */
    webhookSecrets: string[];
    /** `VERCEL_TOKEN`: updates check runs and reads deployments; null when Vercel is not used. */
    token: string | null;
    apiUrl: string;
    /** Team used when a webhook names none (`VERCEL_TEAM_ID`). */
    teamId: string | null;
  };
  /** Bearer token of `/api/*`. */
  apiToken: string;
  /**
   * Dashboard sign-in (`DASHBOARD_TOKEN`, default: the API token) and the secret session cookies
   * are signed with (`SESSION_SECRET`, default: the dashboard token; changing it signs everyone out).
   */
  dashboard: { token: string; sessionSecret: string };
  /** Where the Worker is reachable, without a trailing slash: check runs link to `${publicUrl}/checks/:id`. */
  publicUrl: string;
  /** Name of the dead-letter queue, to tell its batches apart from the checks queue's. */
  deadLetterQueueName: string;
  /**
   * Scheduled production monitoring (src/worker/schedule/): the Slack-compatible incoming webhook
   * alerts are posted to (`ALERT_WEBHOOK_URL`, a secret: null = no alerts) and how many days of
   * check history the cron keeps (`RETENTION_DAYS`, default 90).
   */
  monitoring: { alertWebhookUrl: string | null; retentionDays: number };
}

/** Mistakes that would otherwise surface as 401s on every request. */
const MIN_API_TOKEN_LENGTH = 16;

const secret = z.string().trim().min(1);
const url = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ""));
const commaList = z
  .string()
  .transform((value) => value.split(",").map((item) => item.trim()).filter((item) => item !== ""))
  .pipe(z.array(z.string()).min(1));

const EnvSchema = z.object({
  GITHUB_WEBHOOK_SECRETS: commaList,
  GITHUB_APP_ID: z.string().trim().regex(/^(\d+|Iv[0-9A-Za-z.]+)$/, "an App id (digits) or client id (Iv…)"),
  GITHUB_APP_PRIVATE_KEY: secret.refine((value) => value.includes("PRIVATE KEY"), "a PEM private key"),
  GITHUB_API_URL: url,
  NEON_API_KEY: secret,
  NEON_READONLY_PASSWORD: secret,
  NEON_API_URL: url,
  API_TOKEN: secret.min(MIN_API_TOKEN_LENGTH, `at least ${MIN_API_TOKEN_LENGTH} characters`),
  PUBLIC_URL: url,
  CHECKS_DLQ_NAME: secret,
  DASHBOARD_TOKEN: secret.min(MIN_API_TOKEN_LENGTH, `at least ${MIN_API_TOKEN_LENGTH} characters`).optional(),
  SESSION_SECRET: secret.min(32, "at least 32 characters").optional(),
  NEON_PROJECT_ID: z.string().trim().min(1).optional(),
  NEON_DATABASE: z.string().trim().min(1).default("neondb"),
  NEON_ROLE: z.string().trim().min(1).default("driftcheck_readonly"),
  NEON_CONNECTION: z.enum(["password", "connection_uri"]).default("password"),
  NEON_FETCH_ENDPOINT: url.optional(),
  NEON_BRANCH_WAIT_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  NEON_BRANCH_WAIT_MAX_SECONDS: z.coerce.number().int().min(0).max(86_400).default(1800),
  // Well under the 60 s per-check budget, which the comparison shares with the check itself.
  NEON_PRODUCTION_CONTEXT_TIMEOUT_MS: z.coerce.number().int().min(100).max(45_000).optional(),
  // Vercel is optional: without secrets /webhooks/vercel refuses every delivery.
  VERCEL_WEBHOOK_SECRETS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((item) => item.trim()).filter((item) => item !== "")),
  VERCEL_TOKEN: z.string().trim().min(1).optional(),
  VERCEL_API_URL: url.default("https://api.vercel.com"),
  VERCEL_TEAM_ID: z.string().trim().min(1).optional(),
  // Optional (no URL = no alerts); used exactly as given (not `url`: no trailing-slash trimming).
  ALERT_WEBHOOK_URL: z.preprocess((value) => (value === "" ? undefined : value), z.url({ protocol: /^https?$/ }).optional()),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
});

export class ConfigError extends DriftcheckError {
  readonly settings: string[];

  constructor(settings: string[], problems: string[]) {
    super("user", `driftcheck is not configured: ${problems.join("; ")}.`, {
      hint: "Set secrets with `wrangler secret put NAME` (locally in .dev.vars) and vars in wrangler.jsonc; see docs/worker.md.",
    });
    this.name = "ConfigError";
    this.settings = settings;
  }
}

export function parseConfig(env: Record<string, unknown>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const settings = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "?")))].sort();
    // Describe each setting by what is wrong with it, never by its value.
    const problems = settings.map((name) => (env[name] === undefined || env[name] === "" ? `${name} is missing` : `${name} is invalid (${describe(parsed.error, name)})`));
    throw new ConfigError(settings, problems);
  }
  const e = parsed.data;
  return {
    github: { webhookSecrets: e.GITHUB_WEBHOOK_SECRETS, appId: e.GITHUB_APP_ID, privateKey: e.GITHUB_APP_PRIVATE_KEY, apiUrl: e.GITHUB_API_URL },
    neon: {
      apiKey: e.NEON_API_KEY,
      readOnlyPassword: e.NEON_READONLY_PASSWORD,
      apiUrl: e.NEON_API_URL,
      projectId: e.NEON_PROJECT_ID ?? null,
      database: e.NEON_DATABASE,
      role: e.NEON_ROLE,
      connection: e.NEON_CONNECTION,
      fetchEndpoint: e.NEON_FETCH_ENDPOINT ?? null,
      branchWaitDelaySeconds: e.NEON_BRANCH_WAIT_DELAY_SECONDS,
      branchWaitMaxSeconds: e.NEON_BRANCH_WAIT_MAX_SECONDS,
      productionContextTimeoutMs: e.NEON_PRODUCTION_CONTEXT_TIMEOUT_MS ?? null,
    },
    vercel: { webhookSecrets: e.VERCEL_WEBHOOK_SECRETS, token: e.VERCEL_TOKEN ?? null, apiUrl: e.VERCEL_API_URL, teamId: e.VERCEL_TEAM_ID ?? null },
    apiToken: e.API_TOKEN,
    dashboard: { token: e.DASHBOARD_TOKEN ?? e.API_TOKEN, sessionSecret: e.SESSION_SECRET ?? e.DASHBOARD_TOKEN ?? e.API_TOKEN },
    publicUrl: e.PUBLIC_URL,
    deadLetterQueueName: e.CHECKS_DLQ_NAME,
    monitoring: { alertWebhookUrl: e.ALERT_WEBHOOK_URL ?? null, retentionDays: e.RETENTION_DAYS },
  };
}

function describe(error: z.ZodError, name: string): string {
  const issue = error.issues.find((candidate) => candidate.path[0] === name);
  // zod's messages for these schemas name the expectation ("expected string", "Invalid URL"), not the input.
  return issue?.message ?? "invalid";
}

const cache = new WeakMap<object, Config>();

/** The Config for this env object, parsed on first use (an isolate keeps one env object). */
export function loadConfig(env: object): Config {
  let config = cache.get(env);
  if (!config) {
    config = parseConfig(env as Record<string, unknown>);
    cache.set(env, config);
  }
  return config;
}
