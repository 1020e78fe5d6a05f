import { describe, expect, it } from "vitest";
import { diffSchemas } from "../../src/core/diff/index.js";
import type { TableParts } from "./diff-builders.js";
import { column, fk, index, key, schema, shape, table } from "./diff-builders.js";

const columns = [column("id", "integer", { notNull: true }), column("email", "text"), column("org_id", "integer"), column("price", "numeric")];

function diffParts(expected: TableParts, actual: TableParts) {
  const e = table("users", { columns, ...expected });
  const a = table("users", { columns, ...actual });
  return shape(diffSchemas(schema({ tables: [e, table("orgs")] }), schema({ tables: [a, table("orgs")] })));
}

const at = (name: string) => `public.users.${name}`;

describe("PRIMARY_KEY_MISMATCH", () => {
  it("is an error when the primary key is missing", () => {
    expect(diffParts({ primaryKey: { name: "users_pkey", columns: ["id"] } }, {})).toEqual([
      {
        code: "PRIMARY_KEY_MISMATCH",
        severity: "error",
        kind: "primary_key",
        object: at("users_pkey"),
        expected: { name: "users_pkey", columns: ["id"] },
        actual: null,
        fixSql: "ALTER TABLE public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);",
        pendingMigration: null,
      },
    ]);
  });

  it("is an error when it covers other columns", () => {
    expect(diffParts({ primaryKey: { name: "users_pkey", columns: ["id"] } }, { primaryKey: { name: "users_pkey", columns: ["id", "email"] } })).toEqual([
      {
        code: "PRIMARY_KEY_MISMATCH",
        severity: "error",
        kind: "primary_key",
        object: at("users_pkey"),
        expected: { name: "users_pkey", columns: ["id"] },
        actual: { name: "users_pkey", columns: ["id", "email"] },
        fixSql: "ALTER TABLE public.users DROP CONSTRAINT users_pkey;\nALTER TABLE public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);",
        pendingMigration: null,
      },
    ]);
  });

  it("is a warning when the database has a primary key the code does not declare", () => {
    expect(diffParts({}, { primaryKey: { name: "users_pkey", columns: ["id"] } }).map((f) => [f.code, f.severity, f.fixSql])).toEqual([
      ["PRIMARY_KEY_MISMATCH", "warning", "ALTER TABLE public.users DROP CONSTRAINT users_pkey;"],
    ]);
  });

  it("is NAME_MISMATCH when only the name differs", () => {
    expect(diffParts({ primaryKey: { name: "users_id_pk", columns: ["id"] } }, { primaryKey: { name: "users_pkey", columns: ["id"] } })).toEqual([
      {
        code: "NAME_MISMATCH",
        severity: "info",
        kind: "primary_key",
        object: at("users_id_pk"),
        expected: "users_id_pk",
        actual: "users_pkey",
        fixSql: "ALTER TABLE public.users RENAME CONSTRAINT users_pkey TO users_id_pk;",
        pendingMigration: null,
      },
    ]);
  });
});

describe("primary keys match by columns", () => {
  it("an unnamed key (0.x inline primaryKey: true) is not name-compared: a renamed table keeps its old <table>_pkey", () => {
    expect(diffParts({ primaryKey: { name: "users_pkey", columns: ["id"], unnamed: true } }, { primaryKey: { name: "acct_temp_pkey", columns: ["id"] } })).toEqual([]);
  });

  it("an unnamed key on other columns is still PRIMARY_KEY_MISMATCH at error", () => {
    expect(
      diffParts({ primaryKey: { name: "users_pkey", columns: ["id"], unnamed: true } }, { primaryKey: { name: "users_pkey", columns: ["email"] } }).map((f) => [f.code, f.severity]),
    ).toEqual([["PRIMARY_KEY_MISMATCH", "error"]]);
  });
});

