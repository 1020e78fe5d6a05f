import { describe, expect, it } from "vitest";
import { applyPolicy, compareFindings, parseIgnoreRule } from "../../src/core/policy.js";
import { DriftcheckError } from "../../src/core/errors.js";
import { makeFinding } from "./diff-builders.js";

const column = makeFinding({ code: "COLUMN_MISSING", object: "public.users.email", kind: "column", severity: "error" });
const otherSchema = makeFinding({ code: "TABLE_MISSING", object: "billing.invoices", kind: "table", severity: "error" });
const index = makeFinding({ code: "INDEX_EXTRA", object: "public.users.users_idx", kind: "index", severity: "info" });
const schemaFinding = makeFinding({ code: "SCHEMA_EXTRA", object: "billing", kind: "schema", severity: "info" });
const pending = makeFinding({ code: "MIGRATION_PENDING", object: "0003_add_updated_at", kind: "migration", severity: "error" });
const enumFinding = makeFinding({ code: "ENUM_VALUE_EXTRA", object: "public.mood", kind: "enum", severity: "warning" });
const all = [column, otherSchema, index, schemaFinding, pending, enumFinding];

const keep = (ignore: string[]) => applyPolicy(all, { ignore, failOn: "error", migrationsRunOnDeploy: false }).findings.map((f) => f.object);

describe("ignore rules", () => {
  it("schema:NAME drops everything in that schema, including the schema itself", () => {
    expect(keep(["schema:billing"])).toEqual(["public.users.email", "public.users.users_idx", "0003_add_updated_at", "public.mood"]);
  });

  it("table:GLOB matches schema.table with * and ?", () => {
    expect(keep(["table:public.user?"])).toEqual(["billing.invoices", "billing", "0003_add_updated_at", "public.mood"]);
    expect(keep(["table:*.*"])).toEqual(["billing", "0003_add_updated_at", "public.mood"]);
    expect(keep(["table:billing.*"])).toEqual(["public.users.email", "public.users.users_idx", "billing", "0003_add_updated_at", "public.mood"]);
  });

  it("table:GLOB without a dot matches the table name in any schema", () => {
    expect(keep(["table:inv*"])).toEqual(["public.users.email", "public.users.users_idx", "billing", "0003_add_updated_at", "public.mood"]);
  });

  it("kind:KIND and code:CODE", () => {
    expect(keep(["kind:index"])).toEqual(["public.users.email", "billing.invoices", "billing", "0003_add_updated_at", "public.mood"]);
    expect(keep(["code:MIGRATION_PENDING", "code:ENUM_VALUE_EXTRA"])).toEqual(["public.users.email", "billing.invoices", "public.users.users_idx", "billing"]);
  });

  it("parseIgnoreRule returns the parsed rule", () => {
    expect(parseIgnoreRule("schema:neon_auth")).toEqual({ type: "schema", name: "neon_auth" });
    expect(parseIgnoreRule("kind:policy")).toEqual({ type: "kind", kind: "policy" });
    expect(parseIgnoreRule("code:NAME_MISMATCH")).toEqual({ type: "code", code: "NAME_MISMATCH" });
    expect(parseIgnoreRule("table:public.*")).toEqual({ type: "table", glob: "public.*", pattern: /^public\..*$/ });
  });

  it.each([
    ["users", 'Invalid ignore rule "users": missing the TYPE: prefix.'],
    ["tabel:users", 'Invalid ignore rule "tabel:users": unknown type "tabel".'],
    ["kind:tables", 'Invalid ignore rule "kind:tables": unknown kind "tables".'],
    ["code:COLUMN_GONE", 'Invalid ignore rule "code:COLUMN_GONE": unknown code "COLUMN_GONE".'],
    ["schema:", 'Invalid ignore rule "schema:": empty value.'],
  ])("rejects %s as a user error naming the rule and the valid forms", (rule, message) => {
    let caught: unknown;
    try {
      parseIgnoreRule(rule);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DriftcheckError);
    const error = caught as DriftcheckError;
    expect([error.kind, error.message]).toEqual(["user", message]);
    expect(error.hint).toBe(
      "Valid forms: schema:NAME, table:GLOB (matched against schema.table, or the table name when the glob has no dot; * and ? wildcards), " +
        "kind:KIND (schema, table, view, enum, sequence, column, primary_key, unique, foreign_key, check, index, rls, policy, migration, snapshot, probe), " +
        "code:CODE (a finding code such as COLUMN_MISSING).",
    );
  });

  it("applyPolicy throws on an invalid rule", () => {
    expect(() => applyPolicy(all, { ignore: ["nope"], failOn: "error", migrationsRunOnDeploy: false })).toThrow(DriftcheckError);
  });
});

describe("verdict", () => {
  it.each([
    ["error", [enumFinding, index], "pass"],
    ["error", [column], "fail"],
    ["warning", [enumFinding], "fail"],
    ["warning", [index], "pass"],
    ["info", [index], "fail"],
    ["info", [], "pass"],
  ] as const)("failOn %s with %j → %s", (failOn, findings, verdict) => {
    expect(applyPolicy([...findings], { ignore: [], failOn, migrationsRunOnDeploy: false }).verdict).toBe(verdict);
  });

  it("ignored findings do not fail the check", () => {
    expect(applyPolicy([column], { ignore: ["code:COLUMN_MISSING"], failOn: "info", migrationsRunOnDeploy: false })).toEqual({ findings: [], verdict: "pass" });
  });
});

describe("migrationsRunOnDeploy", () => {
  it("makes MIGRATION_PENDING and findings with a pending migration info; others stay", () => {
    const fixedByDeploy = { ...column, pendingMigration: "0003_add_updated_at" };
    const result = applyPolicy([pending, fixedByDeploy, otherSchema], { ignore: [], failOn: "error", migrationsRunOnDeploy: true });
    expect(result).toEqual({
      findings: [
        { ...pending, severity: "info", message: "m (The deploy runs migrations and will fix this.)" },
        { ...fixedByDeploy, severity: "info", message: "m (The deploy runs migrations and will fix this.)" },
        otherSchema,
      ],
      verdict: "fail",
    });
    expect(applyPolicy([pending, fixedByDeploy], { ignore: [], failOn: "error", migrationsRunOnDeploy: true }).verdict).toBe("pass");
  });

  it("changes nothing when off", () => {
    const fixedByDeploy = { ...column, pendingMigration: "0003_add_updated_at" };
    expect(applyPolicy([pending, fixedByDeploy], { ignore: [], failOn: "error", migrationsRunOnDeploy: false })).toEqual({
      findings: [pending, fixedByDeploy],
      verdict: "fail",
    });
  });
});

describe("compareFindings", () => {
  it("orders by severity (most severe first), then object, then code", () => {
    const a = makeFinding({ code: "COLUMN_TYPE_MISMATCH", object: "public.b.x", severity: "warning" });
    const b = makeFinding({ code: "COLUMN_DEFAULT_MISMATCH", object: "public.b.x", severity: "warning" });
    const c = makeFinding({ code: "TABLE_MISSING", object: "public.z", severity: "error" });
    const d = makeFinding({ code: "COLUMN_EXTRA", object: "public.a.y", severity: "info" });
    const e = makeFinding({ code: "COLUMN_MISSING", object: "public.a.x", severity: "warning" });
    expect([a, b, c, d, e].sort(compareFindings)).toEqual([c, e, b, a, d]);
  });
});
