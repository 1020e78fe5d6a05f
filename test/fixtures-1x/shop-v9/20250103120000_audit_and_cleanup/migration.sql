CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"payload" jsonb
);
--> statement-breakpoint
DROP TABLE "legacy_coupons";--> statement-breakpoint
ALTER TABLE "orders" RENAME COLUMN "placed_at" TO "ordered_at";--> statement-breakpoint
DROP INDEX "users_settings_gin_idx";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "avatar";