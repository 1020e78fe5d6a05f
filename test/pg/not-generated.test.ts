/**
 * MIGRATION_NOT_GENERATED: a project whose migrations are written by the real drizzle-kit 0.31
 * `generate`; then one schema change per object kind, each giving exactly one finding from
 * `driftcheck check --no-database`, and none once `drizzle-kit generate` has run again. The
 * project lives under test-artifacts/ so its schema resolves the repository's drizzle-orm.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";
import type { Finding } from "../../src/core/findings.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { ROOT, captureIo } from "./cli-support.js";

const exec = promisify(execFile);
const DRIZZLE_KIT = join(ROOT, "node_modules", "drizzle-kit", "bin.cjs");

const BASE_SCHEMA = `import { sql } from "drizzle-orm";
import { bigint, check, foreignKey, index, integer, pgEnum, pgPolicy, pgTable, serial, text, timestamp, unique } from "drizzle-orm/pg-core";

export const mood = pgEnum("mood", ["calm", "loud"]);

export const artists = pgTable("artists", {
  id: serial("id").primaryKey(),
  name: text("name").notNull(),
});

export const tracks = pgTable(
  "tracks",
  {
    id: serial("id").primaryKey(),
    title: text("title").notNull(),
    artistId: integer("artist_id"),
    plays: integer("plays").default(0),
    slug: text("slug"),
    mood: mood("mood"),
    /*COLUMNS*/
  },
  (t) => [/*TRACK_EXTRAS*/],
);

