/**
 * What PostgreSQL stores in its own form, compared with what drizzle-kit recorded (the PostgreSQL
 * texts below are copied from PostgreSQL 15's catalog for the stored-forms fixture). Each rule
 * settles the false difference, and a real difference next to it is still one.
 */
import { describe, expect, it } from "vitest";
import { diffSchemas } from "../../src/core/diff/index.js";
import { compareExpressions } from "../../src/core/expressions/index.js";
import { impliedColumnName, withoutImplicitAliases } from "../../src/core/expressions/select-aliases.js";
import { tokenize } from "../../src/core/expressions/tokenize.js";
import { splitIncludeTrick } from "../../src/core/drizzle/index-include.js";
import { normaliseExpression } from "../../src/core/drizzle/normalise-expressions.js";
import { ownedSequenceDefault } from "../../src/core/introspect/owned-sequence-default.js";
import { createIndexSql } from "../../src/core/diff/fix-sql.js";
import { describeValue } from "../../src/core/report/describe.js";
import { index, key, policy, schema, table } from "./diff-builders.js";

const ITEMS = { schema: "public", name: "items" };

describe("policies with sub-SELECTs", () => {
  const ownerStored = "(owner = ( SELECT current_setting('app.user'::text) AS current_setting))";
  const memberStored =
    "(EXISTS ( SELECT 1\n   FROM public.project_members m\n  WHERE ((m.project_id = items.project_id) AND (m.user_name = ( SELECT current_setting('app.user'::text) AS current_setting)))))";
  const memberWritten = normaliseExpression(
    `exists (select 1 from project_members m where m.project_id = "items"."project_id" and m.user_name = (select current_setting('app.user')))`,
    ITEMS,
  );

  it("the implicit AS alias, `( SELECT` spacing, literal casts and public. are PostgreSQL's spelling: equal", () => {
    expect(compareExpressions(normaliseExpression(`"items"."owner" = (select current_setting('app.user'))`, ITEMS), ownerStored, { table: "items" })).toBe("equal");
    expect(compareExpressions(memberWritten, memberStored, { table: "items" })).toBe("equal");
  });

  it("the outer table's qualifier is kept inside a sub-SELECT (there it names the outer row)", () => {
    expect(memberWritten).toContain("items.project_id");
    expect(normaliseExpression(`"items"."owner" = 'x'`, ITEMS)).toBe("owner = 'x'");
    // Also when white space or a line break comes between the parenthesis and SELECT (a real project's policy).
    expect(normaliseExpression(`exists ( select 1 from members where members.item_id = "items"."id")`, ITEMS)).toContain("members.item_id = items.id");
    expect(normaliseExpression(`exists (\n  select 1 from members where members.item_id = "items"."id")`, ITEMS)).toContain("members.item_id = items.id");
  });

  // A join: which table a bare column belongs to needs the catalog, so PostgreSQL's `m.user_name` is not settled.
  const joinStored =
    "(EXISTS ( SELECT 1\n   FROM (public.project_members m\n     JOIN public.projects p ON ((p.id = m.project_id)))\n  WHERE ((m.project_id = items.project_id) AND (m.user_name = 'x'::text))))";
  const joinWritten = "exists (select 1 from project_members m join projects p on p.id = m.project_id where m.project_id = items.project_id and user_name = 'x')";

  it("a column PostgreSQL qualified that the code left bare cannot be settled: unsettled, not different", () => {
    expect(compareExpressions(joinWritten, joinStored, { table: "items" })).toBe("unsettled");
    expect(compareExpressions(joinWritten.replace("'x'", "'y'"), joinStored, { table: "items" })).toBe("different");
  });

  it("a bare column of a single-table sub-SELECT is that table's: settled", () => {
    const bare = "exists (select 1 from project_members m where m.project_id = items.project_id and user_name = (select current_setting('app.user')))";
    expect(compareExpressions(bare, memberStored, { table: "items" })).toBe("equal");
  });

  it("another setting, another table or another outer column is a settled difference", () => {
    expect(compareExpressions("owner = (select current_setting('app.other'))", ownerStored, { table: "items" })).toBe("different");
    expect(compareExpressions(memberWritten.replace("project_members", "admins"), memberStored, { table: "items" })).toBe("different");
    expect(compareExpressions(memberWritten.replace("items.project_id", "items.id"), memberStored, { table: "items" })).toBe("different");
  });

  it("a policy that differs only where normalisation cannot settle it is POLICY_MISMATCH at warning; a settled difference is an error", () => {
    const withUsing = (using: string) =>
      schema({ tables: [table("items", { rlsEnabled: true, policies: [policy("items_member", { for: "update", using })] })] });
    const actual = withUsing(memberStored);
    const unsettled = diffSchemas(withUsing(joinWritten), withUsing(joinStored));
    expect(unsettled.map((f) => [f.code, f.severity])).toEqual([["POLICY_MISMATCH", "warning"]]);
    const settled = diffSchemas(withUsing(memberWritten.replace("'app.user'", "'app.other'")), actual);
    expect(settled.map((f) => [f.code, f.severity])).toEqual([["POLICY_MISMATCH", "error"]]);
    expect(diffSchemas(withUsing(memberWritten), actual)).toEqual([]);
  });

  it("only an alias equal to the name PostgreSQL would choose is dropped", () => {
    const text = (sql: string) => withoutImplicitAliases(tokenize(sql)).map((t) => t.v).join(" ");
    expect(text(`select 1 as "?column?", f(x) as f, t.c as c, (x)::int as x, 'a'::text as text, count(*) as total from t`)).toBe(
      "select 1 , f ( x ) , t . c , ( x ) :: int , a :: text , count ( * ) as total from t",
    );
    expect(impliedColumnName(tokenize("case when a then 1 end"))).toBe("case");
    expect(impliedColumnName(tokenize("a + b"))).toBeNull();
  });
});

