CREATE SEQUENCE "public"."extra_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 10 CACHE 1;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "ticket" integer DEFAULT nextval('ticket_seq');--> statement-breakpoint
CREATE MATERIALIZED VIEW "billing"."invoice_totals" AS (select "account_id", sum("amount_cents") as "total" from "billing"."invoices" group by "billing"."invoices"."account_id");--> statement-breakpoint
CREATE POLICY "accounts_no_delete" ON "accounts" AS RESTRICTIVE FOR DELETE TO public USING (false);