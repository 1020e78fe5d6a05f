// The example app's schema (generated history: scripts/generate-example.ts).
import { sql } from "drizzle-orm";
import { index, integer, pgTable, serial, text, timestamp, varchar } from "drizzle-orm/pg-core";

export const soundcloudTracks = pgTable(
  "soundcloud_tracks",
  {
  id: serial("id").primaryKey(),
  title: text("title").notNull(),
  artist: text("artist").notNull(),
  permalinkUrl: varchar("permalink_url", { length: 255 }).notNull().unique(),
  durationMs: integer("duration_ms"),
  plays: integer("plays").notNull().default(0),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    genre: text("genre"),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .default(sql`now()`),
  },
  (table) => [index("soundcloud_tracks_artist_idx").on(table.artist)],
);
