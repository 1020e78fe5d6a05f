/**
 * The catalog query: ONE statement over pg_catalog returning the whole catalog as one JSON
 * document (one row, one text column). information_schema is not used: it hides objects the
 * role cannot use.
 *
 * Parameters (all text, see `catalogParams`):
 *   $1 schemas to include, a JSON array, or NULL for "every non-system schema"
 *   $2 schemas to exclude, a JSON array (ignore rules + platform schemas)
 *   $3, $4 the migrations table's schema and name (always left out)
 *
 * The batch runs with `search_path` = '' so format_type/pg_get_expr print user types and
 * sequences schema-qualified (the model's spelling rule).
 *
 * Never abort the batch over a catalog column an older server lacks: such columns are read
 * through `to_jsonb(row) ->> 'column'`, which yields NULL instead of a parse-time error
 * (`indnullsnotdistinct` is PG15+, `attgenerated` PG12+). PostgreSQL 14 is the oldest target.
 *
 * Always left out: system schemas (pg_*, information_schema), extension members (pg_depend
 * deptype 'e': their tables, sequences, views, types and schemas), partition children (and so
 * their inherited indexes and cloned constraints), the migrations table, and indexes that back
 * a primary key, unique or exclusion constraint (those are constraints in the model).
 */
export const CATALOG_SQL = `
WITH params AS (
  SELECT
    CASE WHEN $1::jsonb IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text($1::jsonb)) END AS include_schemas,
    ARRAY(SELECT jsonb_array_elements_text(coalesce($2::jsonb, '[]'::jsonb))) AS exclude_schemas,
    $3::text AS migrations_schema,
    $4::text AS migrations_table
),
extension_members AS (
  SELECT d.classid, d.objid FROM pg_catalog.pg_depend d WHERE d.deptype = 'e'
),
nsp AS (
  SELECT n.oid, n.nspname
  FROM pg_catalog.pg_namespace n, params p
  WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
    AND (p.include_schemas IS NULL OR n.nspname = ANY (p.include_schemas))
    AND NOT (n.nspname = ANY (p.exclude_schemas))
    AND NOT EXISTS (SELECT 1 FROM extension_members e
                    WHERE e.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND e.objid = n.oid)
),
rel AS (
  SELECT c.oid, c.relname, c.relkind, c.relrowsecurity, c.reloptions, n.nspname
  FROM pg_catalog.pg_class c
  JOIN nsp n ON n.oid = c.relnamespace
  CROSS JOIN params p
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
    AND NOT c.relispartition
    AND NOT (n.nspname = p.migrations_schema AND c.relname = p.migrations_table)
    AND NOT EXISTS (SELECT 1 FROM extension_members e
                    WHERE e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND e.objid = c.oid)
),
owned_sequences AS (
  SELECT d.objid AS seqoid
  FROM pg_catalog.pg_depend d
  WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
    AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
    AND d.deptype IN ('a', 'i')
),
enums AS (
  SELECT t.oid, n.nspname, t.typname
  FROM pg_catalog.pg_type t
  JOIN nsp n ON n.oid = t.typnamespace
  WHERE t.typtype = 'e'
    AND NOT EXISTS (SELECT 1 FROM extension_members e
                    WHERE e.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND e.objid = t.oid)
),
standalone_sequences AS (
  SELECT r.oid, r.nspname, r.relname FROM rel r
  WHERE r.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM owned_sequences o WHERE o.seqoid = r.oid)
)
SELECT json_build_object(
  'serverVersionNum', current_setting('server_version_num'),
  'version', version(),
  'database', current_database(),
  'user', current_user,
  'schemas', (
    SELECT json_agg(json_build_object('name', n.nspname, 'usable', has_schema_privilege(n.oid, 'USAGE'))
                    ORDER BY n.nspname)
    FROM nsp n CROSS JOIN params p
    -- public, the migrations schema and schemas that extensions were installed into
    -- (e.g. \`extensions\`) count only when they hold something of the model.
    WHERE (n.nspname NOT IN ('public', p.migrations_schema)
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_extension x WHERE x.extnamespace = n.oid))
       OR EXISTS (SELECT 1 FROM rel r WHERE r.nspname = n.nspname AND r.relkind IN ('r', 'p', 'v', 'm'))
       OR EXISTS (SELECT 1 FROM standalone_sequences s WHERE s.nspname = n.nspname)
       OR EXISTS (SELECT 1 FROM enums e WHERE e.nspname = n.nspname)
  ),
  'tables', (
    SELECT json_agg(json_build_object(
      'schema', r.nspname,
      'name', r.relname,
      'kind', CASE r.relkind WHEN 'p' THEN 'partitioned' ELSE 'table' END,
      'rls', r.relrowsecurity,
      'columns', (SELECT
        json_agg(json_build_object(
          'name', a.attname,
          'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
          'notNull', a.attnotnull,
          'generated', nullif(g.kind, ''),
          'expression', pg_catalog.pg_get_expr(ad.adbin, ad.adrelid),
          'identity', nullif(a.attidentity, ''),
          'sequence', CASE WHEN a.attidentity <> '' THEN (
            SELECT json_build_object(
              'start', s.seqstart::text, 'increment', s.seqincrement::text, 'min', s.seqmin::text,
              'max', s.seqmax::text, 'cache', s.seqcache::text, 'cycle', s.seqcycle)
            FROM pg_catalog.pg_depend o JOIN pg_catalog.pg_sequence s ON s.seqrelid = o.objid
            WHERE o.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND o.refobjid = a.attrelid
              AND o.refobjsubid = a.attnum AND o.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
              AND o.deptype = 'i'
            LIMIT 1) END,
          -- The sequence a serial column owns (deptype 'a'), whatever its name (owned-sequence-default.ts).
          'ownedSequence', CASE WHEN ad.adbin IS NOT NULL AND a.attidentity = '' THEN (
            SELECT o.objid::pg_catalog.regclass::text
            FROM pg_catalog.pg_depend o JOIN pg_catalog.pg_sequence s ON s.seqrelid = o.objid
            WHERE o.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND o.refobjid = a.attrelid
              AND o.refobjsubid = a.attnum AND o.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
              AND o.deptype = 'a'
            LIMIT 1) END
        ) ORDER BY a.attnum)
        FROM pg_catalog.pg_attribute a
        LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        -- Generated columns always have a pg_attrdef row: build the row's JSON only for those.
        CROSS JOIN LATERAL (SELECT CASE WHEN a.atthasdef THEN coalesce(pg_catalog.to_jsonb(a) ->> 'attgenerated', '') ELSE '' END AS kind) g
        WHERE a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped),
      'constraints', (SELECT
        json_agg(json_build_object(
          'name', con.conname,
          'type', con.contype,
          'columns', (SELECT json_agg(a.attname ORDER BY k.ord)
                      FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
          'nullsNotDistinct', CASE WHEN con.contype = 'u' THEN (
            SELECT (pg_catalog.to_jsonb(i) ->> 'indnullsnotdistinct')::boolean
            FROM pg_catalog.pg_index i WHERE i.indexrelid = con.conindid) END,
          'refSchema', fn.nspname,
          'refTable', fc.relname,
          'refColumns', CASE WHEN con.contype = 'f' THEN (
            SELECT json_agg(a.attname ORDER BY k.ord)
            FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
            JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) END,
          'onUpdate', nullif(con.confupdtype, ' '),
          'onDelete', nullif(con.confdeltype, ' '),
          'definition', CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid) END
        ) ORDER BY con.conname)
        FROM pg_catalog.pg_constraint con
        LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid
        LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
        -- conparentid <> 0: a clone made for a partition (e.g. an FK row per partition of the referenced table).
        WHERE con.conrelid = r.oid AND con.contype IN ('p', 'u', 'f', 'c') AND con.conparentid = 0),
      'indexes', (SELECT
        json_agg(json_build_object(
          'name', ic.relname,
          'unique', i.indisunique,
          'nullsNotDistinct', (pg_catalog.to_jsonb(i) ->> 'indnullsnotdistinct')::boolean,
          'method', am.amname,
          'columns', (
            SELECT json_agg(json_build_object(
              'expression', CASE WHEN i.indkey[k.n - 1] = 0
                              THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.n, true)
                              ELSE (SELECT a.attname FROM pg_catalog.pg_attribute a
                                    WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1]) END,
              'isExpression', i.indkey[k.n - 1] = 0,
              'opclass', CASE WHEN opc.opcdefault THEN NULL ELSE opc.opcname END,
              'desc', (i.indoption[k.n - 1] & 1) = 1,
              'nullsFirst', (i.indoption[k.n - 1] & 2) = 2
            ) ORDER BY k.n)
            FROM generate_series(1, i.indnkeyatts) k(n)
            LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = i.indclass[k.n - 1]),
          'where', pg_catalog.pg_get_expr(i.indpred, i.indrelid, true),
          'with', ic.reloptions,
          -- INCLUDE columns: the attributes after the indnkeyatts key columns.
          'include', (SELECT json_agg(a.attname ORDER BY k.n)
                      FROM generate_series(i.indnkeyatts + 1, i.indnatts) k(n)
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1])
        ) ORDER BY ic.relname)
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_catalog.pg_am am ON am.oid = ic.relam
        WHERE i.indrelid = r.oid
          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
                          WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))),
      'policies', (SELECT
        json_agg(json_build_object(
          'name', p.polname,
          'permissive', p.polpermissive,
          'cmd', p.polcmd,
          'roles', (SELECT json_agg(CASE WHEN role_oid = 0 THEN 'public' ELSE pg_catalog.pg_get_userbyid(role_oid)::text END)
                    FROM unnest(p.polroles) AS role_oid),
          'using', pg_catalog.pg_get_expr(p.polqual, p.polrelid),
          'withCheck', pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)
        ) ORDER BY p.polname)
        FROM pg_catalog.pg_policy p
        WHERE p.polrelid = r.oid)
    ))
    FROM rel r
    WHERE r.relkind IN ('r', 'p')
  ),
  'views', (
    SELECT json_agg(json_build_object(
      'schema', r.nspname,
      'name', r.relname,
      'materialized', r.relkind = 'm',
      'definition', pg_catalog.pg_get_viewdef(r.oid, true),
      'columns', (SELECT json_agg(a.attname ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped)
    ))
    FROM rel r WHERE r.relkind IN ('v', 'm')
  ),
  'enums', (
    SELECT json_agg(json_build_object(
      'schema', e.nspname,
      'name', e.typname,
      'values', (SELECT json_agg(v.enumlabel ORDER BY v.enumsortorder) FROM pg_catalog.pg_enum v WHERE v.enumtypid = e.oid)
    ))
    FROM enums e
  ),
  -- GetDefaultOpClass (indexcmds.c) for the type of every column read, under every index access
  -- method: a default opclass of exactly the (domain's base) type, else one whose input type it is
  -- binary-coercible to (a 'b' cast, or the polymorphic anyarray / anyenum / anyrange /
  -- anymultirange / record). The snapshot side has only the opclass names the code wrote; this
  -- says which of them PostgreSQL leaves out of pg_get_indexdef (DESIGN.md, operator classes).
  'defaultOpclasses', (
    SELECT json_agg(json_build_object('method', d.amname, 'type', pg_catalog.format_type(d.typid, NULL), 'opclass', d.opcname)
                    ORDER BY d.amname, d.typid)
    FROM (
      SELECT am.amname, ty.typid, (
        SELECT oc.opcname FROM pg_catalog.pg_opclass oc
        WHERE oc.opcmethod = am.oid AND oc.opcdefault AND (
          oc.opcintype = ty.base
          OR EXISTS (SELECT 1 FROM pg_catalog.pg_cast c
                     WHERE c.castsource = ty.base AND c.casttarget = oc.opcintype AND c.castmethod = 'b')
          OR (oc.opcintype = 'pg_catalog.anyarray'::pg_catalog.regtype AND ty.is_array)
          OR (oc.opcintype = 'pg_catalog.anyenum'::pg_catalog.regtype AND ty.typtype = 'e')
          OR (oc.opcintype = 'pg_catalog.anyrange'::pg_catalog.regtype AND ty.typtype = 'r')
          OR (oc.opcintype = 'pg_catalog.anymultirange'::pg_catalog.regtype AND ty.typtype = 'm')
          OR (oc.opcintype = 'pg_catalog.record'::pg_catalog.regtype AND ty.typtype = 'c'))
        -- Of several binary-coercible ones, the preferred type of the column's category
        -- (varchar: text_ops, not bpchar_ops), as GetDefaultOpClass chooses.
        ORDER BY oc.opcintype = ty.base DESC,
          (SELECT it.typispreferred AND it.typcategory = ty.typcategory FROM pg_catalog.pg_type it WHERE it.oid = oc.opcintype) DESC,
          oc.opcname
        LIMIT 1) AS opcname
      FROM (
        SELECT u.typid, b.oid AS base, b.typtype, b.typcategory,
          b.typelem <> 0 AND b.typsubscript = 'pg_catalog.array_subscript_handler'::pg_catalog.regproc AS is_array
        FROM (SELECT DISTINCT a.atttypid AS typid
              FROM pg_catalog.pg_attribute a JOIN rel r ON r.oid = a.attrelid
              WHERE r.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped) u
        JOIN pg_catalog.pg_type t ON t.oid = u.typid
        JOIN pg_catalog.pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
      ) ty
      CROSS JOIN pg_catalog.pg_am am
      WHERE am.amtype = 'i'
    ) d
    WHERE d.opcname IS NOT NULL
  ),
  'sequences', (
    SELECT json_agg(json_build_object(
      'schema', q.nspname,
      'name', q.relname,
      'dataType', pg_catalog.format_type(s.seqtypid, NULL),
      'start', s.seqstart::text, 'increment', s.seqincrement::text, 'min', s.seqmin::text,
      'max', s.seqmax::text, 'cache', s.seqcache::text, 'cycle', s.seqcycle
    ))
    FROM standalone_sequences q JOIN pg_catalog.pg_sequence s ON s.seqrelid = q.oid
  )
)::text AS catalog
`;

