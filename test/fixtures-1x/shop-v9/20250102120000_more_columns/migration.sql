ALTER TYPE "inventory"."stock_status" ADD VALUE 'discontinued';--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "discount" numeric(5,2);--> statement-breakpoint
ALTER TABLE "inventory"."products" ADD COLUMN "discontinued_at" timestamp;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "nickname" varchar(40);--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "login_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "note" SET DATA TYPE varchar(500) USING "note"::varchar(500);--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "level" SET DEFAULT 2;--> statement-breakpoint
CREATE INDEX "users_nickname_mood_index" ON "users" ("nickname","mood");