import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCliArgs } from "../../src/cli/args.js";
import { loadConfigFile, validateConfig } from "../../src/cli/config-file.js";
import { loadDrizzleConfig } from "../../src/cli/drizzle-config.js";
import { resolveSettings } from "../../src/cli/settings.js";
import { DriftcheckError } from "../../src/core/errors.js";
import { driftcheckRejection } from "../support/rejection.js";

const dirs: string[] = [];
function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "driftcheck-cli-config-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DriftcheckError);
    expect((error as DriftcheckError).kind).toBe("user");
    return (error as DriftcheckError).message;
  }
  throw new Error("expected a user error");
}

const rejection = (promise: Promise<unknown>) => driftcheckRejection(promise);

const FULL_CONFIG = {
  $schema: "./driftcheck.schema.json",
  drizzle: "db/migrations",
  migrationsTable: "drizzle.__drizzle_migrations",
  migrations: "migrate",
  neon: { projectId: "p-1", database: "app", role: "driftcheck_ro", branches: { production: "main", preview: "preview/{branch}" } },
  ignore: ["schema:audit", "table:public.tmp_*", "kind:index", "code:INDEX_EXTRA"],
  environments: {
    production: { failOn: "warning", onError: "fail", migrationsRunOnDeploy: false },
    preview: { failOn: "error", onError: "neutral", migrationsRunOnDeploy: true },
  },
  probes: [{ name: "recent tracks", sql: "select id from soundcloud_tracks limit 1" }],
  replay: { prelude: "db/replay-prelude.sql" },
};

