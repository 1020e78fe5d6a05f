/**
 * Old drizzle-kit folders, end to end: test/fixtures-legacy/v5 and v6 were written by the real
 * drizzle-kit 0.20.18 (snapshot version 5) and 0.21.4 (version 6)
 * (scripts/generate-legacy-fixtures.ts; tools/drizzle-kit-legacy is needed only to regenerate
 * them). The reader upgrades those snapshots to version 7 (src/core/drizzle/snapshot-upgrade.ts)
 * before reading them; here each folder is migrated on PostgreSQL 15 by drizzle-orm 0.45's own
 * migrator and checked through the real pipeline:
 *  - fully migrated, the check reports nothing at all;
 *  - with the last migration's tracking row and its objects dropped, it reports exactly that
 *    migration as pending and the table and column it adds, attributed to it.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { DEFAULT_OPTIONS, runCheck, type CheckResult } from "../../src/core/check.js";
import { executorFor, expectedTrackingRows, migrateFixture, readTrackingRows, type Fixture, type Journal } from "../support/fixtures.js";
import { startServer, type PostgresServer, type ServerDatabase } from "../support/postgres-servers.js";

const LEGACY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures-legacy");

interface Legacy {
  folder: "v5" | "v6";
  /** The drizzle-kit release that wrote the folder (scripts/generate-legacy-fixtures.ts). */
  release: string;
  version: string;
  /** The journal's dialect as that release wrote it (`pg` until drizzle-kit 0.21). */
  dialect: string;
  /** Every enum (or enum array) column after migrating, with the type PostgreSQL created. */
  enumColumns: string[];
}

const LEGACY: Legacy[] = [
  // drizzle-kit 0.20 creates every enum in public, even billing.enum("invoice_status").
  {
    folder: "v5",
    release: "0.20.18",
    version: "5",
    dialect: "pg",
    enumColumns: ["billing.invoices.status public.invoice_status", "public.accounts.past_plans public.plan[]", "public.accounts.plan public.plan"],
  },
  {
    folder: "v6",
    release: "0.21.4",
    version: "6",
    dialect: "postgresql",
    enumColumns: ["billing.invoices.status billing.invoice_status", "public.accounts.plan public.plan"],
  },
];

function legacyFixture(folder: string): Fixture {
  const dir = path.join(LEGACY_DIR, folder);
  const migrationsDir = path.join(dir, "migrations");
  return {
    name: `legacy-${folder}`,
    dir,
    migrationsDir,
    options: {},
    setupSql: null,
    mutateSql: null,
    journal: JSON.parse(readFileSync(path.join(migrationsDir, "meta", "_journal.json"), "utf8")) as Journal,
  };
}

function check(db: ServerDatabase, fixture: Fixture): Promise<CheckResult> {
  return runCheck({
    database: executorFor(db),
    expected: { kind: "folder", files: createDiskFileSource(fixture.migrationsDir, path.relative(path.resolve(LEGACY_DIR, "../.."), fixture.migrationsDir)) },
    options: DEFAULT_OPTIONS,
    now: () => 0,
  });
}

/** `schema.table.column schema.type` of every enum and enum-array column of a user table. */
const ENUM_COLUMNS_SQL = `
  select format('%s.%s.%s %s.%s', cn.nspname, c.relname, a.attname, tn.nspname, coalesce(et.typname || '[]', t.typname))
  from pg_attribute a
  join pg_class c on c.oid = a.attrelid
  join pg_namespace cn on cn.oid = c.relnamespace
  join pg_type t on t.oid = a.atttypid
  left join pg_type et on et.oid = t.typelem and t.typcategory = 'A'
  join pg_namespace tn on tn.oid = coalesce(et.typnamespace, t.typnamespace)
  where c.relkind = 'r' and cn.nspname in ('public', 'billing') and a.attnum > 0 and not a.attisdropped
    and coalesce(et.typtype, t.typtype) = 'e'
  order by 1`;

