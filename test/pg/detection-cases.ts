/**
 * The detection table: for every field of the canonical model (src/core/model.ts), a SQL mutation
 * of the `detection` fixture's database that changes only that field, and the exact findings
 * (code, severity, object) the check must report. Used by detection.test.ts.
 *
 * Where PostgreSQL cannot change a field alone, the mutation changes the least it can and the
 * comment says which other field moves with it. `expected: []` marks a change DESIGN.md has no
 * code for (said in `note`): the test then proves the check stays quiet rather than misreporting.
 */
import type { CanonicalSchema } from "../../src/core/model.js";
import type { FindingCode, Severity } from "../../src/core/findings.js";

export type ExpectedFinding = [code: FindingCode, severity: Severity, object: string];

export interface DetectionCase {
  /** Model field path: record keys are `*`, array elements `[]`. */
  field: string;
  sql: string;
  expected: ExpectedFinding[];
  note?: string;
}

/** Fields no database mutation can change, with the reason. */
export const FIELD_EXEMPTIONS: Record<string, string> = {
  formatVersion: "a constant of the model, not a database property",
  "tables.*.columns.*.generated.kind": "the model knows only stored generated columns (virtual ones are PG18+ and not modelled)",
};

/** A CanonicalSchema with every field populated: the field list is derived from it, so a field added to the model without a sample value fails to compile, and one without a detection case fails the test. */
export const FULL_SAMPLE: CanonicalSchema = {
  formatVersion: 1,
  schemas: ["public"],
  enums: { "public.e": { schema: "public", name: "e", values: ["a"] } },
  sequences: {
    "public.s": { schema: "public", name: "s", dataType: "bigint", start: "1", increment: "1", min: "1", max: "9", cache: "1", cycle: false },
  },
  tables: {
    "public.t": {
      schema: "public",
      name: "t",
      kind: "table",
      columns: {
        c: {
          name: "c",
          type: "integer",
          notNull: true,
          default: "1",
          identity: { generation: "always", start: "1", increment: "1", min: "1", max: "9", cache: "1", cycle: false },
          generated: { kind: "stored", expression: "1" },
        },
      },
      primaryKey: { name: "t_pkey", columns: ["c"] },
      uniques: { u: { name: "u", columns: ["c"], nullsNotDistinct: false } },
      foreignKeys: {
        f: { name: "f", columns: ["c"], refSchema: "public", refTable: "t", refColumns: ["c"], onUpdate: "no action", onDelete: "no action" },
      },
      checks: { k: { name: "k", definition: "CHECK ((c > 0))" } },
      indexes: {
        i: {
          name: "i",
          unique: false,
          nullsNotDistinct: false,
          method: "btree",
          columns: [{ expression: "c", isExpression: false, opclass: "int4_ops", order: "asc", nulls: "last" }],
          include: ["c"],
          where: "c > 0",
          with: { fillfactor: "80" },
        },
      },
      rlsEnabled: true,
      policies: { p: { name: "p", as: "permissive", for: "all", to: ["public"], using: "true", withCheck: "true" } },
    },
  },
  views: { "public.v": { schema: "public", name: "v", materialized: false, definition: " SELECT 1;", columns: ["x"] } },
};

const RECORD_KEYS = new Set(["enums", "sequences", "tables", "views", "columns", "uniques", "foreignKeys", "checks", "indexes", "policies"]);
/** Leaves that are maps of settings, not nested model objects. */
const LEAF_RECORDS = new Set(["with"]);

/** Every field path of the model, derived from FULL_SAMPLE. */
export function modelFields(value: unknown = FULL_SAMPLE, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [prefix];
  if (Array.isArray(value)) {
    const first: unknown = value[0];
    return first !== null && typeof first === "object" ? modelFields(first, `${prefix}[]`) : [prefix];
  }
  const fields: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (LEAF_RECORDS.has(key)) fields.push(path);
    else if (RECORD_KEYS.has(key) && !Array.isArray(child)) {
      const first = Object.values(child as Record<string, unknown>)[0];
      fields.push(...modelFields(first, `${path}.*`));
    } else fields.push(...modelFields(child, path));
  }
  return fields;
}

const SEQUENCE_NOTE = "DESIGN.md has no code for sequence option differences (suggested: SEQUENCE_MISMATCH)";