describe("UNIQUE_MISSING / UNIQUE_EXTRA / NAME_MISMATCH", () => {
  const unique = { name: "users_email_unique", columns: ["email"], nullsNotDistinct: false };

  it("PRIMARY KEY + UNIQUE on one column: PostgreSQL keeps the key under the unique's name, and that satisfies both", () => {
    const emailUnique = { name: "users_id_unique", columns: ["id"], nullsNotDistinct: false };
    expect(diffParts({ primaryKey: { name: "users_pkey", columns: ["id"], unnamed: true }, uniques: [emailUnique] }, { primaryKey: { name: "users_id_unique", columns: ["id"] } })).toEqual([]);
    // The code names its key: still no name finding, the database's key carries the unique's name.
    expect(diffParts({ primaryKey: { name: "users_id_pk", columns: ["id"] }, uniques: [emailUnique] }, { primaryKey: { name: "users_id_unique", columns: ["id"] } })).toEqual([]);
    // NULLS NOT DISTINCT makes no difference on the key's NOT NULL columns.
    expect(diffParts({ uniques: [{ ...emailUnique, nullsNotDistinct: true }] }, { primaryKey: { name: "users_pkey", columns: ["id"] } }).map((f) => f.code)).toEqual(["PRIMARY_KEY_MISMATCH"]);
  });

  it("a primary key on other columns does not satisfy a unique constraint", () => {
    const pair = { name: "users_id_email_unique", columns: ["id", "email"], nullsNotDistinct: false };
    expect(diffParts({ primaryKey: { name: "users_pkey", columns: ["id"], unnamed: true }, uniques: [pair] }, { primaryKey: { name: "users_pkey", columns: ["id"] } }).map((f) => [f.code, f.severity])).toEqual([
      ["UNIQUE_MISSING", "error"],
    ]);
  });

  it("UNIQUE_MISSING is an error with an ADD CONSTRAINT fix", () => {
    expect(diffParts({ uniques: [unique] }, {})).toEqual([
      {
        code: "UNIQUE_MISSING",
        severity: "error",
        kind: "unique",
        object: at("users_email_unique"),
        expected: unique,
        actual: null,
        fixSql: "ALTER TABLE public.users ADD CONSTRAINT users_email_unique UNIQUE (email);",
        pendingMigration: null,
      },
    ]);
  });

  it("UNIQUE_EXTRA is a warning with a DROP CONSTRAINT fix", () => {
    expect(diffParts({}, { uniques: [unique] })).toEqual([
      {
        code: "UNIQUE_EXTRA",
        severity: "warning",
        kind: "unique",
        object: at("users_email_unique"),
        expected: null,
        actual: unique,
        fixSql: "ALTER TABLE public.users DROP CONSTRAINT users_email_unique;",
        pendingMigration: null,
      },
    ]);
  });

  it("drizzle's users_email_unique vs PostgreSQL's users_email_key is NAME_MISMATCH, not a missing/extra pair", () => {
    expect(diffParts({ uniques: [unique] }, { uniques: [{ ...unique, name: "users_email_key" }] })).toEqual([
      {
        code: "NAME_MISMATCH",
        severity: "info",
        kind: "unique",
        object: at("users_email_unique"),
        expected: "users_email_unique",
        actual: "users_email_key",
        fixSql: "ALTER TABLE public.users RENAME CONSTRAINT users_email_key TO users_email_unique;",
        pendingMigration: null,
      },
    ]);
  });

  it("NULLS NOT DISTINCT is part of the definition", () => {
    expect(diffParts({ uniques: [{ ...unique, nullsNotDistinct: true }] }, { uniques: [{ ...unique, name: "users_email_key" }] }).map((f) => f.code)).toEqual([
      "UNIQUE_MISSING",
      "UNIQUE_EXTRA",
    ]);
  });

  it("a unique constraint of the same name but other columns is UNIQUE_MISSING with both shown", () => {
    const other = { ...unique, columns: ["email", "org_id"] };
    expect(diffParts({ uniques: [unique] }, { uniques: [other] })).toEqual([
      {
        code: "UNIQUE_MISSING",
        severity: "error",
        kind: "unique",
        object: at("users_email_unique"),
        expected: unique,
        actual: other,
        fixSql:
          "ALTER TABLE public.users DROP CONSTRAINT users_email_unique;\nALTER TABLE public.users ADD CONSTRAINT users_email_unique UNIQUE (email);",
        pendingMigration: null,
      },
    ]);
  });

  it("a unique constraint is satisfied by a unique index of the same name, silently", () => {
    const uniqueIndex = index("users_email_unique", [key("email")], { unique: true });
    expect(diffParts({ uniques: [unique] }, { indexes: [uniqueIndex] })).toEqual([]);
    expect(diffParts({ indexes: [uniqueIndex] }, { uniques: [unique] })).toEqual([]);
  });

  it("a unique constraint satisfied by a unique index of another name is NAME_MISMATCH renaming the index", () => {
    const uniqueIndex = index("users_email_idx", [key("email")], { unique: true });
    expect(diffParts({ uniques: [unique] }, { indexes: [uniqueIndex] })).toEqual([
      {
        code: "NAME_MISMATCH",
        severity: "info",
        kind: "unique",
        object: at("users_email_unique"),
        expected: "users_email_unique",
        actual: "users_email_idx",
        fixSql: "ALTER INDEX public.users_email_idx RENAME TO users_email_unique;",
        pendingMigration: null,
      },
    ]);
  });

  it("a partial unique index does not satisfy a unique constraint", () => {
    const partial = index("users_email_idx", [key("email")], { unique: true, where: "(org_id IS NOT NULL)" });
    expect(diffParts({ uniques: [unique] }, { indexes: [partial] }).map((f) => [f.code, f.severity, f.object])).toEqual([
      ["UNIQUE_MISSING", "error", at("users_email_unique")],
      ["UNIQUE_EXTRA", "warning", at("users_email_idx")],
    ]);
  });

  it("an expression unique index matches under another name after normalisation", () => {
    const e = index("users_email_lower_unique", [key('lower("email")', { isExpression: true })], { unique: true });
    const a = index("users_lower_idx", [key("lower(email)", { isExpression: true })], { unique: true });
    expect(diffParts({ indexes: [e] }, { indexes: [a] }).map((f) => [f.code, f.severity, f.fixSql])).toEqual([
      ["NAME_MISMATCH", "info", "ALTER INDEX public.users_lower_idx RENAME TO users_email_lower_unique;"],
    ]);
  });

  it("a missing unique index is UNIQUE_MISSING with a CREATE UNIQUE INDEX fix", () => {
    const e = index("users_email_lower_unique", [key('lower("email")', { isExpression: true })], { unique: true });
    expect(diffParts({ indexes: [e] }, {}).map((f) => [f.code, f.severity, f.kind, f.fixSql])).toEqual([
      ["UNIQUE_MISSING", "error", "unique", 'CREATE UNIQUE INDEX users_email_lower_unique ON public.users (lower("email"));'],
    ]);
  });
});

