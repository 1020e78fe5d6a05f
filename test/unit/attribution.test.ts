import { describe, expect, it } from "vitest";
import { attributePendingMigrations, lookupObject } from "../../src/core/attribution.js";
import { applyPolicy } from "../../src/core/policy.js";
import { diffSchemas } from "../../src/core/diff/index.js";
import type { CanonicalSchema } from "../../src/core/model.js";
import type { DrizzleFolder, MigrationFile } from "../../src/core/drizzle/types.js";
import { column, enumType, index, key, schema, table } from "./diff-builders.js";

const id = column("id", "integer", { notNull: true });
const title = column("title", "text");
const updatedAt = column("updated_at", "timestamp(3) without time zone", { notNull: true, default: "now()" });

const s0 = schema({ tables: [table("soundcloud_tracks", { columns: [id, title] })], enums: [enumType("mood", ["sad"])] });
const s1 = schema({ tables: [table("soundcloud_tracks", { columns: [id, title] }), table("playlists", { columns: [id] })], enums: [enumType("mood", ["sad"])] });
const s2 = schema({
  tables: [table("soundcloud_tracks", { columns: [id, title, updatedAt], indexes: [index("tracks_title_idx", [key("title")])] }), table("playlists", { columns: [id] })],
  enums: [enumType("mood", ["sad", "happy"])],
});
const s3 = schema({
  tables: [table("soundcloud_tracks", { columns: [id, { ...title, notNull: true }, updatedAt], indexes: [index("tracks_title_idx", [key("title")])] })],
  enums: [enumType("mood", ["sad", "happy"])],
});

function migration(idx: number, tag: string, snapshot: CanonicalSchema | null): MigrationFile {
  return { idx, tag, when: 1_700_000_000_000 + idx, sqlPath: `${tag}.sql`, sql: "", hash: "h", snapshotPath: snapshot ? `meta/000${idx}_snapshot.json` : null, snapshot };
}

const folder: DrizzleFolder = {
  layout: "0.x",
  source: "./drizzle",
  migrations: [
    migration(0, "0000_init", s0),
    migration(1, "0001_playlists", s1),
    migration(2, "0002_custom", null),
    migration(3, "0003_add_updated_at", s2),
    migration(4, "0004_drop_playlists", s3),
  ],
  expected: s3,
  expectedFrom: "0004_drop_playlists",
  findings: [],
};

describe("attributePendingMigrations", () => {
  it("names the earliest pending migration whose snapshot adds, changes or removes the object", () => {
    // The database stopped after 0001: it has s1.
    const findings = diffSchemas(s3, s1);
    const attributed = attributePendingMigrations(findings, folder, ["0002_custom", "0003_add_updated_at", "0004_drop_playlists"]);
    expect(attributed.map((f) => [f.code, f.object, f.pendingMigration])).toEqual([
      ["ENUM_VALUE_MISSING", "public.mood", "0003_add_updated_at"],
      ["COLUMN_MISSING", "public.soundcloud_tracks.updated_at", "0003_add_updated_at"],
      ["COLUMN_NULLABILITY_MISMATCH", "public.soundcloud_tracks.title", "0004_drop_playlists"],
      ["INDEX_MISSING", "public.soundcloud_tracks.tracks_title_idx", "0003_add_updated_at"],
      ["TABLE_EXTRA", "public.playlists", "0004_drop_playlists"],
    ]);
    // Nothing else changed.
    expect(attributed.map((f) => ({ ...f, pendingMigration: null }))).toEqual(findings);
  });

  it("does not attribute drift that no pending migration introduces", () => {
    // A column created by an applied migration and dropped by hand: a later pending migration
    // that merely alters the table does not fix it.
    const drifted = schema({ tables: [table("soundcloud_tracks", { columns: [id] })], enums: [enumType("mood", ["sad", "happy"])] });
    const findings = diffSchemas(s2, drifted).filter((f) => f.code === "COLUMN_MISSING");
    expect(attributePendingMigrations(findings, folder, ["0004_drop_playlists"]).map((f) => [f.object, f.pendingMigration])).toEqual([
      ["public.soundcloud_tracks.title", null],
      ["public.soundcloud_tracks.updated_at", null],
    ]);
  });

  it("leaves findings alone when nothing is pending, and never overrides an attribution", () => {
    const findings = diffSchemas(s3, s1);
    expect(attributePendingMigrations(findings, folder, [])).toEqual(findings);
    const preset = findings.map((f) => ({ ...f, pendingMigration: "x" }));
    expect(attributePendingMigrations(preset, folder, ["0003_add_updated_at"])).toEqual(preset);
  });

  it("attributes a whole missing table to the migration that creates it", () => {
    const findings = diffSchemas(s1, s0);
    expect(attributePendingMigrations(findings, folder, ["0001_playlists"]).map((f) => [f.code, f.pendingMigration])).toEqual([
      ["TABLE_MISSING", "0001_playlists"],
    ]);
  });
});

