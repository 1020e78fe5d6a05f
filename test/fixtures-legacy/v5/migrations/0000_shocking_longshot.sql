CREATE SCHEMA "billing";
--> statement-breakpoint
DO $$ BEGIN
 CREATE TYPE "invoice_status" AS ENUM('draft', 'open', 'paid', 'void');
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
--> statement-breakpoint
DO $$ BEGIN
 CREATE TYPE "plan" AS ENUM('free', 'pro', 'team');
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "accounts" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" varchar(320) NOT NULL,
	"name" text DEFAULT 'anonymous',
	"plan" "plan" DEFAULT 'free' NOT NULL,
	"past_plans" plan[],
	"active" boolean DEFAULT true NOT NULL,
	"settings" jsonb DEFAULT '{"theme":"dark","digest":true}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "billing"."invoices" (
	"account_id" integer NOT NULL,
	"number" integer NOT NULL,
	"total" numeric(12, 2) DEFAULT '0.00' NOT NULL,
	"reference" varchar(40),
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" "invoice_status" DEFAULT 'draft' NOT NULL,
	CONSTRAINT "invoices_account_id_number_pk" PRIMARY KEY("account_id","number"),
	CONSTRAINT "invoices_reference_key" UNIQUE("reference")
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "accounts_email_key" ON "accounts" ("email");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "accounts_name_idx" ON "accounts" ("name");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "invoices_issued_at_idx" ON "billing"."invoices" ("issued_at");--> statement-breakpoint
DO $$ BEGIN
 ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