/** One line per finding, for a readable failure when a folder does not check clean. */
function describeFinding(finding: { code: string; object: string; expected: unknown; actual: unknown }): string {
  return `${finding.code} ${finding.object}: expected ${JSON.stringify(finding.expected)} actual ${JSON.stringify(finding.actual)}`;
}

for (const { folder, release, version, dialect, enumColumns } of LEGACY) {
  describe(`test/fixtures-legacy/${folder}: drizzle-kit ${release}, snapshot version ${version}`, () => {
    const fixture = legacyFixture(folder);
    let server: PostgresServer;
    beforeAll(async () => {
      server = await startServer("pg15");
    });
    afterAll(async () => {
      await server?.stop();
    });

    it(`was written by a drizzle-kit that writes version ${version}: journal, entries and every snapshot say so`, () => {
      const journal = JSON.parse(readFileSync(path.join(fixture.migrationsDir, "meta", "_journal.json"), "utf8")) as {
        version: string;
        dialect: string;
        entries: { idx: number; version: string; tag: string }[];
      };
      expect(journal.version).toBe(version);
      expect(journal.dialect).toBe(dialect);
      expect(journal.entries.map((entry) => [entry.idx, entry.version])).toEqual([
        [0, version],
        [1, version],
      ]);
      const snapshots = readdirSync(path.join(fixture.migrationsDir, "meta")).filter((name) => name !== "_journal.json").sort();
      expect(snapshots).toEqual(["0000_snapshot.json", "0001_snapshot.json"]);
      for (const name of snapshots) {
        const snapshot = JSON.parse(readFileSync(path.join(fixture.migrationsDir, "meta", name), "utf8")) as { version: string; dialect: string };
        expect([name, snapshot.version, snapshot.dialect]).toEqual([name, version, dialect]);
      }
      // Both steps were generated: one .sql per journal entry.
      expect(readdirSync(fixture.migrationsDir).filter((name) => name.endsWith(".sql")).sort()).toEqual(journal.entries.map((entry) => `${entry.tag}.sql`));
    });

    it("fully migrated by drizzle-orm's migrator, the check reports zero findings", async () => {
      const db = await server.createDatabase(`legacy_${folder}_clean`);
      try {
        await migrateFixture(db, fixture);
        expect(await readTrackingRows(db)).toEqual(expectedTrackingRows(fixture));
        expect(await db.queryColumn(ENUM_COLUMNS_SQL)).toEqual(enumColumns);

        const result = await check(db, fixture);
        expect(result.error).toBeUndefined();
        expect(result.findings.map(describeFinding)).toEqual([]);
        expect(result.verdict).toBe("pass");
        expect(result.expected).toMatchObject({ layout: "0.x", migrations: 2, expectedFrom: fixture.journal.entries[1]?.tag });
        expect(result.migrations?.applied).toBe(2);
      } finally {
        await db.drop();
      }
    });

    it("without its last migration (tracking row, table and column dropped), exactly that is reported", async () => {
      const db = await server.createDatabase(`legacy_${folder}_pending`);
      try {
        await migrateFixture(db, fixture);
        await db.exec(`
          delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations);
          drop table billing.payments;
          alter table billing.invoices drop column paid_at;
        `);
        expect(await readTrackingRows(db)).toEqual(expectedTrackingRows(fixture, 1));

        const result = await check(db, fixture);
        expect(result.error).toBeUndefined();
        expect(JSON.parse(JSON.stringify(result.findings))).toEqual(expectedPendingFindings(fixture));
        expect(result.verdict).toBe("fail");
        expect(result.migrations?.applied).toBe(1);
      } finally {
        await db.drop();
      }
    });
  });
}

