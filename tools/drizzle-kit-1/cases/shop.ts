/**
 * Fixture "shop": a broad spread of column types, enums in another schema, serial and identity
 * columns, defaults, every index shape, uniques (incl. NULLS NOT DISTINCT), FKs with actions,
 * checks and a generated column, evolved over several migrations. FIXTURE_STEP (1..n) selects
 * the schema as of that migration: generate.mjs runs `drizzle-kit generate` once per step.
 */
import { sql } from "drizzle-orm";
import {
  bigint, boolean, char, check, date, doublePrecision, foreignKey, index, inet, integer, interval, jsonb, numeric,
  pgEnum, pgSchema, pgTable, primaryKey, real, serial, smallint, text, time, timestamp, unique, uniqueIndex, uuid, varchar,
  bigserial, json, bytea, cidr, macaddr, smallserial,
} from "drizzle-orm/pg-core";

const STEP = Number(process.env.FIXTURE_STEP ?? "1");

export const inventory = pgSchema("inventory");
export const stockStatus = inventory.enum("stock_status", ["in_stock", "backorder", ...(STEP >= 2 ? ["discontinued"] : [])]);
export const mood = pgEnum("mood", ["happy", "sad"]);

export const users = pgTable(
  "users",
  {
    id: serial().primaryKey(),
    email: varchar({ length: 255 }).notNull(),
    displayName: text("display_name").default("anonymous"),
    code: char({ length: 3 }),
    publicId: uuid("public_id").defaultRandom().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).defaultNow().notNull(),
    birthday: date(),
    wakeUp: time("wake_up").default("07:30:00"),
    settings: jsonb().default({ theme: "dark" }).notNull(),
    legacy: json(),
    tags: text().array().default(sql`'{}'::text[]`),
    score: real().default(1.5),
    ratio: doublePrecision(),
    balance: numeric({ precision: 10, scale: 2 }).default("0.00"),
    active: boolean().default(true).notNull(),
    level: smallint().default(STEP >= 2 ? 2 : 1),
    mood: mood().default("happy"),
    lastIp: inet("last_ip"),
    ...(STEP >= 2 ? { nickname: varchar({ length: 40 }), loginCount: integer("login_count").default(0).notNull() } : {}),
    ...(STEP < 3 ? { avatar: bytea() } : {}),
  },
  (t) => [
    uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`),
    index("users_created_at_idx").on(t.createdAt.desc()),
    index("users_active_partial_idx").on(t.level).where(sql`${t.active} = true`),
    ...(STEP < 3 ? [index("users_settings_gin_idx").using("gin", t.settings)] : []),
    index("users_name_ops_idx").on(t.displayName.asc().nullsFirst().op("text_pattern_ops")).with({ fillfactor: 70 }),
    check("users_level_check", sql`${t.level} >= 0`),
    ...(STEP >= 2 ? [index().on(t.nickname, t.mood)] : []),
  ],
);

export const products = inventory.table(
  "products",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity({ startWith: 1000, increment: 5, cache: 10 }),
    sku: varchar({ length: 32 }).notNull().unique(),
    name: text().notNull(),
    status: stockStatus().default("in_stock").notNull(),
    price: numeric({ precision: 12, scale: 4 }).notNull(),
    weightGrams: integer("weight_grams"),
    priceWithTax: numeric("price_with_tax", { precision: 12, scale: 4 }).generatedAlwaysAs(sql`price * 1.2`),
    ...(STEP >= 2 ? { discontinuedAt: timestamp("discontinued_at", { mode: "string" }) } : {}),
  },
  (t) => [
    check("products_price_check", sql`${t.price} > 0`),
    unique("products_name_weight_key").on(t.name, t.weightGrams).nullsNotDistinct(),
    index("products_status_idx").using("hash", t.status),
  ],
);

export const orders = pgTable(
  "orders",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade", onUpdate: "cascade" }),
    note: STEP >= 2 ? varchar({ length: 500 }) : text(),
    placedAt: timestamp(STEP >= 3 ? "ordered_at" : "placed_at").defaultNow(),
    total: numeric({ precision: 10, scale: 2 }).default("0").notNull(),
    wait: interval(),
  },
  (t) => [index("orders_user_placed_idx").on(t.userId, t.placedAt.desc().nullsLast()), check("orders_total_check", sql`${t.total} >= 0`)],
);

export const orderItems = pgTable(
  STEP >= 4 ? "order_lines" : "order_items",
  {
    orderId: bigint("order_id", { mode: "number" }).notNull(),
    productId: integer("product_id").references(() => products.id, { onDelete: "set null" }),
    line: smallint().notNull(),
    quantity: integer().notNull().default(1),
    ...(STEP >= 2 ? { discount: numeric({ precision: 5, scale: 2 }) } : {}),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.line] }),
    foreignKey({ columns: [t.orderId], foreignColumns: [orders.id], name: "order_items_order_fk" }).onDelete("restrict"),
    unique().on(t.orderId, t.productId),
  ],
);

export const auditLog = STEP >= 3
  ? pgTable("audit_log", {
      id: bigserial({ mode: "bigint" }).primaryKey(),
      at: timestamp({ withTimezone: true }).default(sql`now()`).notNull(),
      payload: jsonb().$type<Record<string, unknown>>(),
    })
  : undefined;

export const legacyCoupons = STEP < 3 ? pgTable("legacy_coupons", { code: text().primaryKey(), percent: smallint() }) : undefined;

/** Less common spellings: big and negative defaults, arrays (of enums, multi-dimensional), zones. */
export const samples = pgTable(
  "samples",
  {
    id: smallserial().primaryKey(),
    big: bigint({ mode: "bigint" }).default(9007199254740993n),
    negative: integer().default(-5),
    ratio: numeric().default("1.50"),
    moods: mood().array().default(["happy"]),
    labels: varchar({ length: 20 }).array().default(["a", "b c"]),
    grid: integer().array("[][]"),
    stamp: timestamp({ withTimezone: true, mode: "string", precision: 6 }).default("2025-01-01 00:00:00+00"),
    clock: time({ withTimezone: true }),
    net: cidr(),
    mac: macaddr(),
    code: text().unique("samples_code_key", { nulls: "not distinct" }),
    payload: jsonb().default([1, 2]),
  },
  (t) => [
    uniqueIndex("samples_big_partial_idx").on(t.big).where(sql`${t.big} > 0`),
    index("samples_multi_expr_idx").on(sql`lower(${t.code})`, t.negative.desc()),
    index("samples_stamp_brin_idx").using("brin", t.stamp),
  ],
);