describe("FOREIGN_KEY_*", () => {
  const toOrgs = fk("users_org_id_orgs_id_fk", ["org_id"], "orgs", ["id"], { onDelete: "cascade" });

  it("FOREIGN_KEY_MISSING is a warning", () => {
    expect(diffParts({ foreignKeys: [toOrgs] }, {})).toEqual([
      {
        code: "FOREIGN_KEY_MISSING",
        severity: "warning",
        kind: "foreign_key",
        object: at("users_org_id_orgs_id_fk"),
        expected: toOrgs,
        actual: null,
        fixSql: "ALTER TABLE public.users ADD CONSTRAINT users_org_id_orgs_id_fk FOREIGN KEY (org_id) REFERENCES public.orgs(id) ON DELETE CASCADE;",
        pendingMigration: null,
      },
    ]);
  });

  it("FOREIGN_KEY_EXTRA is a warning", () => {
    expect(diffParts({}, { foreignKeys: [toOrgs] }).map((f) => [f.code, f.severity, f.fixSql])).toEqual([
      ["FOREIGN_KEY_EXTRA", "warning", "ALTER TABLE public.users DROP CONSTRAINT users_org_id_orgs_id_fk;"],
    ]);
  });

  it("FOREIGN_KEY_ACTION_MISMATCH is an error when the code cascades and the database restricts", () => {
    expect(diffParts({ foreignKeys: [toOrgs] }, { foreignKeys: [{ ...toOrgs, onDelete: "no action" }] })).toEqual([
      {
        code: "FOREIGN_KEY_ACTION_MISMATCH",
        severity: "error",
        kind: "foreign_key",
        object: at("users_org_id_orgs_id_fk"),
        expected: { onUpdate: "no action", onDelete: "cascade" },
        actual: { onUpdate: "no action", onDelete: "no action" },
        fixSql:
          "ALTER TABLE public.users DROP CONSTRAINT users_org_id_orgs_id_fk;\n" +
          "ALTER TABLE public.users ADD CONSTRAINT users_org_id_orgs_id_fk FOREIGN KEY (org_id) REFERENCES public.orgs(id) ON DELETE CASCADE;",
        pendingMigration: null,
      },
    ]);
  });

  it("FOREIGN_KEY_ACTION_MISMATCH is an error for set null vs restrict on update too", () => {
    const e = { ...toOrgs, onDelete: "no action" as const, onUpdate: "set null" as const };
    expect(diffParts({ foreignKeys: [e] }, { foreignKeys: [{ ...e, onUpdate: "restrict" }] }).map((f) => [f.code, f.severity])).toEqual([
      ["FOREIGN_KEY_ACTION_MISMATCH", "error"],
    ]);
  });

  it("FOREIGN_KEY_ACTION_MISMATCH is a warning otherwise (database acts where the code expects a restriction)", () => {
    expect(diffParts({ foreignKeys: [{ ...toOrgs, onDelete: "restrict" }] }, { foreignKeys: [toOrgs] }).map((f) => [f.code, f.severity])).toEqual([
      ["FOREIGN_KEY_ACTION_MISMATCH", "warning"],
    ]);
    expect(diffParts({ foreignKeys: [toOrgs] }, { foreignKeys: [{ ...toOrgs, onDelete: "set null" }] }).map((f) => [f.code, f.severity])).toEqual([
      ["FOREIGN_KEY_ACTION_MISMATCH", "warning"],
    ]);
  });

  it("the same foreign key under PostgreSQL's default name is NAME_MISMATCH", () => {
    expect(diffParts({ foreignKeys: [toOrgs] }, { foreignKeys: [{ ...toOrgs, name: "users_org_id_fkey" }] }).map((f) => [f.code, f.severity, f.fixSql])).toEqual([
      ["NAME_MISMATCH", "info", "ALTER TABLE public.users RENAME CONSTRAINT users_org_id_fkey TO users_org_id_orgs_id_fk;"],
    ]);
  });

  it("the same key under another name with other actions is one FOREIGN_KEY_ACTION_MISMATCH that recreates it under the expected name", () => {
    const renamed = { ...toOrgs, name: "users_org_id_fkey", onDelete: "no action" as const };
    expect(diffParts({ foreignKeys: [toOrgs] }, { foreignKeys: [renamed] }).map((f) => [f.code, f.severity, f.object, f.fixSql])).toEqual([
      [
        "FOREIGN_KEY_ACTION_MISMATCH",
        "error",
        at("users_org_id_orgs_id_fk"),
        "ALTER TABLE public.users DROP CONSTRAINT users_org_id_fkey;\n" +
          "ALTER TABLE public.users ADD CONSTRAINT users_org_id_orgs_id_fk FOREIGN KEY (org_id) REFERENCES public.orgs(id) ON DELETE CASCADE;",
      ],
    ]);
  });

  it("a foreign key of the same name to another table is FOREIGN_KEY_MISSING showing both", () => {
    const other = { ...toOrgs, refTable: "teams" };
    expect(diffParts({ foreignKeys: [toOrgs] }, { foreignKeys: [other] }).map((f) => [f.code, f.severity, f.actual])).toEqual([
      ["FOREIGN_KEY_MISSING", "warning", other],
    ]);
  });
});