/** The findings when step 2 (`paid_at` + `billing.payments`) has not run: the same for v5 and v6. */
function expectedPendingFindings(fixture: Fixture): unknown[] {
  const last = fixture.journal.entries[1]!;
  const hash = createHash("sha256").update(readFileSync(path.join(fixture.migrationsDir, `${last.tag}.sql`))).digest("hex");
  const column = (name: string, type: string, notNull: boolean, fallback: string | null = null) => ({
    name,
    type,
    notNull,
    default: fallback,
    identity: null,
    generated: null,
  });
  const indexColumn = (expression: string) => ({ expression, isExpression: false, opclass: null, order: "asc", nulls: "last" });
  return [
    {
      code: "MIGRATION_PENDING",
      severity: "error",
      kind: "migration",
      object: last.tag,
      expected: { tag: last.tag, when: last.when, hash },
      actual: null,
      message: `Migration ${last.tag} has not been applied to this database (no row in drizzle.__drizzle_migrations); run \`npx drizzle-kit migrate\` before deploying.`,
      fixSql: null,
      pendingMigration: last.tag,
    },
    {
      code: "COLUMN_MISSING",
      severity: "error",
      kind: "column",
      object: "billing.invoices.paid_at",
      expected: column("paid_at", "timestamp with time zone", false),
      actual: null,
      message: "Column paid_at does not exist in the database; queries that read or write it fail.",
      fixSql: "ALTER TABLE billing.invoices ADD COLUMN paid_at timestamp with time zone;",
      pendingMigration: last.tag,
    },
    {
      code: "TABLE_MISSING",
      severity: "error",
      kind: "table",
      object: "billing.payments",
      expected: {
        schema: "billing",
        name: "payments",
        kind: "table",
        columns: {
          account_id: column("account_id", "integer", true),
          amount: column("amount", "numeric(12,2)", true),
          details: column("details", "jsonb", true, "'{}'::jsonb"),
          id: column("id", "integer", true, "nextval('billing.payments_id_seq'::regclass)"),
          invoice_number: column("invoice_number", "integer", true),
          received_at: column("received_at", "timestamp with time zone", true, "now()"),
        },
        primaryKey: { name: "payments_pkey", columns: ["id"], unnamed: true },
        uniques: {},
        foreignKeys: {
          payments_invoice_fk: {
            name: "payments_invoice_fk",
            columns: ["account_id", "invoice_number"],
            refSchema: "billing",
            refTable: "invoices",
            refColumns: ["account_id", "number"],
            onUpdate: "no action",
            onDelete: "cascade",
          },
        },
        checks: {},
        indexes: {
          payments_invoice_idx: {
            name: "payments_invoice_idx",
            unique: false,
            nullsNotDistinct: false,
            method: "btree",
            columns: [indexColumn("account_id"), indexColumn("invoice_number")],
            where: null,
            with: {},
          },
        },
        rlsEnabled: false,
        policies: {},
      },
      actual: null,
      message: "Table payments does not exist in the database; every query on it fails.",
      fixSql: [
        "CREATE SEQUENCE IF NOT EXISTS billing.payments_id_seq AS integer;",
        "CREATE TABLE billing.payments (",
        "  account_id integer NOT NULL,",
        "  amount numeric(12,2) NOT NULL,",
        "  details jsonb DEFAULT '{}'::jsonb NOT NULL,",
        "  id integer DEFAULT nextval('billing.payments_id_seq'::regclass) NOT NULL,",
        "  invoice_number integer NOT NULL,",
        "  received_at timestamp with time zone DEFAULT now() NOT NULL,",
        "  CONSTRAINT payments_pkey PRIMARY KEY (id)",
        ");",
        "ALTER SEQUENCE billing.payments_id_seq OWNED BY billing.payments.id;",
        "ALTER TABLE billing.payments ADD CONSTRAINT payments_invoice_fk FOREIGN KEY (account_id, invoice_number) REFERENCES billing.invoices(account_id, number) ON DELETE CASCADE;",
        "CREATE INDEX payments_invoice_idx ON billing.payments (account_id, invoice_number);",
      ].join("\n"),
      pendingMigration: last.tag,
    },
  ];
}
