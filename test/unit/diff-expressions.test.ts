import { describe, expect, it } from "vitest";
import { canonicalNumber, compareExpressions, expressionsEquivalent, normalizeExpression } from "../../src/core/expressions/index.js";

describe("expressionsEquivalent: PostgreSQL's spelling vs drizzle-kit's", () => {
  it.each([
    ["CHECK ((price > 0))", '"products"."price" > 0'],
    ["CHECK ((price > (0)::numeric))", '"products"."price" > 0'],
    ["'abc'::text", "'abc'"],
    ["now()", "now()"],
    ["now()", "NOW()"],
    ["(lower((email)::text))", 'lower("email")'],
    ["lower((email)::text)", 'lower("users"."email")'],
    ["(status = 'active'::text)", `"users"."status" = 'active'`],
    ["'-1'::integer", "-1"],
    ["'-1.5'::numeric", "-1.5"],
    ["'10000000000'::bigint", "10000000000"],
    ["1.50", "1.5"],
    ["'0.00'::numeric", "0"],
    ["0.5", ".5"],
    ["NULL::character varying", "null"],
    ["'{}'::jsonb", "'{}'"],
    ["'[]'::jsonb", "'[]'::jsonb"],
    ["true", "TRUE"],
    ["CURRENT_TIMESTAMP", "current_timestamp"],
    ["gen_random_uuid()", "gen_random_uuid()"],
    ["nextval('public.users_id_seq'::regclass)", "nextval('users_id_seq'::regclass)"],
    ["'2024-01-01 00:00:00'::timestamp without time zone", "'2024-01-01 00:00:00'"],
    ["'1 day'::interval", "interval '1 day'"],
    ["CHECK (((age >= 18) AND (age <= 120)))", '"users"."age" between 18 and 120'],
    ["CHECK (((age < 18) OR (age > 120)))", '"users"."age" not between 18 and 120'],
    ["CHECK ((status = ANY (ARRAY['a'::text, 'b'::text])))", `"t"."status" in ('a', 'b')`],
    ["CHECK ((status <> ALL (ARRAY['a'::text, 'b'::text])))", `"t"."status" not in ('a', 'b')`],
    // IN lists as transformAExprIn stores them (PostgreSQL 15's own prints)
    ["CHECK ((status = 'a'::text))", `"t"."status" in ('a')`],
    ["CHECK ((status <> 'a'::text))", `"t"."status" not in ('a')`],
    ["CHECK (((status = ANY (ARRAY['a'::text, 'b'::text, 'c'::text])) OR (status = y)))", `"t"."status" in ('a', "t"."y", 'b', 'c')`],
    ["CHECK (((status <> y) AND (status <> 'a'::text)))", `"t"."status" not in ("t"."y", 'a')`],
    ["CHECK (((v)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])))", `"t"."v" in ('a', 'b')`],
    ["CHECK (((v)::text = 'a'::text))", `"t"."v" in ('a')`],
    ["CHECK (((n = ANY (ARRAY[1, 2])) OR (n = m)))", `"t"."n" in (1, "t"."m", 2)`],
    ["CHECK (((n = 1) OR (n = m)))", `"t"."n" in (1, "t"."m")`],
    ["status = 'live'::text", `status IN ('live')`],
    ["((name)::text ~~ 'a%'::text)", `"name" LIKE 'a%'`],
    ["((name)::text !~~* 'a%'::text)", `"name" not ilike 'a%'`],
    ["(deleted_at IS NULL)", `"users"."deleted_at" is null`],
    ["(deleted_at IS NOT NULL)", `"deleted_at" notnull`],
    ["(a <> b)", "a != b"],
    ["(a + (b * c))", "a + b * c"],
    ["((a + b) * c)", "(a + b) * c"],
    ["(((a)::text || '-'::text) || (b)::text)", `"t"."a" || '-' || "t"."b"`],
    ["(NOT flag)", `not "t"."flag"`],
    ["((flag IS TRUE) OR (n > 0))", `"flag" is true or "n" > 0`],
    ["(user_id = (current_setting('app.user_id'::text))::integer)", `"user_id" = current_setting('app.user_id')::int`],
    ["(\"Weird Col\" > 1)", '"t"."Weird Col" > 1'],
    ["CASE WHEN (a > 1) THEN 'x'::text ELSE 'y'::text END", "case when a > 1 then 'x' else 'y' end"],
    ["(created_at > (now() - '7 days'::interval))", `"created_at" > now() - interval '7 days'`],
    ["(data ->> 'kind'::text)", `"t"."data"->>'kind'`],
    ["(tags @> ARRAY['x'::text])", `"tags" @> array['x']`],
    ["(COALESCE(nickname, name))", "coalesce(nickname, name)"],
    ["CHECK ((price > 0)) NOT VALID", "price > 0"],
    ["'O''Brien'::text", "'O''Brien'"],
    ["E'a\\\\b'", "'a\\b'"],
    [
      " SELECT users.id,\n    users.email\n   FROM public.users\n  WHERE users.active = true;",
      `select "id", "email" from "users" where "users"."active" = true`,
    ],
    // PostgreSQL 15's pg_get_constraintdef / pg_get_indexdef(…, k, true) / pg_get_expr / policies
    ["CHECK ((price > (0)::numeric))", '"t"."price" > 0'],
    ["CHECK (((char_length((email)::text) <= 100) AND ((email)::text ~* '^.+@.+$'::text)))", `char_length("t"."email") <= 100 and "t"."email" ~* '^.+@.+$'`],
    ["CHECK ((((data ->> 'kind'::text) IS NOT NULL) OR (tags @> ARRAY['x'::text])))", `"t"."data" ->> 'kind' is not null or "t"."tags" @> array['x']`],
    ["lower(email::text)", 'lower("email")'],
    ["(price * 2::numeric)", '"price" * 2'],
    ["COALESCE(status, 'none'::text)", `coalesce("status", 'none')`],
    ["status = 'active'::text AND id > 0", `"t"."status" = 'active' and "t"."id" > 0`],
    ["0.00", "'0.00'"],
    ["'ok'::public.mood", "'ok'"],
    ["'abc'::character varying", "'abc'"],
    ["'{}'::text[]", "'{}'"],
    ["(id = (current_setting('app.id'::text))::integer)", `"t"."id" = current_setting('app.id')::int`],
    ["(status <> 'x'::text)", `"t"."status" <> 'x'`],
    // pg_get_viewdef(oid, true) on PostgreSQL 15 with an empty search_path vs drizzle-kit's view SQL
    [
      " SELECT users.id,\n    orgs.name\n   FROM public.users\n     LEFT JOIN public.orgs ON users.org_id = orgs.id\n  WHERE users.email::text ~~ '%@x.com'::text\n  ORDER BY users.id DESC\n LIMIT 10;",
      `select "users"."id", "orgs"."name" from "users" left join "orgs" on "users"."org_id" = "orgs"."id" where "users"."email" like '%@x.com' order by "users"."id" desc limit 10`,
    ],
    [
      " SELECT count(*) AS n,\n    users.org_id\n   FROM public.users\n  GROUP BY users.org_id;",
      `select count(*) as "n", "org_id" from "users" group by "users"."org_id"`,
    ],
    [
      " SELECT users.id,\n    lower(users.email::text) AS e\n   FROM public.users\n  WHERE users.created_at > (now() - '7 days'::interval);",
      `select "id", lower("email") as "e" from "users" where "created_at" > now() - interval '7 days'`,
    ],
  ])("%s ≡ %s", (postgres, drizzle) => {
    expect(expressionsEquivalent(postgres, drizzle)).toBe(true);
    expect(expressionsEquivalent(drizzle, postgres)).toBe(true);
  });

  it.each([
    ["(a > 0)", "a >= 0"],
    ["(a + (b * c))", "(a + b) * c"],
    ["((a + b) * c)", "a + b * c"],
    ["'abc'", "'abd'"],
    ['"Email"', "email"],
    ["now()", "CURRENT_TIMESTAMP"],
    ["(status = 'active'::text)", `"status" = 'Active'`],
    ["'{}'::jsonb", "'[]'::jsonb"],
    ["(a IS NULL)", "a IS NOT NULL"],
    ["lower(email)", "upper(email)"],
    ["1.5", "1.05"],
    [" SELECT users.id\n   FROM public.users;", `select "id", "email" from "users"`],
    [" SELECT users.id\n   FROM public.users\n  WHERE users.email::text ~~ 'a%'::text;", `select "id" from "users" where "email" not like 'a%'`],
  ])("%s ≢ %s", (a, b) => {
    expect(expressionsEquivalent(a, b)).toBe(false);
  });
});