describe("CHECK_*", () => {
  const positive = { name: "price_positive", definition: '"users"."price" > 0' };

  it("CHECK_MISSING is a warning", () => {
    expect(diffParts({ checks: [positive] }, {})).toEqual([
      {
        code: "CHECK_MISSING",
        severity: "warning",
        kind: "check",
        object: at("price_positive"),
        expected: '"users"."price" > 0',
        actual: null,
        fixSql: 'ALTER TABLE public.users ADD CONSTRAINT price_positive CHECK ("users"."price" > 0);',
        pendingMigration: null,
      },
    ]);
  });

  it("CHECK_EXTRA is a warning", () => {
    expect(diffParts({}, { checks: [{ name: "price_positive", definition: "CHECK ((price > (0)::numeric))" }] }).map((f) => [f.code, f.severity, f.fixSql])).toEqual([
      ["CHECK_EXTRA", "warning", "ALTER TABLE public.users DROP CONSTRAINT price_positive;"],
    ]);
  });

  it("CHECK_DEFINITION_MISMATCH is a warning", () => {
    expect(diffParts({ checks: [positive] }, { checks: [{ name: "price_positive", definition: "CHECK ((price >= 0))" }] })).toEqual([
      {
        code: "CHECK_DEFINITION_MISMATCH",
        severity: "warning",
        kind: "check",
        object: at("price_positive"),
        expected: '"users"."price" > 0',
        actual: "CHECK ((price >= 0))",
        fixSql: 'ALTER TABLE public.users DROP CONSTRAINT price_positive;\nALTER TABLE public.users ADD CONSTRAINT price_positive CHECK ("users"."price" > 0);',
        pendingMigration: null,
      },
    ]);
  });

  it("PostgreSQL's spelling of the same check is no finding", () => {
    expect(diffParts({ checks: [positive] }, { checks: [{ name: "price_positive", definition: "CHECK ((price > (0)::numeric))" }] })).toEqual([]);
  });

  it("the same check under another name is NAME_MISMATCH", () => {
    expect(diffParts({ checks: [positive] }, { checks: [{ name: "users_price_check", definition: "CHECK ((price > 0))" }] }).map((f) => [f.code, f.fixSql])).toEqual([
      ["NAME_MISMATCH", "ALTER TABLE public.users RENAME CONSTRAINT users_price_check TO price_positive;"],
    ]);
  });
});

