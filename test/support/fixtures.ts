/**
 * Golden fixture folders (test/fixtures/<case>/) and how a test uses them: apply the case's
 * drizzle-kit migrations with drizzle-orm 0.45's own migrator, assert the tracking rows it wrote,
 * mutate, and run the real check pipeline over the folder.
 *
 * A case folder holds:
 *   schema*.ts / custom.*.sql   the drizzle schema versions (see scripts/generate-fixtures.ts)
 *   migrations/                 drizzle-kit 0.31 output, committed
 *   fixture.json                optional options, see FixtureOptions
 *   setup.sql                   optional SQL run before migrating (what a platform provisions
 *                               outside drizzle's migrations, e.g. CREATE EXTENSION)
 *   mutate.sql                  optional SQL run after migrating, to create drift
 *   expected-findings.json      the exact findings of the golden run (deep-equal)
 *   expected-report.md          its Markdown report
 * Goldens are rewritten by UPDATE_GOLDENS=1 (refused under CI=true).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { drizzle as drizzleNodePostgres } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePostgres } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePGlite } from "drizzle-orm/pglite";
import { migrate as migratePGlite } from "drizzle-orm/pglite/migrator";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { createNodePostgresExecutor } from "../../src/adapters/node-postgres/index.js";
import { createPGliteExecutor } from "../../src/adapters/pglite/index.js";
import { DEFAULT_OPTIONS, runCheck, type CheckOptions, type CheckResult } from "../../src/core/check.js";
import type { ReadOnlyExecutor } from "../../src/core/port.js";
import type { ServerDatabase, ServerName } from "./postgres-servers.js";

export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

export interface FixtureOptions {
  /** Servers the case runs on; default all. (pgvector: PGlite only; PostGIS: the PG15 server.) */
  servers?: ServerName[];
  /** Extension the case needs; the case fails loudly when the server lacks it. */
  requiresExtension?: string;
  /** Golden run only: apply just the first N migrations (the seed case stops before the last). */
  applyMigrations?: number;
  /** Golden run only: options for runCheck on top of DEFAULT_OPTIONS. */
  check?: Partial<CheckOptions>;
  /**
   * Findings a fully migrated database has by design, listed exactly (code + object) so the
   * round trip still asserts the complete set: e.g. a `--custom` migration is CUSTOM_MIGRATION
   * (info) and the tables it creates are in no snapshot (TABLE_EXTRA, info).
   */
  inherentFindings?: { code: string; object: string }[];
  /** drizzle-kit's `migrations.prefix` the case was generated with (scripts/generate-fixtures.ts); default index. */
  prefix?: "index" | "timestamp" | "supabase" | "unix" | "none";
}

export interface Fixture {
  name: string;
  dir: string;
  migrationsDir: string;
  options: FixtureOptions;
  setupSql: string | null;
  mutateSql: string | null;
  journal: Journal;
}

export interface Journal {
  dialect: string;
  entries: { idx: number; when: number; tag: string; breakpoints: boolean }[];
}

export function listFixtures(): Fixture[] {
  return readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(FIXTURES_DIR, entry.name, "migrations")))
    .map((entry) => loadFixture(entry.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function loadFixture(name: string): Fixture {
  const dir = path.join(FIXTURES_DIR, name);
  const migrationsDir = path.join(dir, "migrations");
  const optionsPath = path.join(dir, "fixture.json");
  const mutatePath = path.join(dir, "mutate.sql");
  const setupPath = path.join(dir, "setup.sql");
  return {
    name,
    dir,
    migrationsDir,
    options: existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, "utf8")) as FixtureOptions) : {},
    setupSql: existsSync(setupPath) ? readFileSync(setupPath, "utf8") : null,
    mutateSql: existsSync(mutatePath) ? readFileSync(mutatePath, "utf8") : null,
    journal: JSON.parse(readFileSync(path.join(migrationsDir, "meta", "_journal.json"), "utf8")) as Journal,
  };
}

export function runsOn(fixture: Fixture, server: ServerName): boolean {
  return !fixture.options.servers || fixture.options.servers.includes(server);
}

