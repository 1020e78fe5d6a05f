CREATE TABLE "events" (
	"id" integer PRIMARY KEY,
	"data" jsonb,
	"at" timestamp with time zone,
	"name" text
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"k" varchar(64) PRIMARY KEY UNIQUE,
	"user_id" integer
);
--> statement-breakpoint
CREATE INDEX "events_data_idx" ON "events" USING gin ("data" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "events_at_idx" ON "events" ("at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "events_name_idx" ON "events" ("name" COLLATE "C" text_pattern_ops);