describe("INDEX_*", () => {
  const byEmail = index("users_email_idx", [key("email")]);

  it("INDEX_MISSING is a warning with a CREATE INDEX fix", () => {
    expect(diffParts({ indexes: [byEmail] }, {})).toEqual([
      {
        code: "INDEX_MISSING",
        severity: "warning",
        kind: "index",
        object: at("users_email_idx"),
        expected: byEmail,
        actual: null,
        fixSql: "CREATE INDEX users_email_idx ON public.users (email);",
        pendingMigration: null,
      },
    ]);
  });

  it("a renamed plain index whose name is __proto__ is NAME_MISMATCH, not lost", () => {
    const proto = index("__proto__", [key("email")]);
    expect(diffParts({ indexes: [proto] }, { indexes: [byEmail] }).map((finding) => [finding.code, finding.fixSql])).toEqual([
      ["NAME_MISMATCH", "ALTER INDEX public.users_email_idx RENAME TO __proto__;"],
    ]);
  });

  it("INDEX_EXTRA is info without fix (expand phase)", () => {
    expect(diffParts({}, { indexes: [byEmail] })).toEqual([
      {
        code: "INDEX_EXTRA",
        severity: "info",
        kind: "index",
        object: at("users_email_idx"),
        expected: null,
        actual: byEmail,
        fixSql: null,
        pendingMigration: null,
      },
    ]);
  });

  it("INDEX_DEFINITION_MISMATCH is a warning that recreates the index", () => {
    const desc = index("users_email_idx", [key("email", { order: "desc", nulls: "first" }), key("org_id", { nulls: "first" })], {
      method: "hash",
      where: '"users"."org_id" > 0',
      with: { fillfactor: "70" },
    });
    expect(diffParts({ indexes: [desc] }, { indexes: [byEmail] })).toEqual([
      {
        code: "INDEX_DEFINITION_MISMATCH",
        severity: "warning",
        kind: "index",
        object: at("users_email_idx"),
        expected: desc,
        actual: byEmail,
        fixSql:
          "DROP INDEX public.users_email_idx;\n" +
          'CREATE INDEX users_email_idx ON public.users USING hash (email DESC, org_id NULLS FIRST) WITH (fillfactor=70) WHERE ("users"."org_id" > 0);',
        pendingMigration: null,
      },
    ]);
  });

  it("an index whose partial predicate normalises equal is no finding", () => {
    const e = index("users_email_idx", [key("email")], { where: "\"users\".\"email\" is not null and \"users\".\"org_id\" = 3" });
    const a = index("users_email_idx", [key("email")], { where: "((email IS NOT NULL) AND (org_id = 3))" });
    expect(diffParts({ indexes: [e] }, { indexes: [a] })).toEqual([]);
  });

  it("the same index under another name is NAME_MISMATCH with ALTER INDEX … RENAME", () => {
    expect(diffParts({ indexes: [byEmail] }, { indexes: [{ ...byEmail, name: "idx_users_email" }] })).toEqual([
      {
        code: "NAME_MISMATCH",
        severity: "info",
        kind: "index",
        object: at("users_email_idx"),
        expected: "users_email_idx",
        actual: "idx_users_email",
        fixSql: "ALTER INDEX public.idx_users_email RENAME TO users_email_idx;",
        pendingMigration: null,
      },
    ]);
  });

  it("a unique index whose uniqueness is gone under the same name is UNIQUE_MISSING", () => {
    const uniqueEmail = { ...byEmail, unique: true };
    expect(diffParts({ indexes: [uniqueEmail] }, { indexes: [byEmail] }).map((f) => [f.code, f.severity, f.kind])).toEqual([["UNIQUE_MISSING", "error", "unique"]]);
  });

  it("a unique index whose parsed expressions differ does not enforce the uniqueness: UNIQUE_MISSING, error", () => {
    const e = index("users_lower", [key("lower(email)", { isExpression: true })], { unique: true });
    const a = index("users_lower", [key("upper(email)", { isExpression: true })], { unique: true });
    expect(diffParts({ indexes: [e] }, { indexes: [a] }).map((f) => [f.code, f.severity])).toEqual([["UNIQUE_MISSING", "error"]]);
    const live = index("users_live", [key("email")], { unique: true, where: '"users"."deleted_at" is null' });
    const dead = index("users_live", [key("email")], { unique: true, where: "(deleted_at IS NOT NULL)" });
    expect(diffParts({ indexes: [live] }, { indexes: [dead] }).map((f) => [f.code, f.severity])).toEqual([["UNIQUE_MISSING", "error"]]);
    // the same difference on a non-unique index is a performance matter
    expect(diffParts({ indexes: [{ ...live, unique: false }] }, { indexes: [{ ...dead, unique: false }] }).map((f) => [f.code, f.severity])).toEqual([
      ["INDEX_DEFINITION_MISMATCH", "warning"],
    ]);
  });

  it("the message says what differs, part by part", () => {
    const messages = (e: ReturnType<typeof index>, a: ReturnType<typeof index>): string[] =>
      diffSchemas(schema({ tables: [table("users", { columns, indexes: [e] })] }), schema({ tables: [table("users", { columns, indexes: [a] })] })).map(
        (finding) => finding.message,
      );
    const cosine = index("users_emb_idx", [key("email", { opclass: "vector_cosine_ops" })], { method: "hnsw" });
    expect(messages(cosine, { ...cosine, columns: [key("email")] })).toEqual([
      "Index users_emb_idx differs in the database: operator class of email: the default (code: vector_cosine_ops).",
    ]);
    const desc = index("users_email_idx", [key("email", { order: "desc", nulls: "first" }), key("org_id")], { method: "hash", where: "(org_id > 0)", with: { fillfactor: "70" } });
    const plain = index("users_email_idx", [key("email"), key("org_id")]);
    expect(messages(desc, plain)).toEqual([
      "Index users_email_idx differs in the database: method btree (code: hash); order of email: ASC (code: DESC); " +
        "predicate none (code: WHERE (org_id > 0)); storage options none (code: WITH (fillfactor=70)).",
    ]);
    expect(messages(index("users_email_idx", [key("email", { nulls: "first" })]), plain)).toEqual([
      "Index users_email_idx differs in the database: keys (email, org_id) (code: (email NULLS FIRST)).",
    ]);
    // A predicate equal after normalisation is not named as a difference; an unsettled one "may differ".
    const partial = index("users_email_idx", [key("email")], { where: "\"users\".\"org_id\" > 0" });
    expect(messages(partial, { ...partial, method: "hash", where: "(org_id > 0)" })).toEqual([
      "Index users_email_idx differs in the database: method hash (code: btree).",
    ]);
    const parenthesised = index("users_email_idx", [key("email")], { where: "(org_id > 1) or email is null" });
    expect(messages(parenthesised, { ...parenthesised, method: "hash", where: "((org_id > 1) OR (email IS NULL))" })).toEqual([
      "Index users_email_idx differs in the database: method hash (code: btree).",
    ]);
    expect(messages(parenthesised, { ...parenthesised, where: "((org_id > 2) OR (email IS NULL))" })).toEqual([
      "Index users_email_idx differs in the database: predicate: WHERE ((org_id > 2) OR (email IS NULL)) (code: WHERE (org_id > 1) or email is null).",
    ]);
    const odd = index("users_odd", [key("(select m.x from m join n on true)", { isExpression: true })]);
    expect(messages(odd, { ...odd, columns: [key("(select n.x from m join n on true)", { isExpression: true })] })).toEqual([
      "Index users_odd differs in the database: expression of key 1 may differ: (select n.x from m join n on true) (code: (select m.x from m join n on true)).",
    ]);
    expect(messages({ ...plain, unique: true }, { ...plain, columns: [key("org_id"), key("email")], unique: true })).toEqual([
      "Unique index users_email_idx does not enforce the expected uniqueness: keys (org_id, email) (code: (email, org_id)).",
    ]);
  });

  it("a unique constraint that differs only in NULLS NOT DISTINCT says so", () => {
    const nnd = { name: "users_email_key", columns: ["email"], nullsNotDistinct: true };
    const [finding] = diffSchemas(
      schema({ tables: [table("users", { columns, uniques: [nnd] })] }),
      schema({ tables: [table("users", { columns, uniques: [{ ...nnd, nullsNotDistinct: false }] })] }),
    );
    expect(finding?.message).toBe("Unique constraint users_email_key differs in the database: NULLs distinct (code: NULLS NOT DISTINCT).");
    const [both] = diffSchemas(
      schema({ tables: [table("users", { columns, uniques: [nnd] })] }),
      schema({ tables: [table("users", { columns, uniques: [{ ...nnd, columns: ["org_id"], nullsNotDistinct: false }] })] }),
    );
    expect(both?.message).toBe("Unique constraint users_email_key differs in the database: covers (org_id) (code: (email)); NULLs distinct (code: NULLS NOT DISTINCT).");
  });

  it("a unique index whose expression normalisation cannot settle is at most a warning", () => {
    // not parsable as an expression; only the lenient token comparison (qualifiers dropped) matches
    const e = index("users_odd", [key("(select m.x from m join n on true)", { isExpression: true })], { unique: true });
    const a = index("users_odd", [key("(select n.x from m join n on true)", { isExpression: true })], { unique: true });
    expect(diffParts({ indexes: [e] }, { indexes: [a] }).map((f) => [f.code, f.severity])).toEqual([["INDEX_DEFINITION_MISMATCH", "warning"]]);
  });
});