/** Golden cases: the ones that create drift or stop migrating early. */
export function isGoldenCase(fixture: Fixture): boolean {
  return fixture.mutateSql !== null || fixture.options.applyMigrations !== undefined;
}

/**
 * Apply the case's migrations with drizzle-orm's own migrator. `upTo` applies only the first N
 * journal entries (from a copy of the folder with a shortened journal).
 */
export async function migrateFixture(db: ServerDatabase, fixture: Fixture, upTo?: number): Promise<void> {
  if (fixture.setupSql) await db.exec(fixture.setupSql);
  let folder = fixture.migrationsDir;
  let scratch: string | null = null;
  if (upTo !== undefined && upTo < fixture.journal.entries.length) {
    scratch = await mkdtemp(path.join(tmpdir(), `driftcheck-${fixture.name}-`));
    await cp(fixture.migrationsDir, scratch, { recursive: true });
    const journal = { ...fixture.journal, entries: fixture.journal.entries.slice(0, upTo) };
    await writeFile(path.join(scratch, "meta", "_journal.json"), JSON.stringify(journal, null, 2));
    folder = scratch;
  }
  try {
    if (db.pglite) {
      await migratePGlite(drizzlePGlite(db.pglite), { migrationsFolder: folder });
    } else {
      const pool = new pg.Pool({ connectionString: db.url ?? undefined, max: 1 });
      try {
        await migrateNodePostgres(drizzleNodePostgres(pool), { migrationsFolder: folder });
      } finally {
        await pool.end();
      }
    }
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

export interface TrackingRow {
  hash: string;
  createdAt: string;
}

/** What drizzle's migrator must have written for the first `count` journal entries. */
export function expectedTrackingRows(fixture: Fixture, count = fixture.journal.entries.length): TrackingRow[] {
  return fixture.journal.entries.slice(0, count).map((entry) => ({
    hash: createHash("sha256").update(readFileSync(path.join(fixture.migrationsDir, `${entry.tag}.sql`))).digest("hex"),
    createdAt: String(entry.when),
  }));
}

export async function readTrackingRows(db: ServerDatabase): Promise<TrackingRow[]> {
  const rows = await db.queryColumn(
    `select hash || ' ' || created_at::text from drizzle.__drizzle_migrations order by id`,
  );
  return rows.map((row) => {
    const [hash = "", createdAt = ""] = (row ?? "").split(" ");
    return { hash, createdAt };
  });
}

export function executorFor(db: ServerDatabase): ReadOnlyExecutor {
  if (db.pglite) return createPGliteExecutor(db.pglite);
  if (!db.url) throw new Error("database has neither url nor pglite");
  return createNodePostgresExecutor(db.url);
}

export async function checkFixture(db: ServerDatabase, fixture: Fixture, options: Partial<CheckOptions> = {}): Promise<CheckResult> {
  return runCheck({
    database: executorFor(db),
    expected: { kind: "folder", files: createDiskFileSource(fixture.migrationsDir, `test/fixtures/${fixture.name}/migrations`) },
    options: { ...DEFAULT_OPTIONS, ...options },
    // A fixed clock keeps timings (and so the reports) deterministic.
    now: () => 0,
  });
}

export function readGolden(fixture: Fixture): { findings: unknown; report: string } | null {
  const findingsPath = path.join(fixture.dir, "expected-findings.json");
  const reportPath = path.join(fixture.dir, "expected-report.md");
  if (!existsSync(findingsPath) || !existsSync(reportPath)) return null;
  return { findings: JSON.parse(readFileSync(findingsPath, "utf8")), report: readFileSync(reportPath, "utf8") };
}

export function updatingGoldens(): boolean {
  if (process.env.UPDATE_GOLDENS !== "1") return false;
  if (process.env.CI === "true") throw new Error("UPDATE_GOLDENS=1 refuses to run with CI=true: CI checks goldens, it never rewrites them.");
  return true;
}

export function writeGolden(fixture: Fixture, findings: unknown, report: string): void {
  writeFileSync(path.join(fixture.dir, "expected-findings.json"), `${JSON.stringify(findings, null, 2)}\n`);
  writeFileSync(path.join(fixture.dir, "expected-report.md"), report);
}
