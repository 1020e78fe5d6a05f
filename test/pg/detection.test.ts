/**
 * Completeness of detection, on the PostgreSQL 15 server: the `detection` fixture is migrated once
 * into a template database; each case is a fresh copy of it (CREATE DATABASE … TEMPLATE), one SQL
 * mutation, and the real check, which must report exactly the expected findings.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FINDING_CODES, type FindingCode, type Severity } from "../../src/core/findings.js";
import type { CheckOptions } from "../../src/core/check.js";
import type { FileSource } from "../../src/core/port.js";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import { notGeneratedFindings } from "../../src/core/not-generated.js";
import { SERVER_URL, urlForDatabase } from "../support/pg.js";
import { startServer, type PostgresServer, type ServerDatabase } from "../support/postgres-servers.js";
import { checkFixture, expectedTrackingRows, loadFixture, migrateFixture, readTrackingRows, type Fixture } from "../support/fixtures.js";
import { DETECTION_CASES, FIELD_EXEMPTIONS, modelFields, type ExpectedFinding } from "./detection-cases.js";

/**
 * Every (code, severity) DESIGN.md's findings table defines — a code with two severities is two
 * situations, and each must come from a real mutation, not only from a unit test of the diff.
 */
const DESIGN_SEVERITIES: Record<FindingCode, Severity[]> = {
  SCHEMA_MISSING: ["error"],
  TABLE_MISSING: ["error"],
  VIEW_MISSING: ["error"],
  ENUM_MISSING: ["error"],
  SEQUENCE_MISSING: ["error"],
  COLUMN_MISSING: ["error"],
  ENUM_VALUE_MISSING: ["error"],
  ENUM_VALUE_EXTRA: ["warning"],
  ENUM_ORDER_MISMATCH: ["info"],
  COLUMN_TYPE_MISMATCH: ["error", "warning"],
  COLUMN_NULLABILITY_MISMATCH: ["error", "warning"],
  COLUMN_DEFAULT_MISSING: ["error", "warning"],
  COLUMN_DEFAULT_MISMATCH: ["warning"],
  COLUMN_IDENTITY_MISMATCH: ["warning", "error"],
  COLUMN_GENERATED_MISMATCH: ["warning", "error"],
  COLUMN_EXTRA: ["error", "info"],
  PRIMARY_KEY_MISMATCH: ["error"],
  UNIQUE_MISSING: ["error"],
  UNIQUE_EXTRA: ["warning"],
  FOREIGN_KEY_MISSING: ["warning"],
  FOREIGN_KEY_EXTRA: ["warning"],
  FOREIGN_KEY_ACTION_MISMATCH: ["error", "warning"],
  CHECK_MISSING: ["warning"],
  CHECK_EXTRA: ["warning"],
  CHECK_DEFINITION_MISMATCH: ["warning"],
  INDEX_MISSING: ["warning"],
  INDEX_DEFINITION_MISMATCH: ["warning"],
  INDEX_EXTRA: ["info"],
  TABLE_EXTRA: ["info"],
  VIEW_EXTRA: ["info"],
  ENUM_EXTRA: ["info"],
  SEQUENCE_EXTRA: ["info"],
  SCHEMA_EXTRA: ["info"],
  VIEW_DEFINITION_MISMATCH: ["warning"],
  RLS_DISABLED: ["error"],
  RLS_EXTRA: ["warning"],
  POLICY_MISSING: ["error"],
  POLICY_MISMATCH: ["error"],
  POLICY_EXTRA: ["warning"],
  NAME_MISMATCH: ["info"],
  MIGRATION_PENDING: ["error", "info"],
  MIGRATION_SKIPPED: ["error"],
  MIGRATION_EDITED: ["warning"],
  MIGRATION_UNKNOWN: ["warning"],
  MIGRATIONS_TABLE_MISSING: ["error", "info"],
  SNAPSHOT_STALE: ["warning"],
  SNAPSHOT_MISSING: ["info"],
  MIGRATION_FILE_UNLISTED: ["info"],
  CUSTOM_MIGRATION: ["info"],
  MIGRATION_NOT_GENERATED: ["error"],
  QUERY_PROBE_FAILED: ["error"],
};