describe("typed literals in their stored form", () => {
  it.each([
    ["(now() + '00:15:00'::interval)", "(now() + interval '15 minutes')"],
    ["'1 day 02:00:00'::interval", "'1 day 2 hours'::interval"],
    ["'00:01:30'::interval", "interval '90 seconds'"],
    ["'1 year 3 mons'::interval", "interval '15 months'"],
    ["'2020-01-01'::date", "date '2020-01-01'"],
    ["'2020-01-01 10:00:00'::timestamp without time zone", "timestamp '2020-01-01 10:00'"],
  ])("%s = %s", (stored, written) => {
    expect(compareExpressions(written, stored)).toBe("equal");
  });

  it("another length is a difference; a form not understood is unsettled, never equal", () => {
    expect(compareExpressions("(now() + interval '15 minutes')", "(now() + '00:16:00'::interval)")).toBe("different");
    expect(compareExpressions("(now() + interval 'P1D')", "(now() + '1 day'::interval)")).toBe("unsettled");
    expect(compareExpressions("(now() + interval 'P1D')", "(later() + '1 day'::interval)")).toBe("different");
  });
});

describe("index INCLUDE columns", () => {
  it("drizzle's INCLUDE trick splits into the key and the included names", () => {
    expect(splitIncludeTrick(`"created_at") INCLUDE ("credits", "billable"`)).toEqual({ key: `"created_at"`, include: ["credits", "billable"] });
    expect(splitIncludeTrick(`lower("a")) include (b`)).toEqual({ key: `lower("a")`, include: ["b"] });
    expect(splitIncludeTrick(`lower("a")`)).toBeNull();
    expect(splitIncludeTrick(`"usage"."created_at") INCLUDE ("usage"."credits"`)).toEqual({ key: `"usage"."created_at"`, include: ["credits"] });
    expect(splitIncludeTrick(`f(x) include (y)`)).toBeNull(); // the `)` closes the element's own parenthesis
  });

  it("a different INCLUDE list is an INDEX_DEFINITION_MISMATCH naming it, and the fix SQL carries INCLUDE", () => {
    const usage = (include: string[]) => table("usage", { indexes: [index("usage_credits_idx", [key("workspace_id"), key("created_at")], include.length ? { include } : {})] });
    const findings = diffSchemas(schema({ tables: [usage(["credits", "billable"])] }), schema({ tables: [usage(["credits"])] }));
    expect(findings.map((f) => [f.code, f.severity])).toEqual([["INDEX_DEFINITION_MISMATCH", "warning"]]);
    expect(findings[0]!.message).toContain("included columns INCLUDE (credits) (code: INCLUDE (credits, billable))");
    expect(findings[0]!.fixSql).toContain("CREATE INDEX usage_credits_idx ON public.usage (workspace_id, created_at) INCLUDE (credits, billable);");
    expect(diffSchemas(schema({ tables: [usage(["credits"])] }), schema({ tables: [usage([])] })).map((f) => f.code)).toEqual(["INDEX_DEFINITION_MISMATCH"]);
    expect(createIndexSql(usage([]), index("i", [key("a")], { include: ["Mixed Case"] }))).toBe(`CREATE INDEX i ON public.usage (a) INCLUDE ("Mixed Case");`);
    expect(describeValue(index("i", [key("a")], { include: ["b", "c"] }))).toBe("INDEX USING btree (a) INCLUDE (b, c)");
  });
});