describe("compareExpressions: equal, different, or unsettled", () => {
  const policy = (orgSide: string) => `EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = auth.uid() AND m.org_id = ${orgSide})`;

  it("a subquery comparing a column with itself is not the tenant check (lenient match only: unsettled)", () => {
    expect(compareExpressions(policy("docs.org_id"), policy("m.org_id"), { table: "docs" })).toBe("unsettled");
    expect(expressionsEquivalent(policy("docs.org_id"), policy("m.org_id"), { table: "docs" })).toBe(false);
    // PostgreSQL's spelling of the real one settles as equal
    const printed = "(EXISTS ( SELECT 1\n   FROM memberships m\n  WHERE ((m.user_id = auth.uid()) AND (m.org_id = docs.org_id))))";
    expect(compareExpressions(printed, policy(`"docs"."org_id"`), { table: "docs" })).toBe("equal");
  });

  it("parentheses inside a subquery matter: (a AND b) OR c is not a AND (b OR c)", () => {
    const left = "EXISTS (SELECT 1 FROM t WHERE (t.a AND t.b) OR t.c)";
    const right = "EXISTS (SELECT 1 FROM t WHERE t.a AND (t.b OR t.c))";
    expect(compareExpressions(left, right)).not.toBe("equal");
    expect(compareExpressions(left, "EXISTS (SELECT 1 FROM t WHERE ((t.a AND t.b) OR t.c))")).toBe("equal");
  });

  it("a view selecting users.name is not one selecting orders.name", () => {
    const join = "FROM users JOIN orders ON users.id = orders.user_id";
    expect(compareExpressions(`SELECT users.name ${join}`, `SELECT orders.name ${join}`)).toBe("unsettled");
    expect(compareExpressions(`SELECT users.name ${join}`, `select "users"."name" from "users" join "orders" on "users"."id" = "orders"."user_id"`)).toBe(
      "equal",
    );
  });

  it("fully parsed expressions are settled either way", () => {
    expect(compareExpressions("(owner_id = auth_uid())", "true")).toBe("different");
    expect(compareExpressions("lower(email)", "upper(email)")).toBe("different");
    // The IN rewrite keeps a real difference: another constant, or NOT IN for IN.
    expect(compareExpressions("(status = 'live'::text)", "status in ('dead')")).toBe("different");
    expect(compareExpressions("(status = 'live'::text)", "status not in ('live')")).toBe("different");
    expect(compareExpressions("(status = ANY (ARRAY['a'::text, 'b'::text]))", "status in ('a', 'c')")).toBe("different");
    expect(compareExpressions("(deleted_at IS NULL)", `"t"."deleted_at" is null`, { table: "t" })).toBe("equal");
  });

  it("text that differs even leniently is different", () => {
    expect(compareExpressions("SELECT a FROM t", "SELECT b FROM t")).toBe("different");
  });
});