/** A folder whose second migration is hand-written SQL (`drizzle-kit generate --custom`). */
const CUSTOM_MIGRATION_EXPECTED: ExpectedFinding[] = [
  ["CUSTOM_MIGRATION", "info", "0001_partitions"],
  ["TABLE_EXTRA", "info", "public.measurements"],
];

/**
 * MIGRATION_NOT_GENERATED compares the schema source with the newest snapshot, not the database:
 * here the fixture's own newest snapshot, against the same snapshot without one column (the
 * drizzle-kit side and one test per object kind: test/pg/not-generated.test.ts).
 */
const NOT_GENERATED_EXPECTED: ExpectedFinding[] = [["MIGRATION_NOT_GENERATED", "error", "public.items.memo"]];

interface MigrationCase {
  name: string;
  sql: string;
  options?: Partial<CheckOptions>;
  /** Replace the drizzle folder the check reads (folder-level findings). */
  files?: (fixture: Fixture) => FileSource;
  expected: (ExpectedFinding | [...ExpectedFinding, string | null])[];
}

const MIGRATIONS = "drizzle.__drizzle_migrations";
const MIGRATION_CASES: MigrationCase[] = [
  {
    name: "the last migration is not recorded and its table is absent",
    sql: `DELETE FROM ${MIGRATIONS} WHERE id = (SELECT max(id) FROM ${MIGRATIONS}); DROP TABLE later`,
    expected: [
      ["MIGRATION_PENDING", "error", "0001_later", "0001_later"],
      ["TABLE_MISSING", "error", "public.later", "0001_later"],
    ],
  },
  {
    name: "the same with migrationsRunOnDeploy: the deploy fixes it",
    sql: `DELETE FROM ${MIGRATIONS} WHERE id = (SELECT max(id) FROM ${MIGRATIONS}); DROP TABLE later`,
    options: { migrationsRunOnDeploy: true },
    expected: [
      ["MIGRATION_PENDING", "info", "0001_later", "0001_later"],
      ["TABLE_MISSING", "info", "public.later", "0001_later"],
    ],
  },
  {
    name: "an older entry is missing while a newer one is recorded",
    sql: `DELETE FROM ${MIGRATIONS} WHERE id = (SELECT min(id) FROM ${MIGRATIONS})`,
    expected: [["MIGRATION_SKIPPED", "error", "0000_base"]],
  },
  {
    name: "an applied migration's file changed since",
    sql: `UPDATE ${MIGRATIONS} SET hash = md5(hash) WHERE id = (SELECT min(id) FROM ${MIGRATIONS})`,
    expected: [["MIGRATION_EDITED", "warning", "0000_base"]],
  },
  {
    name: "the database has a migration the code does not know",
    sql: `INSERT INTO ${MIGRATIONS} (hash, created_at) VALUES (md5('unknown'), 4102444800000)`,
    expected: [["MIGRATION_UNKNOWN", "warning", "drizzle.__drizzle_migrations#3"]],
  },
  {
    name: "no migrations table",
    sql: `DROP TABLE ${MIGRATIONS}`,
    expected: [["MIGRATIONS_TABLE_MISSING", "error", "drizzle.__drizzle_migrations"]],
  },
  {
    name: "no migrations table, push workflow",
    sql: `DROP TABLE ${MIGRATIONS}`,
    options: { migrations: "push" },
    expected: [["MIGRATIONS_TABLE_MISSING", "info", "drizzle.__drizzle_migrations"]],
  },
  {
    name: "a query probe reads a column the database lacks",
    sql: `ALTER TABLE items DROP COLUMN memo`,
    options: { probes: [{ name: "item-memos", sql: "SELECT id, memo FROM items WHERE qty > $1", paramTypes: ["integer"] }] },
    expected: [
      ["QUERY_PROBE_FAILED", "error", "item-memos"],
      ["COLUMN_MISSING", "error", "public.items.memo"],
    ],
  },
  {
    name: "the newest migration has no snapshot",
    sql: ``,
    files: (fixture) => withoutFile(createDiskFileSource(fixture.migrationsDir), "meta/0001_snapshot.json"),
    expected: [
      ["SNAPSHOT_STALE", "warning", "0001_later"],
      ["TABLE_EXTRA", "info", "public.later"],
    ],
  },
  {
    name: "a migration in the middle of the journal has no snapshot",
    sql: ``,
    files: (fixture) => withoutFile(createDiskFileSource(fixture.migrationsDir), "meta/0000_snapshot.json"),
    expected: [["SNAPSHOT_MISSING", "info", "0000_base"]],
  },
  {
    name: "a .sql file the journal does not list",
    sql: ``,
    files: (fixture) => withExtraFile(createDiskFileSource(fixture.migrationsDir), "0002_stray.sql", "ALTER TABLE items ADD COLUMN stray text;"),
    expected: [["MIGRATION_FILE_UNLISTED", "info", "0002_stray.sql"]],
  },
];

