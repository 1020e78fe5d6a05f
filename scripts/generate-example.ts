/**
 * Regenerates examples/soundcloud/drizzle with drizzle-kit 0.31, one `generate` per stage of
 * the schema's history. The last stage adds `soundcloud_tracks.updated_at`: the migration that
 * "never ran in production" in the demo (DESIGN.md, the motivating failure).
 *
 *   npx tsx scripts/generate-example.ts
 *
 * Every run rewrites the migrations (drizzle-kit stamps `when` with the current time), so only
 * run it when the example's schema changes, and commit the result.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const example = join(root, "examples", "soundcloud");
const drizzleKit = join(root, "node_modules", "drizzle-kit", "bin.cjs");

const header = `// The example app's schema (generated history: scripts/generate-example.ts).
import { sql } from "drizzle-orm";
import { index, integer, pgTable, serial, text, timestamp, varchar } from "drizzle-orm/pg-core";
`;

const tracksColumns = `  id: serial("id").primaryKey(),
  title: text("title").notNull(),
  artist: text("artist").notNull(),
  permalinkUrl: varchar("permalink_url", { length: 255 }).notNull().unique(),
  durationMs: integer("duration_ms"),
  plays: integer("plays").notNull().default(0),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),`;

const stages: { name: string; schema: string }[] = [
  {
    name: "create_tracks",
    schema: `${header}
export const soundcloudTracks = pgTable("soundcloud_tracks", {
${tracksColumns}
});
`,
  },
  {
    name: "add_genre_and_artist_index",
    schema: `${header}
export const soundcloudTracks = pgTable(
  "soundcloud_tracks",
  {
${tracksColumns}
    genre: text("genre"),
  },
  (table) => [index("soundcloud_tracks_artist_idx").on(table.artist)],
);
`,
  },
  {
    name: "add_updated_at",
    schema: `${header}
export const soundcloudTracks = pgTable(
  "soundcloud_tracks",
  {
${tracksColumns}
    genre: text("genre"),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .default(sql\`now()\`),
  },
  (table) => [index("soundcloud_tracks_artist_idx").on(table.artist)],
);
`,
  },
];

rmSync(join(example, "drizzle"), { recursive: true, force: true });
mkdirSync(join(example, "src"), { recursive: true });
for (const stage of stages) {
  writeFileSync(join(example, "src", "schema.ts"), stage.schema);
  execFileSync(process.execPath, [drizzleKit, "generate", "--name", stage.name], { cwd: example, stdio: "inherit" });
}
console.log(`generated ${stages.length} migrations in examples/soundcloud/drizzle`);