describe("attributePendingMigrations, field by field", () => {
  // Snapshot 0001: t.x integer. Pending 0002 only adds DEFAULT 0.
  const x = column("x", "integer");
  const before = schema({ tables: [table("t", { columns: [id, x] })] });
  const after = schema({ tables: [table("t", { columns: [id, { ...x, default: "0" }] })] });
  const defaultFolder: DrizzleFolder = {
    layout: "0.x",
    source: "./drizzle",
    migrations: [migration(1, "0001_t", before), migration(2, "0002_default", after)],
    expected: after,
    expectedFrom: "0002_default",
    findings: [],
  };
  const attribute = (database: CanonicalSchema) =>
    attributePendingMigrations(diffSchemas(after, database), defaultFolder, ["0002_default"]).map((f) => [f.code, f.pendingMigration]);

  it("does not credit a type difference to a migration that only changes the default", () => {
    // Hand-altered to text: 0002 will not change the type back.
    const altered = schema({ tables: [table("t", { columns: [id, { ...x, type: "text" }] })] });
    expect(attribute(altered)).toEqual([
      ["COLUMN_TYPE_MISMATCH", null],
      ["COLUMN_DEFAULT_MISSING", "0002_default"],
    ]);
    // So migrationsRunOnDeploy does not turn the type difference into a silent pass.
    const findings = attributePendingMigrations(diffSchemas(after, altered), defaultFolder, ["0002_default"]);
    expect(applyPolicy(findings, { ignore: [], failOn: "error", migrationsRunOnDeploy: true }).verdict).toBe("fail");
  });

  it("credits the default a migration adds to a column that existed before it", () => {
    expect(attribute(before)).toEqual([["COLUMN_DEFAULT_MISSING", "0002_default"]]);
  });

  it("does not credit a migration whose result differs from what the code expects", () => {
    const other = schema({ tables: [table("t", { columns: [id, { ...x, default: "1" }] })] });
    const findings = diffSchemas(other, before);
    expect(attributePendingMigrations(findings, defaultFolder, ["0002_default"]).map((f) => [f.code, f.pendingMigration])).toEqual([
      ["COLUMN_DEFAULT_MISSING", null],
    ]);
  });

  it("credits nullability and enum values only to the migration that sets them", () => {
    // 0003 (pending) sets title NOT NULL; the database's title is nullable; 0003 also adds nothing to mood.
    const findings = diffSchemas(s3, { ...s2, tables: { ...s2.tables } });
    expect(attributePendingMigrations(findings, folder, ["0004_drop_playlists"]).map((f) => [f.code, f.pendingMigration])).toEqual([
      ["COLUMN_NULLABILITY_MISMATCH", "0004_drop_playlists"],
      ["TABLE_EXTRA", "0004_drop_playlists"],
    ]);
    // The enum lacks "happy" in the database but 0004 does not touch the enum: no credit.
    const enumDrift = diffSchemas(s3, { ...s3, enums: { "public.mood": enumType("mood", ["sad"]) } });
    expect(attributePendingMigrations(enumDrift, folder, ["0004_drop_playlists"]).map((f) => [f.code, f.pendingMigration])).toEqual([
      ["ENUM_VALUE_MISSING", null],
    ]);
  });
});

describe("lookupObject", () => {
  it("finds every kind of object by its finding path", () => {
    const t = s2.tables["public.soundcloud_tracks"]!;
    expect(lookupObject(s2, { kind: "table", object: "public.soundcloud_tracks" })).toEqual(t);
    expect(lookupObject(s2, { kind: "column", object: "public.soundcloud_tracks.updated_at" })).toEqual(updatedAt);
    expect(lookupObject(s2, { kind: "index", object: "public.soundcloud_tracks.tracks_title_idx" })).toEqual(t.indexes["tracks_title_idx"]);
    expect(lookupObject(s2, { kind: "enum", object: "public.mood" })).toEqual(enumType("mood", ["sad", "happy"]));
    expect(lookupObject(s2, { kind: "schema", object: "public" })).toBe("public");
    expect(lookupObject(s2, { kind: "rls", object: "public.soundcloud_tracks" })).toBe(false);
    expect(lookupObject(s2, { kind: "column", object: "public.nope.updated_at" })).toBeUndefined();
    expect(lookupObject(s2, { kind: "migration", object: "0003_add_updated_at" })).toBeUndefined();
  });
});