describe("completeness of detection (PostgreSQL 15)", () => {
  const fixture = loadFixture("detection");
  let server: PostgresServer;
  let template: ServerDatabase;

  beforeAll(async () => {
    server = await startServer("pg15");
    template = await server.createDatabase("h4_det_tmpl");
    await migrateFixture(template, fixture);
  });
  afterAll(async () => {
    await template?.drop();
    await server?.stop();
  });

  it("every model field has a mutation (or a stated exemption)", () => {
    const fields = modelFields();
    const covered = new Set(DETECTION_CASES.map((c) => c.field));
    const missing = fields.filter((field) => !covered.has(field) && !(field in FIELD_EXEMPTIONS));
    expect(missing, "model fields without a detection case").toEqual([]);
    // And no case names a field the model does not have (a typo would hide a gap).
    const known = (field: string) => fields.some((f) => f === field || f.startsWith(`${field}.`));
    expect(DETECTION_CASES.map((c) => c.field).filter((field) => !known(field))).toEqual([]);
    expect(Object.keys(FIELD_EXEMPTIONS).filter((field) => !fields.includes(field))).toEqual([]);
  });

  it("every finding code, at every severity DESIGN.md gives it, is produced by some mutation", () => {
    expect(Object.keys(DESIGN_SEVERITIES).sort(), "one entry per finding code").toEqual([...FINDING_CODES].sort());
    const produced = new Set<string>(
      [...DETECTION_CASES.flatMap((c) => c.expected), ...MIGRATION_CASES.flatMap((c) => c.expected), ...CUSTOM_MIGRATION_EXPECTED, ...NOT_GENERATED_EXPECTED].map(
        ([code, severity]) => `${code} ${severity}`,
      ),
    );
    const designed = Object.entries(DESIGN_SEVERITIES).flatMap(([code, severities]) => severities.map((severity) => `${code} ${severity}`));
    expect(designed.filter((pair) => !produced.has(pair)), "(code, severity) pairs no mutation produces").toEqual([]);
    // And the other way: no case expects a severity DESIGN.md does not give its code, except the
    // downgrade to info when the deploy runs the pending migration itself (migrationsRunOnDeploy).
    const cases: { expected: (ExpectedFinding | [...ExpectedFinding, string | null])[]; deployRunsMigrations: boolean }[] = [
      ...DETECTION_CASES.map((c) => ({ expected: c.expected, deployRunsMigrations: false })),
      ...MIGRATION_CASES.map((c) => ({ expected: c.expected, deployRunsMigrations: c.options?.migrationsRunOnDeploy === true })),
      { expected: CUSTOM_MIGRATION_EXPECTED, deployRunsMigrations: false },
      { expected: NOT_GENERATED_EXPECTED, deployRunsMigrations: false },
    ];
    const undesigned = cases.flatMap((c) =>
      c.expected.map(([code, severity]) => `${code} ${severity}`).filter((pair) => !designed.includes(pair) && !(c.deployRunsMigrations && pair.endsWith(" info"))),
    );
    expect(undesigned, "pairs DESIGN.md does not define").toEqual([]);
  });

  it("the migrated base checks clean and drizzle recorded every migration", async () => {
    expect(await readTrackingRows(template)).toEqual(expectedTrackingRows(fixture));
    const result = await checkFixture(template, fixture);
    expect(result.error).toBeUndefined();
    expect(result.findings).toEqual([]);
  });

  for (const testCase of DETECTION_CASES) {
    it(`${testCase.field}: ${testCase.sql}`, async () => {
      const db = await copyOf(template.name);
      try {
        await db.exec(testCase.sql);
        const result = await checkFixture(db.database, fixture);
        expect(result.error).toBeUndefined();
        expect(sortTriples(result.findings.map((f) => [f.code, f.severity, f.object]))).toEqual(sortTriples(testCase.expected));
      } finally {
        await db.drop();
      }
    });
  }

  for (const testCase of MIGRATION_CASES) {
    it(`migrations: ${testCase.name}`, async () => {
      const db = await copyOf(template.name);
      try {
        if (testCase.sql) await db.exec(testCase.sql);
        const result = testCase.files
          ? await checkWithFiles(db.database, testCase.files(fixture), testCase.options)
          : await checkFixture(db.database, fixture, testCase.options ?? {});
        expect(result.error).toBeUndefined();
        const withPending = testCase.expected.some((e) => e.length === 4);
        const actual = result.findings.map((f) => (withPending ? [f.code, f.severity, f.object, f.pendingMigration] : [f.code, f.severity, f.object]));
        expect(sortTriples(actual)).toEqual(sortTriples(testCase.expected));
      } finally {
        await db.drop();
      }
    });
  }

  it("the schema source adds a column the newest snapshot lacks: MIGRATION_NOT_GENERATED, error", async () => {
    const folder = await readDrizzleFolder(createDiskFileSource(fixture.migrationsDir));
    const snapshot = structuredClone(folder.expected);
    delete snapshot.tables["public.items"]!.columns["memo"];
    const findings = notGeneratedFindings(folder.expected, snapshot, "src/schema.ts");
    expect(sortTriples(findings.map((f) => [f.code, f.severity, f.object]))).toEqual(sortTriples(NOT_GENERATED_EXPECTED));
  });

  it("migrations: a hand-written (--custom) migration is CUSTOM_MIGRATION, info", async () => {
    const partitioned = loadFixture("partitioned");
    const db = await server.createDatabase("h4_det_custom");
    try {
      await migrateFixture(db, partitioned);
      const result = await checkFixture(db, partitioned);
      expect(sortTriples(result.findings.map((f) => [f.code, f.severity, f.object]))).toEqual(sortTriples(CUSTOM_MIGRATION_EXPECTED));
    } finally {
      await db.drop();
    }
  });
});