/**
 * The migrations-table read, as one statement that never aborts the batch: the table may be
 * missing, have drizzle-orm 0.x's shape (id, hash, created_at) or 1.x's (adds name,
 * applied_at), or be unreadable for this role.
 *
 * Why this shape: PostgreSQL resolves table names when it parses a statement, even inside a
 * CASE branch that never runs, and a read-only transaction cannot create a function, so the
 * table is read through `query_to_xml(format(...))`, which plans the inner query only when
 * called. It is called only when the table exists (`pg_class`) and the role has USAGE on its
 * schema and SELECT on it; otherwise the reason comes back as data. Rows are read as
 * `to_jsonb(row)` with every value turned to text (`jsonb_each_text`), so the same query serves
 * both shapes and bigint values keep every digit. The inner result is base64 so nothing needs
 * XML unescaping, and it is cut out with a regular expression so no libxml is needed (PGlite).
 *
 * Parameters: $1 schema, $2 table.
 */
export const MIGRATIONS_SQL = `
SELECT json_build_object(
  'exists', t.oid IS NOT NULL,
  'shape', CASE WHEN t.oid IS NULL THEN NULL WHEN t.has_name THEN '1.x' ELSE '0.x' END,
  'error', CASE
    WHEN t.oid IS NULL THEN NULL
    WHEN NOT t.can_use THEN format('permission denied for schema %I', t.nspname)
    WHEN NOT t.can_select THEN format('permission denied for table %I.%I', t.nspname, t.relname)
  END,
  'rows', CASE WHEN t.can_use AND t.can_select THEN pg_catalog.convert_from(pg_catalog.decode(
    substring(pg_catalog.query_to_xml(format(
      'SELECT pg_catalog.encode(pg_catalog.convert_to(coalesce(pg_catalog.json_agg(r.j)::text, ''[]''), ''UTF8''), ''base64'') AS j '
      'FROM (SELECT (SELECT pg_catalog.json_object_agg(e.key, e.value) '
      'FROM pg_catalog.jsonb_each_text(pg_catalog.to_jsonb(m)) e) AS j FROM %I.%I m) r',
      t.nspname, t.relname), true, true, '')::text FROM '<j>([^<]*)</j>'),
    'base64'), 'UTF8')::json END
)::text AS migrations
FROM (SELECT 1) AS one
LEFT JOIN (
  SELECT c.oid, n.nspname, c.relname,
    has_schema_privilege(n.oid, 'USAGE') AS can_use,
    has_table_privilege(c.oid, 'SELECT') AS can_select,
    EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = c.oid AND a.attname = 'name' AND a.attnum > 0 AND NOT a.attisdropped) AS has_name
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
) AS t ON true
`;

/**
 * Runs first in the batch: timeouts for this transaction, the empty search_path, and no JIT —
 * the catalog query's cost estimate passes jit_above_cost on large schemas, and compiling it
 * costs more (hundreds of ms) than it saves. IntervalStyle and DateStyle are PostgreSQL's
 * defaults: pg_get_expr prints interval/date/time constants in the session's style, and the
 * typed-literal rule (expressions/typed-literals.ts) compares with those defaults' output.
 */
export const SETUP_SQL = `SELECT pg_catalog.set_config('statement_timeout', $1, true),
  pg_catalog.set_config('lock_timeout', $2, true),
  pg_catalog.set_config('search_path', '', true),
  pg_catalog.set_config('jit', 'off', true),
  pg_catalog.set_config('intervalstyle', 'postgres', true),
  pg_catalog.set_config('datestyle', 'ISO, MDY', true)`;