describe("implicit numeric widening casts", () => {
  it.each([
    // PostgreSQL 15, generated column `price numeric * quantity integer`
    ["(price * (quantity)::numeric)", `"identities"."price" * "identities"."quantity"`],
    ["((quantity)::numeric * price)", `"quantity" * "price"`],
    ["((n)::bigint + big)", "n + big"],
    ["((score)::double precision > ratio)", `"score" > "ratio"`],
    ["((qty)::numeric > 1.5)", "qty > 1.5"],
    ["(price * (quantity)::numeric)", "price * quantity::numeric"],
  ])("%s ≡ %s", (postgres, drizzle) => {
    expect(expressionsEquivalent(postgres, drizzle)).toBe(true);
    expect(expressionsEquivalent(drizzle, postgres)).toBe(true);
  });

  it.each([
    // an integer literal could not have forced the cast: it was written
    ["((a)::numeric * 2)", "a * 2"],
    // an implicit cast goes to the other operand's type: two casts mean one was written
    ["((a)::numeric / (b)::numeric)", "a / b"],
    // only widening numeric casts of columns, only as operator operands
    ["((a)::text || b)", "(a)::date || b"],
    ["round((a)::numeric)", "round(a)"],
    ["((a)::smallint + b)", "a + b"],
    ["(((a + b))::numeric * c)", "(a + b) * c"],
  ])("%s ≢ %s", (a, b) => {
    expect(expressionsEquivalent(a, b)).toBe(false);
  });
});