describe("a serial's default is nextval of the sequence the column owns", () => {
  const acct = { schema: "public", name: "acct" };
  it("its own sequence under an old name is spelled as serial would name it today", () => {
    expect(ownedSequenceDefault(acct, "id", "nextval('public.acct_temp_id_seq'::regclass)", "public.acct_temp_id_seq")).toBe("nextval('public.acct_id_seq'::regclass)");
  });
  it("another sequence's nextval, no owned sequence, or another default keep their text", () => {
    expect(ownedSequenceDefault(acct, "id", "nextval('public.other_seq'::regclass)", "public.acct_temp_id_seq")).toBe("nextval('public.other_seq'::regclass)");
    expect(ownedSequenceDefault(acct, "id", "nextval('public.acct_temp_id_seq'::regclass)", null)).toBe("nextval('public.acct_temp_id_seq'::regclass)");
    expect(ownedSequenceDefault(acct, "id", "0", "public.acct_temp_id_seq")).toBe("0");
    expect(ownedSequenceDefault(acct, "id", null, "public.acct_temp_id_seq")).toBeNull();
  });
});

describe("IN (SELECT …) and single-table sub-SELECTs", () => {
  it("PostgreSQL's qualification of the sub-SELECT's own columns is settled when it reads one table", () => {
    const stored = "(org_id IN ( SELECT members.org_id\n   FROM public.members\n  WHERE (members.user_id = ( SELECT current_setting('app.user'::text) AS current_setting))))";
    expect(compareExpressions("org_id in (select org_id from members where user_id = (select current_setting('app.user')))", stored)).toBe("equal");
    expect(compareExpressions("org_id in (select org_id from members where user_id = (select current_setting('app.admin')))", stored)).toBe("different");
    expect(compareExpressions("org_id not in (select org_id from members where user_id = (select current_setting('app.user')))", stored)).toBe("different");
  });
});

describe("INCLUDE columns of a unique index", () => {
  it("do not change the uniqueness it enforces: another list is a definition mismatch (warning), not UNIQUE_MISSING", () => {
    const t = (include: string[], keys = ["a"]) =>
      table("usage", { indexes: [index("u_idx", keys.map((k) => key(k)), { unique: true, ...(include.length ? { include } : {}) })] });
    expect(diffSchemas(schema({ tables: [t(["b"])] }), schema({ tables: [t([])] })).map((f) => [f.code, f.severity])).toEqual([["INDEX_DEFINITION_MISMATCH", "warning"]]);
    expect(diffSchemas(schema({ tables: [t(["b"])] }), schema({ tables: [t(["b"], ["c"])] })).map((f) => [f.code, f.severity])).toEqual([["UNIQUE_MISSING", "error"]]);
  });
});

describe("a correlated sub-SELECT over the policy's own table", () => {
  it("keeps the outer table's qualifier apart from the alias of the inner one", () => {
    const stored = "(EXISTS ( SELECT 1\n   FROM public.items i2\n  WHERE ((i2.owner = items.owner) AND (i2.id <> items.id))))";
    const written = normaliseExpression(`exists (select 1 from items i2 where i2.owner = "items"."owner" and i2.id <> "items"."id")`, ITEMS);
    expect(compareExpressions(written, stored, { table: "items" })).toBe("equal");
    expect(compareExpressions(written.replace(`i2.owner = items.owner`, `i2.owner = i2.owner`), stored, { table: "items" })).not.toBe("equal");
  });
});
