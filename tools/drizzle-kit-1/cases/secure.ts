/**
 * Fixture "secure": sequences, views (plain and materialized), row-level security and
 * policies, a table and enum in a second schema, evolved over several migrations.
 * FIXTURE_STEP selects the schema as of that migration.
 */
import { eq, sql } from "drizzle-orm";
import { boolean, integer, pgMaterializedView, pgPolicy, pgSchema, pgSequence, pgTable, pgView, text, timestamp, uuid } from "drizzle-orm/pg-core";

const STEP = Number(process.env.FIXTURE_STEP ?? "1");

export const billing = pgSchema("billing");
export const plan = billing.enum("plan", ["free", "pro", "enterprise"]);

export const invoiceNumbers = billing.sequence("invoice_numbers", { startWith: 100, increment: 2, minValue: 100, maxValue: 100000, cache: 5, cycle: true });
export const ticketSeq = pgSequence("ticket_seq");
export const extraSeq = STEP >= 2 ? pgSequence("extra_seq", { startWith: 10 }) : undefined;

export const accounts = pgTable(
  "accounts",
  {
    id: uuid().primaryKey().defaultRandom(),
    owner: text().notNull(),
    plan: plan().default("free").notNull(),
    isPublic: boolean("is_public").default(false).notNull(),
    ...(STEP >= 2 ? { ticket: integer().default(sql`nextval('ticket_seq')`) } : {}),
  },
  (t) => [
    pgPolicy("accounts_read", { as: "permissive", for: "select", to: "public", using: sql`${t.isPublic} = true` }),
    pgPolicy("accounts_owner_write", { as: "permissive", for: "update", to: "public", using: sql`${t.owner} = current_user`, withCheck: sql`${t.owner} = current_user` }),
    ...(STEP >= 2 ? [pgPolicy("accounts_no_delete", { as: "restrictive", for: "delete", to: "public", using: sql`false` })] : []),
  ],
);

export const invoices = billing.table(
  "invoices",
  {
    id: integer().primaryKey().generatedByDefaultAsIdentity({ startWith: 10 }),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    amountCents: integer("amount_cents").notNull(),
    issuedAt: timestamp("issued_at", { withTimezone: true }).defaultNow().notNull(),
  },
).enableRLS();

export const publicAccounts = pgView("public_accounts").as((qb) => qb.select({ id: accounts.id, owner: accounts.owner }).from(accounts).where(eq(accounts.isPublic, true)));

export const invoiceTotals = STEP >= 2
  ? billing.materializedView("invoice_totals").as((qb) =>
      qb.select({ accountId: invoices.accountId, total: sql<number>`sum(${invoices.amountCents})`.as("total") }).from(invoices).groupBy(invoices.accountId))
  : undefined;

export const notes = STEP >= 3 ? pgTable("notes", { id: integer().primaryKey(), body: text() }) : undefined;
