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
  };
  /** Bearer token of `/api/*`. */
  apiToken: string;
  /** Where the Worker is reachable, without a trailing slash: check runs link to `${publicUrl}/checks/:id`. */
  publicUrl: string;
  /** Name of the dead-letter queue, to tell its batches apart from the checks queue's. */
  deadLetterQueueName: string;
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
});

export class ConfigError extends DriftcheckError {
  readonly settings: string[];

  constructor(settings: string[], problems: string[]) {
    super("user", `driftcheck is not configured: ${problems.join("; ")}.`, {
      hint: "Set secrets with `wrangler secret put NAME` (locally in .dev.vars) and vars in wrangler.toml; see the README's deploy guide.",
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
    neon: { apiKey: e.NEON_API_KEY, readOnlyPassword: e.NEON_READONLY_PASSWORD, apiUrl: e.NEON_API_URL },
    apiToken: e.API_TOKEN,
    publicUrl: e.PUBLIC_URL,
    deadLetterQueueName: e.CHECKS_DLQ_NAME,
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