export const notes = pgTable(
  "notes",
  { id: serial("id").primaryKey(), body: text("body") },
  () => [pgPolicy("notes_read", { for: "select", to: "public", using: sql\`true\` }), /*POLICIES*/],
);

export const unused = [bigint, check, foreignKey, index, timestamp, unique];
`;

interface Change {
  kind: string;
  edit: [string, string];
  object: string;
  message: RegExp;
}

const CHANGES: Change[] = [
  { kind: "column", edit: ['plays: integer("plays").default(0)', 'plays: bigint("plays", { mode: "number" }).default(0)'], object: "public.tracks.plays", message: /changes the type of column `tracks\.plays`/ },
  { kind: "column", edit: [".default(0)", ".default(1)"], object: "public.tracks.plays", message: /changes the default of column `tracks\.plays`/ },
  { kind: "column", edit: ['title: text("title").notNull()', 'title: text("title")'], object: "public.tracks.title", message: /changes the nullability of column `tracks\.title`/ },
  { kind: "index", edit: ["/*TRACK_EXTRAS*/", 'index("tracks_title_idx").on(t.title)'], object: "public.tracks.tracks_title_idx", message: /adds index `tracks\.tracks_title_idx`/ },
  {
    kind: "foreign_key",
    edit: ["/*TRACK_EXTRAS*/", 'foreignKey({ columns: [t.artistId], foreignColumns: [artists.id], name: "tracks_artist_fk" })'],
    object: "public.tracks.tracks_artist_fk",
    message: /adds foreign key `tracks\.tracks_artist_fk`/,
  },
  { kind: "unique", edit: ["/*TRACK_EXTRAS*/", 'unique("tracks_slug_key").on(t.slug)'], object: "public.tracks.tracks_slug_key", message: /adds unique `tracks\.tracks_slug_key`/ },
  { kind: "check", edit: ["/*TRACK_EXTRAS*/", 'check("tracks_plays_check", sql`${t.plays} >= 0`)'], object: "public.tracks.tracks_plays_check", message: /adds check `tracks\.tracks_plays_check`/ },
  { kind: "enum", edit: ['["calm", "loud"]', '["calm", "loud", "quiet"]'], object: "public.mood", message: /adds enum value `mood`/ },
  {
    kind: "policy",
    edit: ["/*POLICIES*/", 'pgPolicy("notes_write", { for: "insert", to: "public", withCheck: sql`true` })'],
    object: "public.notes.notes_write",
    message: /adds policy `notes\.notes_write`/,
  },
];

let project: string;

function writeSchema(edit?: [string, string]): void {
  writeFileSync(join(project, "schema.ts"), edit ? BASE_SCHEMA.replace(edit[0], edit[1]) : BASE_SCHEMA);
}

async function generate(): Promise<void> {
  await exec(process.execPath, [DRIZZLE_KIT, "generate", "--config", "drizzle.config.ts"], { cwd: project });
}

async function checkJson(args: string[] = ["--no-database"], cwd = project): Promise<{ code: number; report: { verdict: string; findings: Finding[] }; stderr: string }> {
  const { io, out } = captureIo(cwd);
  const code = await run(["check", "--format", "json", ...args], io);
  return { code, report: JSON.parse(out.stdout) as { verdict: string; findings: Finding[] }, stderr: out.stderr };
}

beforeAll(async () => {
  mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
  project = mkdtempSync(join(ROOT, "test-artifacts", "not-generated-"));
  writeFileSync(
    join(project, "drizzle.config.ts"),
    'import { defineConfig } from "drizzle-kit";\nexport default defineConfig({ dialect: "postgresql", schema: "./schema.ts", out: "./drizzle" });\n',
  );
  writeSchema();
  await generate();
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe("check --no-database: the drizzle config's schema against the newest snapshot", () => {
  it("finds nothing right after drizzle-kit generate", async () => {
    writeSchema();
    const { code, report } = await checkJson();
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });

  for (const change of CHANGES) {
    it(`one ${change.kind} change → one MIGRATION_NOT_GENERATED on ${change.object}`, async () => {
      writeSchema(change.edit);
      const { code, report } = await checkJson();
      expect(report.findings.map((f) => [f.code, f.severity, f.kind, f.object])).toEqual([["MIGRATION_NOT_GENERATED", "error", change.kind, change.object]]);
      expect(report.findings[0]!.message).toMatch(change.message);
      expect(report.findings[0]!.message).toContain("run `npx drizzle-kit generate`");
      expect(report.verdict).toBe("fail");
      expect(code).toBe(2);
    });
  }

  it("a code:MIGRATION_NOT_GENERATED ignore rule turns it off", async () => {
    writeSchema(CHANGES[0]!.edit);
    const { code, report } = await checkJson(["--no-database", "--ignore", "code:MIGRATION_NOT_GENERATED"]);
    expect([code, report.findings]).toEqual([0, []]);
  });

  it("needs a drizzle config that names the schema, and takes no database flags", async () => {
    const bare = mkdtempSync(join(ROOT, "test-artifacts", "not-generated-bare-"));
    try {
      mkdirSync(join(bare, "drizzle"));
      const { io, out } = captureIo(bare);
      expect(await run(["check", "--no-database"], io)).toBe(1);
      expect(out.stderr).toContain("no drizzle config names a `schema`");
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
    const { io, out } = captureIo(project);
    expect(await run(["check", "--no-database", "--database-url", "postgresql://x@127.0.0.1/db"], io)).toBe(1);
    expect(out.stderr).toContain("--database-url does not apply with --no-database");
  });
});

describe("check with a database also reports MIGRATION_NOT_GENERATED", () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase("h14_notgen");
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await migrate(drizzle(client), { migrationsFolder: join(project, "drizzle") });
    } finally {
      await client.end();
    }
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("adds column `tracks.updated_at` without a migration: the database matches the snapshot, the schema does not; generate clears it", async () => {
    writeSchema(["/*COLUMNS*/", 'updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),']);
    const before = await checkJson(["--database-url", database.url]);
    expect(before.report.findings.map((f) => [f.code, f.object])).toEqual([["MIGRATION_NOT_GENERATED", "public.tracks.updated_at"]]);
    expect(before.report.findings[0]!.message).toBe(
      "schema.ts adds column `tracks.updated_at` that no migration has; run `npx drizzle-kit generate` and commit the migration.",
    );
    expect(before.code).toBe(2);

    await generate();
    const after = await checkJson(["--no-database"]);
    expect([after.code, after.report.findings]).toEqual([0, []]);
    // The database now lacks what the new migration adds: the ordinary drift findings take over.
    const drift = await checkJson(["--database-url", database.url]);
    expect(drift.report.findings.map((f) => f.code)).toEqual(expect.arrayContaining(["COLUMN_MISSING", "MIGRATION_PENDING"]));
    expect(drift.report.findings.map((f) => f.code)).not.toContain("MIGRATION_NOT_GENERATED");
  });
});
