/**
 * The Worker validates driftcheck.json with zod (workerd forbids ajv's generated code); the CLI
 * validates it with ajv against the committed driftcheck.schema.json. The two must agree: a file
 * the CLI accepts must not be refused by the Worker, and the other way round.
 */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { checkOptionsFor } from "../../src/worker/check-job/check-options.js";
import { parseRepoConfig, RepoConfigSchema } from "../../src/worker/check-job/repo-config.js";

const schema = JSON.parse(readFileSync(new URL("../../driftcheck.schema.json", import.meta.url), "utf8")) as object;
const ajvValidate = new Ajv({ allErrors: true, strict: true }).compile(schema);

const ACCEPTED: Record<string, unknown> = {
  "empty object": {},
  "every property": {
    $schema: "./node_modules/driftcheck/driftcheck.schema.json",
    drizzle: "./db/drizzle",
    migrationsTable: "drizzle.__drizzle_migrations",
    migrations: "migrate",
    neon: { projectId: "wispy-fog-123", database: "neondb", role: "driftcheck_readonly", branches: { production: "main", preview: "preview/{branch}" } },
    ignore: ["schema:audit", "table:public.tmp_*", "kind:policy", "code:INDEX_EXTRA"],
    environments: {
      production: { failOn: "error", onError: "fail", migrationsRunOnDeploy: true },
      preview: { failOn: "warning", onError: "neutral", migrationsRunOnDeploy: false },
    },
    probes: [{ name: "tracks by user", sql: "SELECT id FROM soundcloud_tracks WHERE user_id = $1" }],
    replay: { prelude: "db/replay-prelude.sql" },
  },
  "probe with paramTypes": {
    probes: [
      { name: "by id and title", sql: "SELECT * FROM t WHERE id = $1 AND title = $2", paramTypes: ["integer", "text"] },
      { sql: "SELECT 1", paramTypes: [] },
    ],
  },
  "bare migrations table, push workflow": { migrationsTable: "migrations", migrations: "push" },
  "only a preview environment": { environments: { preview: { failOn: "info" } } },
};

const REJECTED: Record<string, unknown> = {
  "not an object": ["drizzle"],
  "unknown top-level property": { drizle: "./drizzle" },
  "empty drizzle folder": { drizzle: "" },
  "migrationsTable with two dots": { migrationsTable: "a.b.c" },
  "unknown migrations workflow": { migrations: "generate" },
  "unknown neon property": { neon: { project: "x" } },
  "unknown branch kind": { neon: { branches: { staging: "x" } } },
  "ignore rule without kind": { ignore: ["audit"] },
  "ignore rule with an empty value": { ignore: ["table:"] },
  "unknown environment": { environments: { staging: {} } },
  "bad failOn": { environments: { production: { failOn: "fatal" } } },
  "bad onError": { environments: { preview: { onError: "ignore" } } },
  "migrationsRunOnDeploy as a string": { environments: { production: { migrationsRunOnDeploy: "yes" } } },
  "probe without sql": { probes: [{ name: "x" }] },
  "probe with empty sql": { probes: [{ sql: "" }] },
  "probe with unknown property": { probes: [{ sql: "SELECT 1", params: ["integer"] }] },
  "paramTypes not a list": { probes: [{ sql: "SELECT $1", paramTypes: "integer" }] },
  "paramTypes with an empty type": { probes: [{ sql: "SELECT $1", paramTypes: [""] }] },
  "paramTypes with a number": { probes: [{ sql: "SELECT $1", paramTypes: [23] }] },
  "empty replay prelude": { replay: { prelude: "" } },
  "unknown replay property": { replay: { scratchUrl: "postgresql://x" } },
};

describe("driftcheck.json: the Worker's zod schema agrees with driftcheck.schema.json", () => {
  for (const [label, config] of Object.entries(ACCEPTED)) {
    it(`both accept: ${label}`, () => {
      expect(ajvValidate(config), JSON.stringify(ajvValidate.errors)).toBe(true);
      const parsed = RepoConfigSchema.safeParse(config);
      expect(parsed.success, parsed.error?.message).toBe(true);
      // Nothing is dropped or added on the way through.
      expect(parsed.data).toEqual(config);
    });
  }

  for (const [label, config] of Object.entries(REJECTED)) {
    it(`both reject: ${label}`, () => {
      expect(ajvValidate(config)).toBe(false);
      expect(RepoConfigSchema.safeParse(config).success).toBe(false);
      expect(() => parseRepoConfig(JSON.stringify(config))).toThrow(/driftcheck\.json: /);
    });
  }
});

describe("checkOptionsFor forwards probes with their paramTypes", () => {
  it("keeps paramTypes and names unnamed probes by place", () => {
    const config = parseRepoConfig(JSON.stringify(ACCEPTED["probe with paramTypes"]));
    const options = checkOptionsFor(config, "preview");
    expect(options.probes).toEqual([
      { name: "by id and title", sql: "SELECT * FROM t WHERE id = $1 AND title = $2", paramTypes: ["integer", "text"] },
      { name: "probe 2", sql: "SELECT 1", paramTypes: [] },
    ]);
  });

  it("leaves paramTypes out when the file has none", () => {
    const options = checkOptionsFor(parseRepoConfig('{"probes":[{"sql":"SELECT 1"}]}'), "production");
    expect(options.probes).toEqual([{ name: "probe 1", sql: "SELECT 1" }]);
  });
});

describe("driftcheck.json: same property names in both schemas", () => {
  type JsonSchemaNode = { properties?: Record<string, JsonSchemaNode>; items?: JsonSchemaNode; $ref?: string };
  const root = schema as JsonSchemaNode & { definitions: Record<string, JsonSchemaNode> };
  const resolve = (node: JsonSchemaNode): JsonSchemaNode => (node.$ref ? root.definitions[node.$ref.replace("#/definitions/", "")]! : node);
  const keys = (node: JsonSchemaNode | undefined) => Object.keys(resolve(node ?? {}).properties ?? {}).sort();
  const p = root.properties!;

  it("at every level the JSON Schema describes", () => {
    const shape = RepoConfigSchema.shape;
    expect(Object.keys(shape).sort()).toEqual(keys(root));
    expect(Object.keys(shape.neon.unwrap().shape).sort()).toEqual(keys(p.neon));
    expect(Object.keys(shape.neon.unwrap().shape.branches.unwrap().shape).sort()).toEqual(keys(p.neon!.properties!.branches));
    expect(Object.keys(shape.environments.unwrap().shape).sort()).toEqual(keys(p.environments));
    expect(Object.keys(shape.environments.unwrap().shape.production.unwrap().shape).sort()).toEqual(keys(p.environments!.properties!.production));
    expect(Object.keys(shape.probes.unwrap().element.shape).sort()).toEqual(keys(p.probes!.items));
    expect(Object.keys(shape.replay.unwrap().shape).sort()).toEqual(keys(p.replay));
  });
});
