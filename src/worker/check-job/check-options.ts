/**
 * The core's CheckOptions for one job, from the repository's driftcheck.json and the job's
 * environment, with DESIGN.md's defaults: fail on `error`; on a check that could not run,
 * `failure` for production and `neutral` for previews.
 */
import { DEFAULT_OPTIONS, type CheckOptions } from "../../core/check.js";
import type { Environment } from "../../adapters/d1/store.js";
import type { RepoConfig } from "./repo-config.js";

export type OnError = "fail" | "neutral";

/** Leaves room inside the per-check budget for reading inputs and reporting. */
export const INTROSPECTION_TIMEOUT_MS = 20_000;

export function checkOptionsFor(config: RepoConfig, environment: Environment): CheckOptions {
  const settings = config.environments?.[environment] ?? {};
  return {
    ...DEFAULT_OPTIONS,
    mode: "check",
    environment,
    failOn: settings.failOn ?? DEFAULT_OPTIONS.failOn,
    ignore: config.ignore ?? [],
    migrations: config.migrations ?? DEFAULT_OPTIONS.migrations,
    migrationsRunOnDeploy: settings.migrationsRunOnDeploy ?? DEFAULT_OPTIONS.migrationsRunOnDeploy,
    migrationsTable: config.migrationsTable ? migrationsTableOf(config.migrationsTable) : DEFAULT_OPTIONS.migrationsTable,
    timeoutMs: INTROSPECTION_TIMEOUT_MS,
    ...(config.probes && config.probes.length > 0 ? { probes: config.probes.map((probe, index) => ({ name: probe.name ?? `probe ${index + 1}`, sql: probe.sql, ...(probe.paramTypes ? { paramTypes: probe.paramTypes } : {}) })) } : {}),
  };
}

export function onErrorFor(config: RepoConfig, environment: Environment): OnError {
  return config.environments?.[environment]?.onError ?? (environment === "production" ? "fail" : "neutral");
}

/** `schema.table`, or a bare table in drizzle's default `drizzle` schema (as drizzle-orm does). */
function migrationsTableOf(value: string): CheckOptions["migrationsTable"] {
  const [first, second] = value.split(".");
  return second === undefined ? { schema: "drizzle", table: first! } : { schema: first!, table: second };
}
