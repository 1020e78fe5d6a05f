/**
 * Legacy fixture "v5": the schema drizzle-kit 0.20.18 (snapshot version 5, `generate:pg`) turns
 * into ./migrations (scripts/generate-legacy-fixtures.ts, with drizzle-orm 0.30.10 from
 * tools/drizzle-kit-legacy). FIXTURE_STEP (1, 2) selects the schema as of each migration:
 * step 2 adds billing.invoices.paid_at and the table billing.payments.
 *
 * Only what drizzle-kit 0.20 supports: columns are named explicitly, the extra config is the
 * object form. drizzle-kit 0.20 *creates* every enum in `public` (`CREATE TYPE "name"`,
 * unqualified; version-5 snapshots have no enum schema), even one declared with
 * `billing.enum(...)`: billing.invoices.status therefore has the type public.invoice_status.
 * Step 1 also has an enum array column (accounts.past_plans, `plan[]`), so both kinds of v5 enum
 * column are checked fully migrated; step 2 (what the pending test drops) adds neither.
 */
import {
  boolean, foreignKey, index, integer, jsonb, numeric, pgEnum, pgSchema, pgTable, primaryKey, serial, text, timestamp,
  unique, uniqueIndex, varchar,
} from "drizzle-orm/pg-core";

const STEP = Number(process.env.FIXTURE_STEP ?? "2");

export const billing = pgSchema("billing");
export const plan = pgEnum("plan", ["free", "pro", "team"]);
export const invoiceStatus = billing.enum("invoice_status", ["draft", "open", "paid", "void"]);

export const accounts = pgTable(
  "accounts",
  {
    id: serial("id").primaryKey(),
    email: varchar("email", { length: 320 }).notNull(),
    name: text("name").default("anonymous"),
    plan: plan("plan").default("free").notNull(),
    pastPlans: plan("past_plans").array(),
    active: boolean("active").default(true).notNull(),
    settings: jsonb("settings").default({ theme: "dark", digest: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => ({
    emailKey: uniqueIndex("accounts_email_key").on(t.email),
    nameIdx: index("accounts_name_idx").on(t.name),
  }),
);

export const invoices = billing.table(
  "invoices",
  {
    accountId: integer("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    total: numeric("total", { precision: 12, scale: 2 }).default("0.00").notNull(),
    reference: varchar("reference", { length: 40 }),
    issuedAt: timestamp("issued_at", { withTimezone: true }).defaultNow().notNull(),
    status: invoiceStatus("status").default("draft").notNull(),
    ...(STEP >= 2 ? { paidAt: timestamp("paid_at", { withTimezone: true }) } : {}),
  },
  (t) => ({
    pk: primaryKey({ columns: [t.accountId, t.number] }),
    referenceKey: unique("invoices_reference_key").on(t.reference),
    issuedIdx: index("invoices_issued_at_idx").on(t.issuedAt),
  }),
);

export const payments =
  STEP >= 2
    ? billing.table(
        "payments",
        {
          id: serial("id").primaryKey(),
          accountId: integer("account_id").notNull(),
          invoiceNumber: integer("invoice_number").notNull(),
          amount: numeric("amount", { precision: 12, scale: 2 }).notNull(),
          details: jsonb("details").default({}).notNull(),
          receivedAt: timestamp("received_at", { withTimezone: true }).defaultNow().notNull(),
        },
        (t) => ({
          invoiceFk: foreignKey({
            columns: [t.accountId, t.invoiceNumber],
            foreignColumns: [invoices.accountId, invoices.number],
            name: "payments_invoice_fk",
          }).onDelete("cascade"),
          invoiceIdx: index("payments_invoice_idx").on(t.accountId, t.invoiceNumber),
        }),
      )
    : undefined;