describe("SQL-standard special call syntax", () => {
  it.each([
    // PostgreSQL 15 prints the standard syntax, 14 the underlying call
    ["CHECK ((POSITION(('@'::text) IN (email)) > 1))", `position('@' in "users"."email") > 1`],
    ["CHECK ((\"position\"((email)::text, '@'::text) > 1))", `position('@' in email) > 1`],
    ["POSITION(('@'::text) IN (email))", "position(email, '@')"],
    ["SUBSTRING(name FROM 2 FOR 3)", "substring(name, 2, 3)"],
    ["SUBSTRING(name FROM 2 FOR 3)", `substring("t"."name" from 2 for 3)`],
    ["SUBSTRING(name FROM 2)", "substring(name from 2)"],
    ["SUBSTRING(name FROM 1 FOR 3)", "substring(name for 3)"],
    ["\"substring\"(name, 2)", "substring(name from 2)"],
    ["TRIM(BOTH FROM name)", "trim(name)"],
    ["TRIM(BOTH FROM name)", "btrim(name)"],
    ["TRIM(BOTH 'x'::text FROM name)", "trim('x' from name)"],
    ["TRIM(LEADING 'x'::text FROM name)", "ltrim(name, 'x')"],
    ["TRIM(TRAILING FROM name)", "trim(trailing name)"],
    ["EXTRACT(year FROM created_at)", "extract(YEAR from \"t\".\"created_at\")"],
    ["(EXTRACT(epoch FROM (ended_at - started_at)) > (0)::numeric)", "extract('epoch' from ended_at - started_at) > 0"],
    ["OVERLAY(name PLACING 'x'::text FROM 2 FOR 1)", "overlay(name, 'x', 2, 1)"],
    ["OVERLAY(name PLACING 'x'::text FROM 2)", "overlay(name placing 'x' from 2)"],
  ])("%s ≡ %s", (postgres, drizzle) => {
    expect(normalizeExpression(postgres)).toMatch(/^expr:/);
    expect(normalizeExpression(drizzle)).toMatch(/^expr:/);
    expect(expressionsEquivalent(postgres, drizzle)).toBe(true);
    expect(expressionsEquivalent(drizzle, postgres)).toBe(true);
  });

  it.each([
    ["POSITION(('@'::text) IN (email))", "position(email in '@')"],
    ["SUBSTRING(name FROM 2 FOR 3)", "substring(name from 3 for 2)"],
    ["TRIM(LEADING 'x'::text FROM name)", "trim(trailing 'x' from name)"],
    ["EXTRACT(year FROM created_at)", "extract(month from created_at)"],
    ["EXTRACT(year FROM created_at)", "date_part('year', created_at)"],
  ])("%s ≢ %s", (a, b) => {
    expect(expressionsEquivalent(a, b)).toBe(false);
  });

  it("prints the underlying call", () => {
    expect(normalizeExpression("position('@' in email)")).toBe(`expr:position("email", '@')`);
    expect(normalizeExpression("trim(leading 'x' from name)")).toBe(`expr:ltrim("name", 'x')`);
  });
});

describe("normalizeExpression", () => {
  it("prints a fully parenthesised canonical form", () => {
    expect(normalizeExpression(`"users"."a" + "users"."b" * 2 > 10 AND "c" IS NOT NULL`)).toBe(`expr:((("a" + ("b" * 2)) > 10) and ("c" is not null))`);
  });

  it("falls back to tokens for what it cannot parse", () => {
    expect(normalizeExpression("SELECT users.id FROM public.users;")).toBe(`tokens:"select" "id" "from" "users"`);
  });

  it("canonicalises type names in casts", () => {
    expect(normalizeExpression("x::varchar(10)")).toBe(`expr:("x")::character varying(10)`);
    expect(normalizeExpression("x::timestamptz")).toBe(`expr:("x")::timestamp with time zone`);
    expect(normalizeExpression("x::timestamp(3)")).toBe(`expr:("x")::timestamp(3) without time zone`);
    expect(normalizeExpression("x::public.mood[]")).toBe(`expr:("x")::mood[]`);
  });
});

describe("canonicalNumber", () => {
  it.each([
    ["007.50", "7.5"],
    ["1.0", "1"],
    [".5", "0.5"],
    ["-0", "0"],
    ["-1.10", "-1.1"],
    ["1E3", "1e3"],
  ])("%s → %s", (input, output) => {
    expect(canonicalNumber(input)).toBe(output);
  });
});
