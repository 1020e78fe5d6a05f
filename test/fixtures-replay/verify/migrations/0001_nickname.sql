ALTER TABLE "accounts" ADD COLUMN "nickname" text;--> statement-breakpoint
CREATE INDEX "accounts_nickname_idx" ON "accounts" USING btree ("nickname");