export const DETECTION_CASES: DetectionCase[] = [
  // schemas
  { field: "schemas", sql: `DROP SCHEMA spare_schema`, expected: [["SCHEMA_MISSING", "error", "spare_schema"]] },
  { field: "schemas", sql: `CREATE SCHEMA extra_schema`, expected: [["SCHEMA_EXTRA", "info", "extra_schema"]] },

  // enums
  {
    field: "enums.*.schema",
    sql: `ALTER TYPE public.spare SET SCHEMA spare_schema`,
    expected: [["ENUM_MISSING", "error", "public.spare"], ["ENUM_EXTRA", "info", "spare_schema.spare"]],
  },
  {
    field: "enums.*.name",
    sql: `ALTER TYPE public.spare RENAME TO spare2`,
    expected: [["ENUM_MISSING", "error", "public.spare"], ["ENUM_EXTRA", "info", "public.spare2"]],
  },
  {
    field: "enums.*.values",
    sql: `ALTER TYPE public.spare RENAME VALUE 'c' TO 'z'`,
    expected: [["ENUM_VALUE_MISSING", "error", "public.spare"], ["ENUM_VALUE_EXTRA", "warning", "public.spare"]],
  },
  { field: "enums.*.values", sql: `ALTER TYPE public.spare ADD VALUE 'd'`, expected: [["ENUM_VALUE_EXTRA", "warning", "public.spare"]] },
  {
    field: "enums.*.values",
    sql: `DROP TYPE public.spare; CREATE TYPE public.spare AS ENUM ('c', 'b', 'a')`,
    expected: [["ENUM_ORDER_MISMATCH", "info", "public.spare"]],
  },
  { field: "enums.*", sql: `DROP TYPE public.spare`, expected: [["ENUM_MISSING", "error", "public.spare"]] },

  // sequences
  {
    field: "sequences.*.schema",
    sql: `ALTER SEQUENCE public.counter SET SCHEMA spare_schema`,
    expected: [["SEQUENCE_MISSING", "error", "public.counter"], ["SEQUENCE_EXTRA", "info", "spare_schema.counter"]],
  },
  {
    field: "sequences.*.name",
    sql: `ALTER SEQUENCE public.counter RENAME TO counter2`,
    expected: [["SEQUENCE_MISSING", "error", "public.counter"], ["SEQUENCE_EXTRA", "info", "public.counter2"]],
  },
  { field: "sequences.*.dataType", sql: `ALTER SEQUENCE public.counter AS smallint`, expected: [], note: SEQUENCE_NOTE },
  { field: "sequences.*.start", sql: `ALTER SEQUENCE public.counter START WITH 11`, expected: [], note: SEQUENCE_NOTE },
  { field: "sequences.*.increment", sql: `ALTER SEQUENCE public.counter INCREMENT BY 3`, expected: [], note: SEQUENCE_NOTE },
  { field: "sequences.*.min", sql: `ALTER SEQUENCE public.counter MINVALUE 2`, expected: [], note: SEQUENCE_NOTE },
  { field: "sequences.*.max", sql: `ALTER SEQUENCE public.counter MAXVALUE 999`, expected: [], note: SEQUENCE_NOTE },
  { field: "sequences.*.cache", sql: `ALTER SEQUENCE public.counter CACHE 5`, expected: [], note: SEQUENCE_NOTE },
  { field: "sequences.*.cycle", sql: `ALTER SEQUENCE public.counter CYCLE`, expected: [], note: SEQUENCE_NOTE },
  { field: "sequences.*", sql: `CREATE SEQUENCE public.extra_seq`, expected: [["SEQUENCE_EXTRA", "info", "public.extra_seq"]] },

  // tables
  {
    field: "tables.*.schema",
    sql: `ALTER TABLE public.later SET SCHEMA app`,
    expected: [["TABLE_MISSING", "error", "public.later"], ["TABLE_EXTRA", "info", "app.later"]],
  },
  {
    field: "tables.*.name",
    sql: `ALTER TABLE public.later RENAME TO later2`,
    expected: [["TABLE_MISSING", "error", "public.later"], ["TABLE_EXTRA", "info", "public.later2"]],
  },
  {
    field: "tables.*.kind",
    sql: `DROP TABLE public.later; CREATE TABLE public.later (id serial PRIMARY KEY) PARTITION BY RANGE (id)`,
    expected: [],
    note: "a partitioned table serves the code like a plain one: DESIGN.md has no code for it",
  },
  { field: "tables.*", sql: `CREATE TABLE public.extra_table (id integer)`, expected: [["TABLE_EXTRA", "info", "public.extra_table"]] },

  // columns
  {
    field: "tables.*.columns.*.name",
    sql: `ALTER TABLE items RENAME COLUMN memo TO memo2`,
    expected: [["COLUMN_MISSING", "error", "public.items.memo"], ["COLUMN_EXTRA", "info", "public.items.memo2"]],
  },
  { field: "tables.*.columns.*.type", sql: `ALTER TABLE items ALTER memo TYPE varchar(10)`, expected: [["COLUMN_TYPE_MISMATCH", "error", "public.items.memo"]] },
  {
    field: "tables.*.columns.*.type",
    // The view over the column is dropped and recreated unchanged: PostgreSQL will not alter it under a view.
    sql: `DROP VIEW public.item_names; ALTER TABLE items ALTER name TYPE varchar(100); CREATE VIEW public.item_names AS (select "id", "name" from "items")`,
    expected: [["COLUMN_TYPE_MISMATCH", "warning", "public.items.name"]],
    note: "a safe widening in the database",
  },
  {
    field: "tables.*.columns.*.type",
    sql: `DROP VIEW public.item_names; ALTER TABLE items ALTER name TYPE text; CREATE VIEW public.item_names AS (select "id", "name" from "items")`,
    expected: [["COLUMN_TYPE_MISMATCH", "warning", "public.items.name"]],
    note: "varchar → text: a safe widening",
  },
  {
    field: "tables.*.columns.*.type",
    sql: `ALTER TABLE items ALTER price TYPE numeric(12,2)`,
    expected: [["COLUMN_TYPE_MISMATCH", "warning", "public.items.price"]],
    note: "a wider numeric: a safe widening",
  },
  {
    field: "tables.*.columns.*.type",
    sql: `ALTER TABLE items ALTER price TYPE numeric(10,4)`,
    expected: [["COLUMN_TYPE_MISMATCH", "error", "public.items.price"]],
    note: "more scale but fewer integer digits: values the code writes may not fit",
  },
  {
    field: "tables.*.columns.*.notNull",
    sql: `ALTER TABLE items ALTER memo SET NOT NULL`,
    expected: [["COLUMN_NULLABILITY_MISMATCH", "error", "public.items.memo"]],
  },
  {
    field: "tables.*.columns.*.notNull",
    sql: `ALTER TABLE items ALTER status SET NOT NULL`,
    expected: [["COLUMN_NULLABILITY_MISMATCH", "warning", "public.items.status"]],
    note: "code nullable, database NOT NULL with a default: only an explicit NULL fails",
  },
  {
    field: "tables.*.columns.*.notNull",
    sql: `ALTER TABLE parents ALTER code DROP NOT NULL`,
    expected: [["COLUMN_NULLABILITY_MISMATCH", "warning", "public.parents.code"]],
  },
  { field: "tables.*.columns.*.default", sql: `ALTER TABLE items ALTER qty SET DEFAULT 2`, expected: [["COLUMN_DEFAULT_MISMATCH", "warning", "public.items.qty"]] },
  { field: "tables.*.columns.*.default", sql: `ALTER TABLE items ALTER qty DROP DEFAULT`, expected: [["COLUMN_DEFAULT_MISSING", "error", "public.items.qty"]] },
  {
    field: "tables.*.columns.*.default",
    sql: `ALTER TABLE items ALTER status DROP DEFAULT`,
    expected: [["COLUMN_DEFAULT_MISSING", "warning", "public.items.status"]],
    note: "a nullable column: rows the code inserts without it get NULL instead of the default",
  },
  { field: "tables.*.columns.*.identity", sql: `ALTER TABLE items ALTER ident DROP IDENTITY`, expected: [["COLUMN_IDENTITY_MISMATCH", "warning", "public.items.ident"]] },
  {
    field: "tables.*.columns.*.identity.generation",
    sql: `ALTER TABLE items ALTER ident SET GENERATED ALWAYS`,
    expected: [["COLUMN_IDENTITY_MISMATCH", "error", "public.items.ident"]],
    note: "the code may write a column the database now generates (DESIGN.md: writes to generated are an error)",
  },
  { field: "tables.*.columns.*.identity.start", sql: `ALTER TABLE items ALTER ident SET START WITH 20`, expected: [["COLUMN_IDENTITY_MISMATCH", "warning", "public.items.ident"]] },
  { field: "tables.*.columns.*.identity.increment", sql: `ALTER TABLE items ALTER ident SET INCREMENT BY 2`, expected: [["COLUMN_IDENTITY_MISMATCH", "warning", "public.items.ident"]] },
  { field: "tables.*.columns.*.identity.min", sql: `ALTER TABLE items ALTER ident SET MINVALUE 0`, expected: [["COLUMN_IDENTITY_MISMATCH", "warning", "public.items.ident"]] },
  { field: "tables.*.columns.*.identity.max", sql: `ALTER TABLE items ALTER ident SET MAXVALUE 5000`, expected: [["COLUMN_IDENTITY_MISMATCH", "warning", "public.items.ident"]] },
  { field: "tables.*.columns.*.identity.cache", sql: `ALTER TABLE items ALTER ident SET CACHE 4`, expected: [["COLUMN_IDENTITY_MISMATCH", "warning", "public.items.ident"]] },
  { field: "tables.*.columns.*.identity.cycle", sql: `ALTER TABLE items ALTER ident SET CYCLE`, expected: [["COLUMN_IDENTITY_MISMATCH", "warning", "public.items.ident"]] },
  {
    field: "tables.*.columns.*.generated",
    sql: `ALTER TABLE items ALTER total DROP EXPRESSION`,
    expected: [["COLUMN_GENERATED_MISMATCH", "warning", "public.items.total"]],
  },
  {
    field: "tables.*.columns.*.generated.expression",
    // The materialized view over the column is dropped and recreated unchanged.
    sql:
      `DROP MATERIALIZED VIEW public.item_totals; ALTER TABLE items DROP COLUMN total; ` +
      `ALTER TABLE items ADD COLUMN total integer GENERATED ALWAYS AS (qty * 3) STORED; ` +
      `CREATE MATERIALIZED VIEW public.item_totals AS (select id, total from items)`,
    expected: [["COLUMN_GENERATED_MISMATCH", "warning", "public.items.total"]],
  },
  {
    field: "tables.*.columns.*.generated",
    sql: `ALTER TABLE items DROP COLUMN memo; ALTER TABLE items ADD COLUMN memo text GENERATED ALWAYS AS ('m') STORED`,
    expected: [["COLUMN_GENERATED_MISMATCH", "error", "public.items.memo"]],
    note: "the code writes a column the database generates: its inserts and updates fail",
  },
  { field: "tables.*.columns.*", sql: `ALTER TABLE items DROP COLUMN memo`, expected: [["COLUMN_MISSING", "error", "public.items.memo"]] },
  { field: "tables.*.columns.*", sql: `ALTER TABLE items ADD COLUMN extra text`, expected: [["COLUMN_EXTRA", "info", "public.items.extra"]] },
  {
    field: "tables.*.columns.*",
    sql: `ALTER TABLE items ADD COLUMN required text NOT NULL`,
    expected: [["COLUMN_EXTRA", "error", "public.items.required"]],
    note: "NOT NULL without default: the code's inserts fail",
  },

  // primary key
  {
    field: "tables.*.primaryKey.name",
    sql: `ALTER TABLE app.pairs RENAME CONSTRAINT pairs_pkey TO pairs_pk`,
    expected: [["NAME_MISMATCH", "info", "app.pairs.pairs_pkey"]],
  },
  {
    field: "tables.*.primaryKey.columns",
    sql: `ALTER TABLE app.pairs DROP CONSTRAINT pairs_pkey, ADD CONSTRAINT pairs_pkey PRIMARY KEY ("right", "left")`,
    expected: [["PRIMARY_KEY_MISMATCH", "error", "app.pairs.pairs_pkey"]],
  },
  { field: "tables.*.primaryKey", sql: `ALTER TABLE app.pairs DROP CONSTRAINT pairs_pkey`, expected: [["PRIMARY_KEY_MISMATCH", "error", "app.pairs.pairs_pkey"]] },

  // uniques
  {
    field: "tables.*.uniques.*.name",
    sql: `ALTER TABLE items RENAME CONSTRAINT items_a_b_key TO items_a_b_uq`,
    expected: [["NAME_MISMATCH", "info", "public.items.items_a_b_key"]],
  },
  {
    field: "tables.*.uniques.*.columns",
    sql: `ALTER TABLE items DROP CONSTRAINT items_a_b_key, ADD CONSTRAINT items_a_b_key UNIQUE (b, a)`,
    expected: [["UNIQUE_MISSING", "error", "public.items.items_a_b_key"]],
    note: "same name, other definition: the constraint the code expects is absent (one finding)",
  },
  {
    field: "tables.*.uniques.*.nullsNotDistinct",
    sql: `ALTER TABLE items DROP CONSTRAINT items_name_key, ADD CONSTRAINT items_name_key UNIQUE NULLS NOT DISTINCT (name)`,
    expected: [["UNIQUE_MISSING", "error", "public.items.items_name_key"]],
  },
  { field: "tables.*.uniques.*", sql: `ALTER TABLE items DROP CONSTRAINT items_a_b_key`, expected: [["UNIQUE_MISSING", "error", "public.items.items_a_b_key"]] },
  { field: "tables.*.uniques.*", sql: `ALTER TABLE items ADD CONSTRAINT items_memo_key UNIQUE (memo)`, expected: [["UNIQUE_EXTRA", "warning", "public.items.items_memo_key"]] },

  // foreign keys
  {
    field: "tables.*.foreignKeys.*.name",
    sql: `ALTER TABLE items RENAME CONSTRAINT items_parent_id_parents_id_fk TO items_parent_fk`,
    expected: [["NAME_MISMATCH", "info", "public.items.items_parent_id_parents_id_fk"]],
  },
  ...(["columns", "refColumns", "refTable", "refSchema"] as const).map((part): DetectionCase => {
    const target = {
      columns: `FOREIGN KEY (a) REFERENCES public.parents(id) ON DELETE CASCADE`,
      refColumns: `FOREIGN KEY (parent_id) REFERENCES public.parents(alt) ON DELETE CASCADE`,
      refTable: `FOREIGN KEY (parent_id) REFERENCES public.later(id) ON DELETE CASCADE`,
      refSchema: `FOREIGN KEY (parent_id) REFERENCES app.parents(id) ON DELETE CASCADE`,
    }[part];
    const fk = "public.items.items_parent_id_parents_id_fk";
    return {
      field: `tables.*.foreignKeys.*.${part}`,
      sql:
        (part === "refSchema" ? `CREATE TABLE app.parents (id integer PRIMARY KEY); ` : "") +
        `ALTER TABLE items DROP CONSTRAINT items_parent_id_parents_id_fk, ADD CONSTRAINT items_parent_id_parents_id_fk ${target}`,
      // Same name, other definition: the foreign key the code expects is absent (one finding).
      expected: [
        ["FOREIGN_KEY_MISSING", "warning", fk],
        ...(part === "refSchema" ? [["TABLE_EXTRA", "info", "app.parents"] as ExpectedFinding] : []),
      ],
    };
  }),
  {
    field: "tables.*.foreignKeys.*.onDelete",
    sql: `ALTER TABLE items DROP CONSTRAINT items_parent_id_parents_id_fk, ADD CONSTRAINT items_parent_id_parents_id_fk FOREIGN KEY (parent_id) REFERENCES parents(id) ON DELETE RESTRICT`,
    expected: [["FOREIGN_KEY_ACTION_MISMATCH", "error", "public.items.items_parent_id_parents_id_fk"]],
    note: "the code cascades, the database restricts",
  },
  {
    field: "tables.*.foreignKeys.*.onUpdate",
    sql: `ALTER TABLE items DROP CONSTRAINT items_parent_id_parents_id_fk, ADD CONSTRAINT items_parent_id_parents_id_fk FOREIGN KEY (parent_id) REFERENCES parents(id) ON DELETE CASCADE ON UPDATE CASCADE`,
    expected: [["FOREIGN_KEY_ACTION_MISMATCH", "warning", "public.items.items_parent_id_parents_id_fk"]],
  },
  {
    field: "tables.*.foreignKeys.*",
    sql: `ALTER TABLE items DROP CONSTRAINT items_parent_id_parents_id_fk`,
    expected: [["FOREIGN_KEY_MISSING", "warning", "public.items.items_parent_id_parents_id_fk"]],
  },
  {
    field: "tables.*.foreignKeys.*",
    sql: `ALTER TABLE items ADD CONSTRAINT items_b_fk FOREIGN KEY (b) REFERENCES parents(id)`,
    expected: [["FOREIGN_KEY_EXTRA", "warning", "public.items.items_b_fk"]],
  },

  // checks
  {
    field: "tables.*.checks.*.name",
    sql: `ALTER TABLE items RENAME CONSTRAINT items_qty_check TO items_qty_positive`,
    expected: [["NAME_MISMATCH", "info", "public.items.items_qty_check"]],
  },
  {
    field: "tables.*.checks.*.definition",
    sql: `ALTER TABLE items DROP CONSTRAINT items_qty_check, ADD CONSTRAINT items_qty_check CHECK (qty > 1)`,
    expected: [["CHECK_DEFINITION_MISMATCH", "warning", "public.items.items_qty_check"]],
  },
  { field: "tables.*.checks.*", sql: `ALTER TABLE items DROP CONSTRAINT items_qty_check`, expected: [["CHECK_MISSING", "warning", "public.items.items_qty_check"]] },
  { field: "tables.*.checks.*", sql: `ALTER TABLE items ADD CONSTRAINT items_a_check CHECK (a <> 0)`, expected: [["CHECK_EXTRA", "warning", "public.items.items_a_check"]] },

  // indexes
  { field: "tables.*.indexes.*.name", sql: `ALTER INDEX items_note_idx RENAME TO items_note_idx2`, expected: [["NAME_MISMATCH", "info", "public.items.items_note_idx"]] },
  ...indexCases(),
  { field: "tables.*.indexes.*", sql: `DROP INDEX items_note_idx`, expected: [["INDEX_MISSING", "warning", "public.items.items_note_idx"]] },
  { field: "tables.*.indexes.*", sql: `CREATE INDEX items_memo_idx ON items (memo)`, expected: [["INDEX_EXTRA", "info", "public.items.items_memo_idx"]] },
  {
    field: "tables.*.indexes.*.unique",
    sql: `DROP INDEX items_qty_name_idx; CREATE INDEX items_qty_name_idx ON items (qty, name)`,
    expected: [["UNIQUE_MISSING", "error", "public.items.items_qty_name_idx"]],
    note: "a unique index the code expects is no longer unique",
  },

  // row-level security and policies
  { field: "tables.*.rlsEnabled", sql: `ALTER TABLE items DISABLE ROW LEVEL SECURITY`, expected: [["RLS_DISABLED", "error", "public.items"]] },
  { field: "tables.*.rlsEnabled", sql: `ALTER TABLE parents ENABLE ROW LEVEL SECURITY`, expected: [["RLS_EXTRA", "warning", "public.parents"]] },
  {
    field: "tables.*.policies.*.name",
    sql: `ALTER POLICY items_write ON items RENAME TO items_update`,
    expected: [["POLICY_MISSING", "error", "public.items.items_write"], ["POLICY_EXTRA", "warning", "public.items.items_update"]],
  },
  ...policyCases(),
  { field: "tables.*.policies.*", sql: `DROP POLICY items_write ON items`, expected: [["POLICY_MISSING", "error", "public.items.items_write"]] },
  {
    field: "tables.*.policies.*",
    sql: `CREATE POLICY items_extra ON items FOR SELECT USING (true)`,
    expected: [["POLICY_EXTRA", "warning", "public.items.items_extra"]],
  },

  // views
  {
    field: "views.*.schema",
    sql: `ALTER VIEW public.item_names SET SCHEMA app`,
    expected: [["VIEW_MISSING", "error", "public.item_names"], ["VIEW_EXTRA", "info", "app.item_names"]],
  },
  {
    field: "views.*.name",
    sql: `ALTER VIEW public.item_names RENAME TO item_names2`,
    expected: [["VIEW_MISSING", "error", "public.item_names"], ["VIEW_EXTRA", "info", "public.item_names2"]],
  },
  {
    field: "views.*.materialized",
    sql: `DROP VIEW public.item_names; CREATE MATERIALIZED VIEW public.item_names AS SELECT id, name FROM items`,
    expected: [["VIEW_DEFINITION_MISMATCH", "warning", "public.item_names"]],
  },
  {
    field: "views.*.definition",
    sql: `CREATE OR REPLACE VIEW public.item_names AS SELECT id, name FROM items WHERE id > 0`,
    expected: [["VIEW_DEFINITION_MISMATCH", "warning", "public.item_names"]],
  },
  {
    field: "views.*.columns",
    sql: `CREATE OR REPLACE VIEW public.item_names AS SELECT id, name, qty FROM items`,
    expected: [["VIEW_DEFINITION_MISMATCH", "warning", "public.item_names"]],
    note: "a view's columns cannot change without its definition",
  },
  { field: "views.*", sql: `DROP VIEW public.item_names`, expected: [["VIEW_MISSING", "error", "public.item_names"]] },
  { field: "views.*", sql: `CREATE VIEW public.extra_view AS SELECT 1 AS one`, expected: [["VIEW_EXTRA", "info", "public.extra_view"]] },
];

