/**
 * The typed-literal rule against the real thing: for every input the rewrite understands, its
 * output is exactly what PostgreSQL 15 prints for the literal (interval_out with IntervalStyle
 * postgres, date/time/timestamp with DateStyle ISO); inputs it does not understand are left for
 * the comparison to call unsettled.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalInterval } from "../../src/core/expressions/interval-literal.js";
import { canonicalTypedLiterals } from "../../src/core/expressions/typed-literals.js";
import { tokenize } from "../../src/core/expressions/tokenize.js";
import { createNodePostgresExecutor } from "../../src/adapters/node-postgres/index.js";
import { introspect } from "../../src/core/introspect/index.js";
import { createTestDatabase, SERVER_URL } from "../support/pg.js";

const INTERVALS = [
  "15 minutes", "15 minute", "15 min", "15 mins", "15m", "1 day 2 hours", "90 seconds", "1 second", "0.5 seconds", "1500 milliseconds",
  "1 year", "2 years", "14 months", "1 mon", "3 mons", "1 year 2 mons 3 days 04:05:06", "1 week", "2 weeks", "1.5 days", "36 hours",
  "-1 day", "-1 days", "1 day ago", "2 hours ago", "-15 minutes", "1 day -2 hours", "-1 day 2 hours", "00:15:00", "04:05", "1 04:05:06",
  "0", "0 seconds", "15", "1 decade", "1 century", "100 hours", "1h 30m", "1 hour 30 minutes", "7 days", "30 days", "1 year -1 mons",
  "1 millisecond", "250 microseconds", "1 min 30.25 sec", "2 hrs", "1 yr", "3 d",
];
/** Forms the rewrite leaves alone (null): the comparison calls them unsettled instead of guessing. */
const NOT_UNDERSTOOD = ["P1D", "1-2", "1.5 months", "1.3 years", "forever", "1 fortnight"];

describe("typed literals as PostgreSQL 15 prints them", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: SERVER_URL });
    await client.connect();
    await client.query("SET IntervalStyle = postgres; SET DateStyle = ISO");
  });
  afterAll(async () => {
    await client?.end();
  });

  it.each(INTERVALS)("interval '%s'", async (input) => {
    const { rows } = await client.query<{ out: string }>("SELECT $1::interval::text AS out", [input]);
    expect(canonicalInterval(input)).toBe(rows[0]!.out);
  });

  it.each(NOT_UNDERSTOOD)("interval '%s' is not guessed", (input) => {
    expect(canonicalInterval(input)).toBeNull();
  });

  it.each([
    ["date", "2020-01-01"],
    ["time", "10:00"],
    ["time", "7:05:09.500"],
    ["timestamp", "2020-01-01 10:00"],
    ["timestamp", "2020-01-01T10:00:01.25"],
    ["timestamp", "2020-01-01"],
  ])("%s '%s'", async (type, input) => {
    const { rows } = await client.query<{ out: string }>(`SELECT $1::${type}::text AS out`, [input]);
    const [literal] = canonicalTypedLiterals(tokenize(`${type} '${input}'`)).tokens.filter((token) => token.t === "str");
    expect(literal?.v).toBe(rows[0]!.out);
  });
});

describe("the catalog is read in the styles the rule assumes", () => {
  it("a database whose IntervalStyle and DateStyle are not the defaults still yields PostgreSQL's default spelling", async () => {
    const db = await createTestDatabase("h4_interval_style");
    try {
      await db.exec(`ALTER DATABASE "${db.name}" SET IntervalStyle = 'iso_8601'; ALTER DATABASE "${db.name}" SET DateStyle = 'SQL, DMY'`);
      await db.exec(`CREATE TABLE t (at timestamp DEFAULT (now() + interval '15 minutes'), d date DEFAULT date '2020-01-31')`);
      const executor = createNodePostgresExecutor(db.url);
      const { schema } = await introspect(executor, { migrationsTable: { schema: "drizzle", table: "__drizzle_migrations" } });
      const columns = schema.tables["public.t"]!.columns;
      expect(columns.at!.default).toBe("(now() + '00:15:00'::interval)");
      expect(columns.d!.default).toBe("'2020-01-31'::date");
    } finally {
      await db.drop();
    }
  });
});