function sortTriples(rows: unknown[][]): string[] {
  return rows.map((row) => row.map((v) => String(v)).join(" | ")).sort();
}

/** A copy of the migrated template: much faster than migrating again. */
async function copyOf(templateName: string): Promise<{ database: ServerDatabase; exec(sql: string): Promise<void>; drop(): Promise<void> }> {
  const name = `h4_det_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await admin(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
  const url = urlForDatabase(name);
  const exec = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const drop = () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  const database: ServerDatabase = {
    server: "pg15",
    name,
    url,
    pglite: null,
    exec,
    async queryColumn() {
      throw new Error("not used");
    },
    drop,
  };
  return { database, exec, drop };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withoutFile(files: FileSource, hidden: string): FileSource {
  return {
    readText: (path) => (path === hidden ? Promise.resolve(null) : files.readText(path)),
    list: async (dir) => {
      const entries = await files.list(dir);
      return entries.filter((entry) => (dir ? `${dir}/${entry}` : entry) !== hidden);
    },
    describe: () => files.describe(),
  };
}

function withExtraFile(files: FileSource, added: string, text: string): FileSource {
  return {
    readText: (path) => (path === added ? Promise.resolve(text) : files.readText(path)),
    list: async (dir) => {
      const entries = await files.list(dir);
      return dir === "" ? [...entries, added].sort() : entries;
    },
    describe: () => files.describe(),
  };
}

async function checkWithFiles(db: ServerDatabase, files: FileSource, options: Partial<CheckOptions> = {}) {
  const { runCheck, DEFAULT_OPTIONS } = await import("../../src/core/check.js");
  const { executorFor } = await import("../support/fixtures.js");
  return runCheck({ database: executorFor(db), expected: { kind: "folder", files }, options: { ...DEFAULT_OPTIONS, ...options }, now: () => 0 });
}