function indexCases(): DetectionCase[] {
  const recreate = (definition: string) => `DROP INDEX items_note_idx; CREATE ${definition}`;
  const mismatch: ExpectedFinding[] = [["INDEX_DEFINITION_MISMATCH", "warning", "public.items.items_note_idx"]];
  return [
    { field: "tables.*.indexes.*.unique", sql: recreate(`UNIQUE INDEX items_note_idx ON items (note)`), expected: mismatch },
    {
      field: "tables.*.indexes.*.nullsNotDistinct",
      sql: `DROP INDEX items_qty_name_idx; CREATE UNIQUE INDEX items_qty_name_idx ON items (qty, name) NULLS NOT DISTINCT`,
      expected: [["UNIQUE_MISSING", "error", "public.items.items_qty_name_idx"]],
      note: "a unique index is matched like a unique constraint: same name, other definition",
    },
    { field: "tables.*.indexes.*.method", sql: recreate(`INDEX items_note_idx ON items USING hash (note)`), expected: mismatch },
    { field: "tables.*.indexes.*.columns[].expression", sql: recreate(`INDEX items_note_idx ON items (memo)`), expected: mismatch },
    {
      field: "tables.*.indexes.*.columns[].isExpression",
      sql: recreate(`INDEX items_note_idx ON items ((note || ''))`),
      expected: mismatch,
      note: "the expression text changes with it",
    },
    { field: "tables.*.indexes.*.columns[].opclass", sql: recreate(`INDEX items_note_idx ON items (note text_pattern_ops)`), expected: mismatch },
    { field: "tables.*.indexes.*.columns[].order", sql: recreate(`INDEX items_note_idx ON items (note DESC NULLS LAST)`), expected: mismatch },
    { field: "tables.*.indexes.*.columns[].nulls", sql: recreate(`INDEX items_note_idx ON items (note NULLS FIRST)`), expected: mismatch },
    {
      field: "tables.*.indexes.*.where",
      sql: `DROP INDEX items_partial_idx; CREATE INDEX items_partial_idx ON items (b) WHERE b > 1`,
      expected: [["INDEX_DEFINITION_MISMATCH", "warning", "public.items.items_partial_idx"]],
    },
    {
      field: "tables.*.indexes.*.with",
      sql: `ALTER INDEX items_a_idx SET (fillfactor = 70)`,
      expected: [["INDEX_DEFINITION_MISMATCH", "warning", "public.items.items_a_idx"]],
    },
    // The code's index has no INCLUDE columns; before the catalog read them this went unseen.
    { field: "tables.*.indexes.*.include", sql: recreate(`INDEX items_note_idx ON items (note) INCLUDE (memo)`), expected: mismatch },
  ];
}

function policyCases(): DetectionCase[] {
  const mismatch: ExpectedFinding[] = [["POLICY_MISMATCH", "error", "public.items.items_write"]];
  const recreate = (clause: string) => `DROP POLICY items_write ON items; CREATE POLICY items_write ON items ${clause}`;
  return [
    { field: "tables.*.policies.*.as", sql: recreate(`AS RESTRICTIVE FOR UPDATE TO public USING (qty > 0) WITH CHECK (qty < 100)`), expected: mismatch },
    { field: "tables.*.policies.*.for", sql: recreate(`AS PERMISSIVE FOR ALL TO public USING (qty > 0) WITH CHECK (qty < 100)`), expected: mismatch },
    { field: "tables.*.policies.*.to", sql: `ALTER POLICY items_write ON items TO pg_monitor`, expected: mismatch },
    // Parsed expressions that differ are a settled difference: an error like any other (DESIGN.md
    // caps only what normalisation cannot settle).
    { field: "tables.*.policies.*.using", sql: `ALTER POLICY items_write ON items USING (qty > 1)`, expected: mismatch },
    { field: "tables.*.policies.*.withCheck", sql: `ALTER POLICY items_write ON items WITH CHECK (qty < 50)`, expected: mismatch },
  ];
}
