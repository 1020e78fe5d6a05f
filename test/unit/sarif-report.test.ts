import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderSarif, type SarifMigration } from "../../src/core/report/index.js";
import { FINDING_CODES } from "../../src/core/findings.js";
import { errorResult, extraIndex, missingColumn, result, widened } from "./report-fixtures.js";
import { makeFinding } from "./diff-builders.js";
import { validateSarif } from "./sarif-validate.js";

const SCHEMA_PATH = new URL("../schemas/sarif-schema-2.1.0.json", import.meta.url);

const migrations: SarifMigration[] = [
  {
    tag: "0002_tracks",
    sqlPath: "0002_tracks.sql",
    snapshotPath: "meta/0002_snapshot.json",
    sql: [
      'CREATE TABLE "soundcloud_tracks" (',
      '\t"id" serial PRIMARY KEY NOT NULL,',
      '\t"title" text NOT NULL,',
      '\tCONSTRAINT "soundcloud_tracks_title_unique" UNIQUE("title")',
      ");",
      '--> statement-breakpoint',
      'CREATE INDEX "users_idx" ON "users" USING btree ("email");',
    ].join("\n"),
  },
  {
    tag: "0003_add_updated_at",
    sqlPath: "0003_add_updated_at.sql",
    snapshotPath: "meta/0003_snapshot.json",
    sql: "-- adds a column\nALTER TABLE \"soundcloud_tracks\" ADD COLUMN \"updated_at\" timestamp(3) DEFAULT now() NOT NULL;",
  },
];

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; defaultConfiguration: { level: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: { physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    }[];
    invocations: { executionSuccessful: boolean }[];
  }[];
}

function render(findings = [missingColumn, widened, extraIndex], folderUri: string | null = "examples/app/drizzle") {
  const text = renderSarif(result(findings), {
    toolVersion: "0.1.0",
    folderUri,
    migrations,
    snapshotPath: "meta/0003_snapshot.json",
    journalPath: "meta/_journal.json",
  });
  return { text, log: JSON.parse(text) as SarifLog };
}

describe("the committed SARIF schema", () => {
  it("is the file named in test/schemas/README.md", () => {
    const sha = createHash("sha256").update(readFileSync(SCHEMA_PATH)).digest("hex");
    expect(readFileSync(new URL("../schemas/README.md", import.meta.url), "utf8")).toContain(sha);
  });

  it("rejects a log that is not SARIF 2.1.0 (the validator can fail)", () => {
    expect(validateSarif({ version: "2.0.0", runs: [] })).not.toEqual([]);
    expect(validateSarif({ version: "2.1.0", runs: [{ tool: { driver: {} } }] })).not.toEqual([]);
    expect(validateSarif({ version: "2.1.0", runs: [{ tool: { driver: { name: "x" } }, results: [{ message: { text: "m" }, level: "fatal" }] }] })).not.toEqual([]);
  });
});

describe("renderSarif", () => {
  it("validates against the SARIF 2.1.0 schema", () => {
    expect(validateSarif(render().log)).toEqual([]);
    expect(validateSarif(render([], null).log)).toEqual([]);
  });

  it("has one rule per finding code with the default level", () => {
    const rules = render().log.runs[0]!.tool.driver.rules;
    expect(rules.map((rule) => rule.id)).toEqual([...FINDING_CODES]);
    expect(rules.find((r) => r.id === "COLUMN_MISSING")?.defaultConfiguration.level).toBe("error");
    expect(rules.find((r) => r.id === "INDEX_EXTRA")?.defaultConfiguration.level).toBe("note");
    expect(rules.find((r) => r.id === "MIGRATION_EDITED")?.defaultConfiguration.level).toBe("warning");
  });

  it("maps severities to levels and points ruleIndex at the rule", () => {
    const { log } = render();
    const results = log.runs[0]!.results;
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ["COLUMN_MISSING", "error"],
      ["COLUMN_TYPE_MISMATCH", "warning"],
      ["INDEX_EXTRA", "note"],
    ]);
    for (const r of results) expect(log.runs[0]!.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });

  it("locates a missing column at the ADD COLUMN line of its pending migration, relative to the repo root", () => {
    const location = render().log.runs[0]!.results[0]!.locations[0]!.physicalLocation;
    expect(location).toEqual({ artifactLocation: { uri: "examples/app/drizzle/0003_add_updated_at.sql" }, region: { startLine: 2 } });
  });

  it("locates a column, a constraint and an index created inside earlier migrations", () => {
    const column = makeFinding({ code: "COLUMN_TYPE_MISMATCH", kind: "column", object: "public.soundcloud_tracks.title" });
    const unique = makeFinding({ code: "UNIQUE_MISSING", kind: "unique", object: "public.soundcloud_tracks.soundcloud_tracks_title_unique" });
    const index = makeFinding({ code: "INDEX_MISSING", kind: "index", object: "public.users.users_idx" });
    const table = makeFinding({ code: "TABLE_MISSING", kind: "table", object: "public.soundcloud_tracks" });
    const { log } = render([column, unique, index, table], "");
    expect(log.runs[0]!.results.map((r) => `${r.locations[0]!.physicalLocation?.artifactLocation.uri}:${r.locations[0]!.physicalLocation?.region.startLine}`)).toEqual([
      "0002_tracks.sql:3",
      "0002_tracks.sql:4",
      "0002_tracks.sql:7",
      "0002_tracks.sql:1",
    ]);
  });

  it("falls back to the snapshot for objects no migration creates, and to the migration file for migration findings", () => {
    const pending = makeFinding({ code: "MIGRATION_PENDING", kind: "migration", object: "0003_add_updated_at" });
    const extra = makeFinding({ code: "TABLE_EXTRA", kind: "table", object: "public.legacy" });
    const { log } = render([extra, pending]);
    const uris = log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation?.artifactLocation.uri);
    expect(uris).toEqual(["examples/app/drizzle/meta/0003_snapshot.json", "examples/app/drizzle/0003_add_updated_at.sql"]);
  });

  it("has only logical locations without a folder (diff of two databases)", () => {
    const { log } = render([missingColumn], null);
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation).toBeUndefined();
  });

  it("reports a check that could not run as an unsuccessful invocation", () => {
    const log = JSON.parse(renderSarif(errorResult, { toolVersion: "0.1.0", folderUri: null })) as SarifLog;
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
  });
});
