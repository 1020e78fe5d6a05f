CREATE TYPE "mood" AS ENUM('happy', 'sad');--> statement-breakpoint
CREATE TABLE "listings" (
	"id" integer PRIMARY KEY,
	"status" text NOT NULL,
	"alt_status" text,
	"kind" varchar(16) NOT NULL,
	"owner_id" integer NOT NULL,
	"is_on" boolean DEFAULT (1 IN (1)),
	"label" text GENERATED ALWAYS AS (CASE WHEN status IN ('live') THEN 'on' ELSE 'off' END) STORED,
	CONSTRAINT "listings_status_check" CHECK ("status" NOT IN ('deleted')),
	CONSTRAINT "listings_kind_check" CHECK ("kind" IN ('a', 'b', 'c')),
	CONSTRAINT "listings_mixed_check" CHECK ("status" IN ('live', "alt_status", 'draft'))
);
--> statement-breakpoint
ALTER TABLE "listings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "members" (
	"id" integer PRIMARY KEY,
	"perms" jsonb DEFAULT NULL,
	"meta" jsonb DEFAULT NULL,
	"settings" jsonb DEFAULT '{}'
);
--> statement-breakpoint
CREATE TABLE "notes" (
	"id" integer PRIMARY KEY,
	"kind" "mood" NOT NULL,
	"title" varchar(100) NOT NULL,
	"tags" text[]
);
--> statement-breakpoint
CREATE UNIQUE INDEX "listings_owner_live_idx" ON "listings" ("owner_id") WHERE "status" IN ('live');--> statement-breakpoint
CREATE INDEX "listings_kind_idx" ON "listings" ("kind") WHERE "kind" IN ('a');--> statement-breakpoint
CREATE INDEX "notes_kind_idx" ON "notes" ("kind" enum_ops);--> statement-breakpoint
CREATE INDEX "notes_title_idx" ON "notes" ("title" text_ops);--> statement-breakpoint
CREATE INDEX "notes_tags_idx" ON "notes" USING gin ("tags" array_ops);--> statement-breakpoint
CREATE VIEW "live_listings" AS (select "id", "status" from "listings" where "listings"."status" IN ('live'));--> statement-breakpoint
CREATE POLICY "listings_live" ON "listings" AS PERMISSIVE FOR SELECT TO public USING ("listings"."status" IN ('live'));