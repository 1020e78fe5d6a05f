/**
 * Fixture "rules": what PostgreSQL rewrites or leaves out when it stores a schema, written the
 * ways drizzle lets code write it (issue 11's classes that apply to drizzle-kit 1.x): NULL
 * defaults, IN lists wherever expressions are compared, default operator classes written out,
 * index elements written as SQL, and a primary key that is also declared unique.
 * FIXTURE_STEP selects the schema as of that migration.
 */
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgEnum, pgPolicy, pgTable, pgView, text, timestamp, uniqueIndex, varchar } from "drizzle-orm/pg-core";

const STEP = Number(process.env.FIXTURE_STEP ?? "1");

export const mood = pgEnum("mood", ["happy", "sad"]);

export const members = pgTable("members", {
  id: integer("id").primaryKey(),
  perms: jsonb("perms").default(sql`NULL`),
  meta: jsonb("meta").default(sql`NULL::jsonb`),
  settings: jsonb("settings").default(sql`'{}'::jsonb`),
  ...(STEP >= 3 ? { nickname: text("nickname") } : {}),
});

export const listings = pgTable(
  "listings",
  {
    id: integer("id").primaryKey(),
    status: text("status").notNull(),
    altStatus: text("alt_status"),
    kind: varchar("kind", { length: 16 }).notNull(),
    ownerId: integer("owner_id").notNull(),
    isOn: boolean("is_on").default(sql`(1 IN (1))`),
    label: text("label").generatedAlwaysAs(sql`CASE WHEN status IN ('live') THEN 'on' ELSE 'off' END`),
  },
  (t) => [
    check("listings_status_check", sql`${t.status} NOT IN ('deleted')`),
    check("listings_kind_check", sql`${t.kind} IN ('a', 'b', 'c')`),
    check("listings_mixed_check", sql`${t.status} IN ('live', ${t.altStatus}, 'draft')`),
    uniqueIndex("listings_owner_live_idx").on(t.ownerId).where(sql`${t.status} IN ('live')`),
    index("listings_kind_idx").on(t.kind).where(sql`${t.kind} IN ('a')`),
    pgPolicy("listings_live", { for: "select", using: sql`${t.status} IN ('live')` }),
  ],
).enableRLS();

export const liveListings = pgView("live_listings").as((qb) =>
  qb.select({ id: listings.id, status: listings.status }).from(listings).where(sql`${listings.status} IN ('live')`),
);

export const notes = pgTable(
  "notes",
  {
    id: integer("id").primaryKey(),
    kind: mood("kind").notNull(),
    title: varchar("title", { length: 100 }).notNull(),
    tags: text("tags").array(),
  },
  (t) => [
    index("notes_kind_idx").on(t.kind.op("enum_ops")),
    index("notes_title_idx").on(t.title.op("text_ops")),
    index("notes_tags_idx").using("gin", t.tags.op("array_ops")),
  ],
);

export const events =
  STEP >= 2
    ? pgTable(
        "events",
        {
          id: integer("id").primaryKey(),
          data: jsonb("data"),
          at: timestamp("at", { withTimezone: true }),
          name: text("name"),
        },
        (t) => [
          index("events_data_idx").using("gin", sql`${t.data} jsonb_path_ops`),
          index("events_at_idx").on(sql`${t.at} DESC NULLS LAST`),
          index("events_name_idx").on(sql`${t.name} COLLATE "C" text_pattern_ops`),
        ],
      )
    : undefined;

export const sessions =
  STEP >= 2
    ? pgTable("sessions", {
        k: varchar("k", { length: 64 }).primaryKey().unique(),
        userId: integer("user_id"),
      })
    : undefined;