describe("driftcheck.json validation", () => {
  it("accepts every documented field", () => {
    expect(validateConfig(FULL_CONFIG)).toEqual(FULL_CONFIG);
    expect(validateConfig({})).toEqual({});
  });

  it("names the file, the JSON pointer and the allowed values", () => {
    expect(messageOf(() => validateConfig({ environments: { preview: { failOn: "fatal" } } }))).toBe(
      "driftcheck.json: /environments/preview/failOn must be one of error, warning, info",
    );
    expect(messageOf(() => validateConfig({ migrations: "apply" }))).toBe("driftcheck.json: /migrations must be one of migrate, push");
  });

  it("reports unknown properties, wrong types and bad rules, all at once", () => {
    expect(messageOf(() => validateConfig({ drizle: "x", ignore: ["tables:x"], environments: { production: { migrationsRunOnDeploy: "yes" } } })).split("\n")).toEqual([
      'driftcheck.json: (top level) has an unknown property "drizle"',
      "driftcheck.json: /ignore/0 must be a rule like schema:NAME, table:GLOB, kind:KIND or code:CODE",
      "driftcheck.json: /environments/production/migrationsRunOnDeploy must be a boolean",
    ]);
    expect(messageOf(() => validateConfig({ probes: [{ name: "x" }] }))).toBe('driftcheck.json: /probes/0 is missing the required property "sql"');
    expect(messageOf(() => validateConfig([]))).toBe("driftcheck.json: (top level) must be an object");
  });

  it("loads ./driftcheck.json when present and nothing when absent", () => {
    const dir = tempDir({ "driftcheck.json": JSON.stringify({ drizzle: "db" }) });
    expect(loadConfigFile(dir, undefined)).toEqual({ label: "driftcheck.json", dir, config: { drizzle: "db" } });
    expect(loadConfigFile(tempDir(), undefined)).toBeNull();
  });

  it("requires an explicit --config file to exist and to be JSON", () => {
    const dir = tempDir({ "bad.json": "{ drizzle: 1 " });
    expect(messageOf(() => loadConfigFile(dir, "missing.json"))).toBe("missing.json: file not found.");
    expect(messageOf(() => loadConfigFile(dir, "bad.json"))).toMatch(/^bad\.json: not valid JSON \(/);
  });
});

describe("drizzle.config.* loading", () => {
  it("executes a TypeScript config that imports drizzle-kit (the example app's)", async () => {
    const example = resolve("examples/soundcloud");
    const settings = await loadDrizzleConfig(example);
    expect(settings).toEqual({ file: join(example, "drizzle.config.ts"), out: join(example, "drizzle"), schema: ["./src/schema.ts"] });
  });

  it("honours out, schema, casing, schemaFilter, tablesFilter and migrations.{table,schema}", async () => {
    const dir = tempDir({
      "drizzle.config.ts": `const out: string = "./db/" + "migrations";
export default { dialect: "postgresql", schema: "./schema.ts", casing: "snake_case", out, schemaFilter: "app", tablesFilter: ["tracks_*", "users"],
  migrations: { table: "applied", schema: "meta" } };`,
    });
    expect(await loadDrizzleConfig(dir)).toEqual({
      file: join(dir, "drizzle.config.ts"),
      out: join(dir, "db", "migrations"),
      schema: ["./schema.ts"],
      casing: "snake_case",
      schemaFilter: ["app"],
      tablesFilter: ["tracks_*", "users"],
      migrationsTable: { schema: "meta", table: "applied" },
    });
  });

  it("reads a JSON config and fills drizzle-kit's default migrations schema", async () => {
    const dir = tempDir({ "drizzle.config.json": JSON.stringify({ out: "m", migrations: { table: "t" } }) });
    expect(await loadDrizzleConfig(dir)).toEqual({ file: join(dir, "drizzle.config.json"), out: join(dir, "m"), migrationsTable: { schema: "drizzle", table: "t" } });
  });

  it("reads a CommonJS config", async () => {
    const dir = tempDir({ "drizzle.config.cjs": 'module.exports = { dialect: "postgresql", out: "./cjs-out" };' });
    expect(await loadDrizzleConfig(dir)).toEqual({ file: join(dir, "drizzle.config.cjs"), out: join(dir, "cjs-out") });
  });

  it("returns null without a config and explains a config that throws", async () => {
    expect(await loadDrizzleConfig(tempDir())).toBeNull();
    const dir = tempDir({ "drizzle.config.mjs": 'throw new Error("DATABASE_URL is not set");' });
    const error = await rejection(loadDrizzleConfig(dir));
    expect(error.kind).toBe("user");
    expect(error.message).toBe("drizzle.config.mjs could not be loaded: DATABASE_URL is not set");
    expect(error.hint).toContain("--drizzle");
  });

  it("rejects a config whose fields have the wrong type", async () => {
    const dir = tempDir({ "drizzle.config.js": "export default { out: 3 };" });
    expect((await rejection(loadDrizzleConfig(dir))).message).toBe("drizzle.config.js: `out` must be a folder path.");
  });
});

describe("settings precedence: flags > driftcheck.json > drizzle config > defaults", () => {
  it("uses defaults with nothing configured", async () => {
    const dir = tempDir();
    const settings = await resolveSettings(parseCliArgs(["check"]), {}, dir);
    expect(settings).toMatchObject({ format: "text", databaseUrl: undefined, drizzleDir: join(dir, "drizzle"), drizzleDirFrom: "default" });
    expect(settings.options).toMatchObject({
      mode: "check",
      environment: "production",
      failOn: "error",
      ignore: [],
      migrations: "migrate",
      migrationsRunOnDeploy: false,
      migrationsTable: { schema: "drizzle", table: "__drizzle_migrations" },
    });
  });

  it("takes the drizzle config, then the file, then flags", async () => {
    const dir = tempDir({
      "drizzle.config.json": JSON.stringify({ out: "from-drizzle", schemaFilter: ["public"], migrations: { schema: "m", table: "t" } }),
      "driftcheck.json": JSON.stringify({
        ignore: ["code:INDEX_EXTRA"],
        migrations: "push",
        environments: { preview: { failOn: "warning", migrationsRunOnDeploy: true } },
      }),
    });
    const fromConfigs = await resolveSettings(parseCliArgs(["status", "--environment", "preview"]), { DATABASE_URL: "postgresql://env/db" }, dir);
    expect(fromConfigs).toMatchObject({ databaseUrl: "postgresql://env/db", drizzleDir: join(dir, "from-drizzle"), drizzleDirFrom: "drizzle config" });
    expect(fromConfigs.options).toMatchObject({
      mode: "status",
      environment: "preview",
      failOn: "warning",
      migrations: "push",
      migrationsRunOnDeploy: true,
      migrationsTable: { schema: "m", table: "t" },
      includeSchemas: ["public"],
      ignore: ["code:INDEX_EXTRA"],
    });

    const production = await resolveSettings(parseCliArgs(["check"]), {}, dir);
    expect(production.options).toMatchObject({ failOn: "error", migrationsRunOnDeploy: false });

    const flags = await resolveSettings(
      parseCliArgs([
        "check",
        "--environment=preview",
        "--fail-on=info",
        "--drizzle=flag-dir",
        "--migrations-table=x.y",
        "--ignore=schema:audit",
        "--database-url=postgresql://flag/db",
      ]),
      { DATABASE_URL: "postgresql://env/db" },
      dir,
    );
    expect(flags).toMatchObject({ databaseUrl: "postgresql://flag/db", drizzleDir: join(dir, "flag-dir"), drizzleDirFrom: "--drizzle" });
    expect(flags.options).toMatchObject({ failOn: "info", migrationsTable: { schema: "x", table: "y" }, ignore: ["code:INDEX_EXTRA", "schema:audit"] });
  });

  it("resolves replay.prelude against the file's folder, --replay-prelude against the working directory (the flag wins)", async () => {
    const dir = tempDir({ "config/driftcheck.json": JSON.stringify({ replay: { prelude: "sql/prelude.sql" } }) });
    const fromFile = await resolveSettings(parseCliArgs(["verify", "--config", "config/driftcheck.json"]), {}, dir);
    expect(fromFile.replayPrelude).toEqual({ path: join(dir, "config", "sql", "prelude.sql"), from: "driftcheck.json" });
    const fromFlag = await resolveSettings(parseCliArgs(["replay", "--config", "config/driftcheck.json", "--replay-prelude", "p.sql"]), {}, dir);
    expect(fromFlag.replayPrelude).toEqual({ path: join(dir, "p.sql"), from: "--replay-prelude" });
    expect((await resolveSettings(parseCliArgs(["check"]), {}, dir)).replayPrelude).toBeNull();
    expect(messageOf(() => validateConfig({ replay: { prelude: 1 } }))).toBe("driftcheck.json: /replay/prelude must be a string");
  });

  it("resolves `drizzle` in driftcheck.json against the file's folder", async () => {
    const dir = tempDir({ "config/driftcheck.json": JSON.stringify({ drizzle: "../db", migrationsTable: "public.migs" }) });
    const settings = await resolveSettings(parseCliArgs(["check", "--config", "config/driftcheck.json"]), {}, dir);
    expect(settings).toMatchObject({ drizzleDir: join(dir, "db"), drizzleDirFrom: "driftcheck.json" });
    expect(settings.options.migrationsTable).toEqual({ schema: "public", table: "migs" });
  });

  it("rejects a bad ignore rule from a flag", async () => {
    const error = await rejection(resolveSettings(parseCliArgs(["check", "--ignore", "tabel:users"]), {}, tempDir()));
    expect(error.kind).toBe("user");
    expect(error.hint).toContain("schema:NAME, table:GLOB");
  });
});
