/** Helpers of the scheduled-monitoring workerd tests: the cron, out-of-band SQL, the stand-in Slack webhook. */
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { findCheckByDelivery, getProductionMonitor, type StoredCheck, type StoredProductionMonitor } from "../../src/adapters/d1/store.js";
import worker from "../../src/worker/index.js";
import { scheduledDeliveryId } from "../../src/worker/schedule/fan-out.js";
import type { ReceivedAlert } from "../support/alert-records.js";
import { control } from "./e2e-support.js";
import { db, waitFor } from "./helpers.js";

export { installOn } from "./helpers.js";

export const CRON = "*/30 * * * *";

/**
 * Runs the Worker's exported `scheduled` handler with `bindings` (the test's, or them with some
 * settings overridden), as the platform would (its queue jobs go to the local queue, which the
 * Worker's own consumer drains); returns the scheduled time.
 */
export async function runCron(scheduledTime = Date.now(), bindings: object = env): Promise<number> {
  await worker.scheduled(createScheduledController({ scheduledTime: new Date(scheduledTime), cron: CRON }), bindings as Env);
  return scheduledTime;
}

/** The scheduled check the cron at `scheduledTime` created for `repo`, once completed and recorded by the monitor. */
export async function scheduledCheck(scheduledTime: number, repo: string): Promise<{ check: StoredCheck; monitor: StoredProductionMonitor }> {
  const check = await waitFor(async () => {
    const found = await findCheckByDelivery(db(), scheduledDeliveryId(scheduledTime, repo));
    return found?.status === "completed" ? found : null;
  }, `the scheduled check of ${repo}`, 20_000);
  // The monitor names the check while its alert is in flight with `lastOutcome` null (monitor.ts):
  // once the outcome is there too, the alert was posted or refused and the row is final.
  const monitor = await waitFor(async () => {
    const row = await getProductionMonitor(db(), repo);
    return row?.lastCheckId === check.id && row.lastOutcome !== null ? row : null;
  }, `the production monitor of ${repo} to record check ${check.id}`, 20_000);
  return { check, monitor };
}

/** Runs SQL on a Neon branch of the stand-in (as its owner): drift nobody migrated. */
export async function runSqlOnBranch(projectId: string, name: string, sql: string): Promise<void> {
  await control("POST", "/sql", { projectId, name, sql });
}

/** Every alert post (accepted or not) whose text names `match`, oldest first. */
export async function alertsFor(match: string): Promise<ReceivedAlert[]> {
  const response = await fetch(`${env.ALERT_CONTROL_URL}/messages?match=${encodeURIComponent(match)}`);
  if (!response.ok) throw new Error(`alert control: ${response.status}`);
  return ((await response.json()) as { messages: ReceivedAlert[] }).messages;
}

/** The next `count` alert posts naming `match` are answered `status` (a Slack outage). */
export async function failAlerts(match: string, count: number, status = 500): Promise<void> {
  const response = await fetch(`${env.ALERT_CONTROL_URL}/fail`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ match, count, status }) });
  if (!response.ok) throw new Error(`alert control: ${response.status}`);
}

/** Log lines the Worker writes (it runs in the test's isolate); call in beforeAll, restore in afterAll. */
export function captureLogs(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const restores: (() => void)[] = [];
  for (const level of ["log", "info", "warn", "error"] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => {
      lines.push(args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg) ?? String(arg))).join(" "));
      original.apply(console, args);
    };
    restores.push(() => (console[level] = original));
  }
  return { lines, restore: () => restores.forEach((restore) => restore()) };
}

/**
 * The test's D1 database, except that while `failing` is set, statements whose SQL matches
 * `pattern` fail as D1 does when it cannot run a write (the platform's fault, injected into the
 * real binding; everything else runs on the real database).
 */
export function failingD1(pattern: RegExp): { d1: D1Database; failing: boolean } {
  const control = { d1: env.DB, failing: false };
  const fails = (sql: string) => control.failing && pattern.test(sql);
  const statement = (target: D1PreparedStatement, sql: string): D1PreparedStatement =>
    new Proxy(target, {
      get(real, property) {
        const value: unknown = Reflect.get(real, property, real);
        if (typeof value !== "function") return value;
        if (property === "bind") return (...values: unknown[]) => statement((value as D1PreparedStatement["bind"]).apply(real, values), sql);
        if (property === "run" || property === "all" || property === "raw" || property === "first") {
          return (...args: unknown[]) => (fails(sql) ? Promise.reject(new Error(`D1_ERROR: injected failure of: ${sql}`)) : (value as (...a: unknown[]) => unknown).apply(real, args));
        }
        return (value as (...a: unknown[]) => unknown).bind(real);
      },
    });
  control.d1 = new Proxy(env.DB, {
    get(real, property) {
      const value: unknown = Reflect.get(real, property, real);
      if (property === "prepare") return (sql: string) => statement(real.prepare(sql), sql);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(real) : value;
    },
  });
  return control;
}
