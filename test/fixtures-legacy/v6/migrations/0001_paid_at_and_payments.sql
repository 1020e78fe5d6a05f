CREATE TABLE IF NOT EXISTS "billing"."payments" (
	"id" serial PRIMARY KEY NOT NULL,
	"account_id" integer NOT NULL,
	"invoice_number" integer NOT NULL,
	"amount" numeric(12, 2) NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "billing"."invoices" ADD COLUMN "paid_at" timestamp with time zone;--> statement-breakpoint
DO $$ BEGIN
 ALTER TABLE "billing"."payments" ADD CONSTRAINT "payments_invoice_fk" FOREIGN KEY ("account_id","invoice_number") REFERENCES "billing"."invoices"("account_id","number") ON DELETE cascade ON UPDATE no action;
EXCEPTION
 WHEN duplicate_object THEN null;
END $$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "payments_invoice_idx" ON "billing"."payments" ("account_id","invoice_number");