describe("an unsettled expression comparison pairs objects: a definition mismatch at warning, never MISSING + EXTRA", () => {
  // Only the lenient token comparison matches these (a subquery the parser does not read).
  const exprE = "(select m.x from m join n on true)";
  const exprA = "(select n.x from m join n on true)";

  it("a check under another name whose text may differ is CHECK_DEFINITION_MISMATCH", () => {
    const e = { name: "users_x_check", definition: `exists ${exprE}` };
    const a = { name: "users_check", definition: `CHECK (EXISTS ${exprA})` };
    expect(diffParts({ checks: [e] }, { checks: [a] }).map((f) => [f.code, f.severity, f.object])).toEqual([
      ["CHECK_DEFINITION_MISMATCH", "warning", at("users_x_check")],
    ]);
  });

  it("an index under another name whose key expression may differ is INDEX_DEFINITION_MISMATCH", () => {
    const e = index("users_odd_idx", [key(exprE, { isExpression: true })]);
    const a = index("users_odd", [key(exprA, { isExpression: true })]);
    expect(diffParts({ indexes: [e] }, { indexes: [a] }).map((f) => [f.code, f.severity, f.object])).toEqual([
      ["INDEX_DEFINITION_MISMATCH", "warning", at("users_odd_idx")],
    ]);
    // A unique one too, by name and under another name.
    expect(diffParts({ indexes: [{ ...e, unique: true }] }, { indexes: [{ ...a, unique: true }] }).map((f) => [f.code, f.severity])).toEqual([
      ["INDEX_DEFINITION_MISMATCH", "warning"],
    ]);
    expect(diffParts({ indexes: [{ ...e, unique: true }] }, { indexes: [{ ...a, name: "users_odd_idx", unique: true }] }).map((f) => [f.code, f.severity])).toEqual([
      ["INDEX_DEFINITION_MISMATCH", "warning"],
    ]);
  });

  it("a settled difference on a unique key stays UNIQUE_MISSING at error: another column, another predicate", () => {
    const live = index("users_email_live", [key("email")], { unique: true, where: `"users"."email" in ('live')` });
    // The IN rewrite makes PostgreSQL's print equal: no finding.
    expect(diffParts({ indexes: [live] }, { indexes: [{ ...live, where: "(email = 'live'::text)" }] })).toEqual([]);
    expect(diffParts({ indexes: [live] }, { indexes: [{ ...live, where: "(email = 'dead'::text)" }] }).map((f) => [f.code, f.severity])).toEqual([
      ["UNIQUE_MISSING", "error"],
    ]);
    expect(diffParts({ indexes: [live] }, { indexes: [{ ...live, columns: [key("org_id")], where: "(email = 'live'::text)" }] }).map((f) => [f.code, f.severity])).toEqual([
      ["UNIQUE_MISSING", "error"],
    ]);
    // Under another name, a settled difference is still missing + extra.
    expect(diffParts({ indexes: [live] }, { indexes: [{ ...live, name: "other", where: "(email = 'dead'::text)" }] }).map((f) => [f.code, f.severity])).toEqual([
      ["UNIQUE_MISSING", "error"],
      ["UNIQUE_EXTRA", "warning"],
    ]);
  });
});
