/** The check job's decisions that need no outside system: settings, branch names, conclusions. */
import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../src/core/check.js";
import { DriftcheckError } from "../../src/core/errors.js";
import { checkOptionsFor, onErrorFor } from "../../src/worker/check-job/check-options.js";
import { parseExpectedJson } from "../../src/worker/check-job/expected-json.js";
import { branchNameFor } from "../../src/worker/check-job/neon-target.js";
import { parseRepoConfig } from "../../src/worker/check-job/repo-config.js";
import { conclusionOf } from "../../src/worker/reporting/conclusion.js";

function result(overrides: Partial<CheckResult>): CheckResult {
  return {
    formatVersion: 1,
    verdict: "pass",
    summary: { error: 0, warning: 0, info: 0, total: 0, failOn: "error" },
    findings: [],
    migrations: null,
    database: null,
    expected: null,
    timings: { readMs: 0, introspectMs: 0, compareMs: 0, totalMs: 0 },
    ...overrides,
  };
}

describe("driftcheck.json in the Worker", () => {
  it("accepts the documented shape and applies the environment's block", () => {
    const config = parseRepoConfig(JSON.stringify({
      drizzle: "db/migrations",
      migrationsTable: "__migrations",
      neon: { projectId: "p", branches: { preview: "pr-{branch}" } },
      ignore: ["table:public.audit_*"],
      environments: { production: { failOn: "warning", migrationsRunOnDeploy: true } },
    }));
    const options = checkOptionsFor(config, "production");
    expect(options).toMatchObject({ failOn: "warning", migrationsRunOnDeploy: true, ignore: ["table:public.audit_*"], migrationsTable: { schema: "drizzle", table: "__migrations" } });
    expect(checkOptionsFor(config, "preview").failOn).toBe("error");
    expect(branchNameFor({ environment: "preview", ref: "feat/x", neonBranch: null }, config)).toBe("pr-feat/x");
  });

  it("refuses unknown properties and bad values with the JSON path, as the published schema does", () => {
    expect(() => parseRepoConfig(JSON.stringify({ drizzel: "x" }))).toThrow(/driftcheck\.json: \(top level\)/);
    expect(() => parseRepoConfig(JSON.stringify({ environments: { preview: { onError: "ignore" } } }))).toThrow(/\/environments\/preview\/onError/);
    expect(() => parseRepoConfig("{ not json")).toThrow(/not valid JSON/);
    expect(parseRepoConfig(null)).toEqual({});
  });

  it("defaults: preview/<branch>, the default branch for production, onError fail for production and neutral for previews", () => {
    expect(branchNameFor({ environment: "preview", ref: "feature-x", neonBranch: null }, {})).toBe("preview/feature-x");
    expect(branchNameFor({ environment: "production", ref: "main", neonBranch: null }, {})).toBeNull();
    expect(branchNameFor({ environment: "production", ref: "main", neonBranch: "staging" }, {})).toBe("staging");
    expect(() => branchNameFor({ environment: "preview", ref: null, neonBranch: null }, {})).toThrow(DriftcheckError);
    expect(onErrorFor({}, "production")).toBe("fail");
    expect(onErrorFor({}, "preview")).toBe("neutral");
    expect(onErrorFor({ environments: { preview: { onError: "fail" } } }, "preview")).toBe("fail");
  });

  it("reads driftcheck.expected.json as written by `driftcheck replay`, and refuses anything else", () => {
    const schema = { formatVersion: 1, schemas: ["public"], enums: {}, sequences: {}, tables: {}, views: {} };
    expect(parseExpectedJson(JSON.stringify({ formatVersion: 1, kind: "driftcheck.expected", schema }))).toEqual(schema);
    expect(parseExpectedJson(JSON.stringify(schema))).toEqual(schema);
    expect(() => parseExpectedJson(JSON.stringify({ tables: [] }))).toThrow(/not a driftcheck expected schema/);
  });
});

describe("GitHub conclusions (DESIGN.md outcomes table)", () => {
  const missing = { code: "COLUMN_MISSING", severity: "error", kind: "column", object: "public.soundcloud_tracks.updated_at", expected: null, actual: null, message: "m", fixSql: null, pendingMigration: "0002" } as const;
  const pending = { ...missing, code: "MIGRATION_PENDING", kind: "migration", object: "0002" } as const;

  it("pass → success, fail → failure naming the finding the code trips over first", () => {
    expect(conclusionOf(result({}), "fail")).toEqual({ conclusion: "success", title: "no schema drift" });
    const failed = conclusionOf(result({ verdict: "fail", findings: [pending, missing], summary: { error: 2, warning: 0, info: 0, total: 2, failOn: "error" } }), "fail");
    expect(failed).toEqual({ conclusion: "failure", title: "COLUMN_MISSING soundcloud_tracks.updated_at and 1 more" });
  });

  it("error → failure or neutral per onError, titled \"could not check\"; never success", () => {
    const error = result({ verdict: "error", error: { kind: "connection", message: "unreachable" } });
    expect(conclusionOf(error, "fail")).toEqual({ conclusion: "failure", title: "could not check" });
    expect(conclusionOf(error, "neutral")).toEqual({ conclusion: "neutral", title: "could not check" });
    // A pass verdict that carries an error is still not a completed comparison.
    expect(conclusionOf(result({ error: { kind: "internal", message: "x" } }), "neutral").conclusion).toBe("neutral");
  });
});
