/**
 * Real-world evaluation (issue 11, "Prove it" / "Measure it"): for each drizzle migrations folder of
 * the manifest (public projects fetched OUTSIDE the repository, see README.md), create a fresh
 * database on the local PostgreSQL, apply every migration with drizzle-orm's own migrator, run the
 * built driftcheck CLI (`check --expected snapshot --format json`, then `check --expected replay`), list every finding,
 * and drop the database. A person judges the findings; this script only gathers them.
 *
 *   npx tsx bench/realworld/evaluate.ts [--src DIR] [--only a,b] [--skip-build] [--no-replay]
 *                                       [--replay-on pglite|server] [--out DIR]
 *
 * Writes <out>/results.json (machine-readable, every finding in full) and <out>/summary.md.
 * Projects run one after another: the machine's cores are shared.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { applyMigrations, countTables, execSql, type Layout } from "./apply.js";
import { startPgliteServer } from "./pglite-server.js";
import { renderSummary, type Judgement } from "./summary.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "../..");
const SERVER_URL = process.env.DRIFTCHECK_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const DB_PREFIX = "driftcheck_rw_";
const CLI_TIMEOUT_MS = 10 * 60_000;

export interface ManifestEntry {
  name: string;
  repo: string;
  commit: string;
  /** The migrations folder inside the repository. */
  folder: string;
  layout: Layout;
  migrationsTable?: string;
  /** Relative to bench/realworld/. */
  prelude?: string;
  /**
   * Where the project is migrated and checked: the local PostgreSQL (default), or an in-memory
   * PGlite served on a local port, for folders needing an extension the server lacks (pgvector).
   */
  server?: "postgres" | "pglite";
  /**
   * SQL passed as `--replay-prelude` to `--expected replay` (relative to bench/realworld/), when the
   * replay needs something other than `prelude` (default: `prelude`; `""` for none).
   */
  replayPrelude?: string;
  /** Where this folder's replay runs when not where `--replay-on` says (e.g. PostGIS: only the server has it). */
  replayOn?: "pglite" | "server";
  notes?: string;
}

export interface ReportedFinding {
  code: string;
  severity: string;
  kind: string;
  object: string;
  expected: unknown;
  actual: unknown;
  message: string;
  fixSql: string | null;
}

export interface CliRun {
  args: string[];
  exitCode: number | null;
  ms: number;
  verdict: string | null;
  expectedSource: unknown;
  findings: ReportedFinding[];
  /** The result's error (verdict "error") or the process's stderr when it printed no JSON. */
  error: unknown;
}

export interface ProjectResult {
  entry: ManifestEntry;
  folderOnDisk: string;
  migrations: number;
  skipped?: string;
  server: "postgres" | "pglite";
  prelude?: { ok: boolean; error?: string };
  apply?: { ok: boolean; ms: number; tables?: number; error?: string };
  check?: CliRun;
  replay?: CliRun;
}

const { values: flags } = parseArgs({
  options: {
    src: { type: "string", default: "/work/realworld-src" },
    only: { type: "string" },
    "skip-build": { type: "boolean", default: false },
    "no-replay": { type: "boolean", default: false },
    "replay-on": { type: "string", default: "pglite" },
    out: { type: "string", default: join(here, "results") },
    manifest: { type: "string", default: join(here, "manifest.json") },
    judgements: { type: "string", default: join(here, "judgements.json") },
  },
});

function loadManifest(path: string): ManifestEntry[] {
  const parsed = JSON.parse(readFileSync(path, "utf8")) as { projects?: ManifestEntry[] };
  if (!Array.isArray(parsed.projects)) throw new Error(`${path}: expected { "projects": [...] }`);
  return parsed.projects;
}

function countMigrations(folder: string, layout: Layout): number {
  if (layout === "1.x") {
    return readdirSync(folder, { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(join(folder, e.name, "migration.sql"))).length;
  }
  const journal = JSON.parse(readFileSync(join(folder, "meta/_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message.split("\n")[0]} — ${cause.message}` : error.message;
  }
  return String(error);
}

async function withAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function dropLeftovers(): Promise<void> {
  await withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${DB_PREFIX}%`]);
    for (const row of rows) await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
  });
}

function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Spawns the built CLI in an empty directory, so no driftcheck.json or drizzle.config.* of ours applies. */
function runCli(args: string[]): Promise<CliRun> {
  const cwd = mkdtempSync(join(tmpdir(), "driftcheck-rw-"));
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [join(repoRoot, "bin/driftcheck.js"), ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), CLI_TIMEOUT_MS);
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      rmSync(cwd, { recursive: true, force: true });
      const run: CliRun = { args, exitCode, ms: Date.now() - started, verdict: null, expectedSource: null, findings: [], error: null };
      try {
        const result = JSON.parse(stdout) as {
          verdict: string;
          findings: ReportedFinding[];
          error: unknown;
          expected?: unknown;
        };
        run.verdict = result.verdict;
        run.expectedSource = result.expected ?? null;
        run.findings = result.findings.map(({ code, severity, kind, object, expected, actual, message, fixSql }) => ({
          code, severity, kind, object, expected, actual, message, fixSql,
        }));
        run.error = result.error ?? null;
      } catch {
        run.error = { stderr: stderr.trim().slice(0, 4000), stdout: stdout.trim().slice(0, 1000) };
      }
      resolvePromise(run);
    });
  });
}

function cliSupports(flag: string): boolean {
  const help = spawnSync(process.execPath, [join(repoRoot, "bin/driftcheck.js"), "--help"], { encoding: "utf8" });
  return `${help.stdout}${help.stderr}`.includes(flag);
}

/** Every .sql file of the folder (both layouts), for the role names its statements create. */
function sqlFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith(".sql")) out.push(join(folder, entry.name));
    else if (entry.isDirectory() && existsSync(join(folder, entry.name, "migration.sql"))) out.push(join(folder, entry.name, "migration.sql"));
  }
  return out;
}

/** Role names a folder's (or prelude's) `CREATE ROLE` statements name, lower-cased unless quoted. */
function rolesCreatedBy(files: string[]): Set<string> {
  const roles = new Set<string>();
  for (const file of files) {
    for (const match of readFileSync(file, "utf8").matchAll(/create\s+role\s+(?:if\s+not\s+exists\s+)?("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)/gi)) {
      const raw = match[1]!;
      roles.add(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw.toLowerCase());
    }
  }
  return roles;
}

/**
 * Roles are cluster-wide: a project's migrations that create roles (Supabase-style `authenticated`,
 * `anon`) would leave them on the shared server after its database is dropped, and the next run's
 * unconditional CREATE ROLE would fail. Drops the roles this project's SQL names that did not exist
 * before it ran (never any other role).
 */
async function rolesCleanup(files: string[]): Promise<() => Promise<void>> {
  const named = rolesCreatedBy(files);
  if (named.size === 0) return async () => {};
  const existing = await withAdmin(async (client) => {
    const { rows } = await client.query<{ rolname: string }>(`select rolname from pg_roles where rolname = any($1)`, [[...named]]);
    return new Set(rows.map((r) => r.rolname));
  });
  const ours = [...named].filter((role) => !existing.has(role));
  return () =>
    withAdmin(async (client) => {
      for (const role of ours) await client.query(`DROP ROLE IF EXISTS "${role.replace(/"/g, '""')}"`);
    });
}

/** A fresh database for one project, and how to get rid of it. */
async function freshDatabase(entry: ManifestEntry): Promise<{ url: string; dispose(): Promise<void> }> {
  if (entry.server === "pglite") {
    const server = await startPgliteServer(repoRoot);
    return { url: server.url, dispose: () => server.stop() };
  }
  const name = `${DB_PREFIX}${entry.name.replace(/[^a-z0-9]+/gi, "_").toLowerCase()}_${Date.now().toString(36)}`;
  const folder = join(flags.src!, entry.name, entry.folder);
  const dropRoles = await rolesCleanup([...sqlFiles(folder), ...(entry.prelude ? [join(here, entry.prelude)] : [])]);
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    url: databaseUrl(name),
    async dispose() {
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      await dropRoles();
    },
  };
}

async function evaluate(entry: ManifestEntry, replayPreludeFlag: boolean): Promise<ProjectResult> {
  const folder = join(flags.src!, entry.name, entry.folder);
  const result: ProjectResult = { entry, folderOnDisk: folder, migrations: 0, server: entry.server ?? "postgres" };
  if (!existsSync(folder)) {
    result.skipped = `folder not found: ${folder} (run bench/realworld/extract.ts first)`;
    return result;
  }
  result.migrations = countMigrations(folder, entry.layout);
  const database = await freshDatabase(entry);
  const url = database.url;
  try {
    const prelude = entry.prelude ? join(here, entry.prelude) : undefined;
    if (prelude) {
      try {
        await execSql(url, readFileSync(prelude, "utf8"));
        result.prelude = { ok: true };
      } catch (error) {
        result.prelude = { ok: false, error: messageOf(error) };
        return result;
      }
    }
    const started = Date.now();
    try {
      await applyMigrations(url, { folder, layout: entry.layout, migrationsTable: entry.migrationsTable });
      result.apply = { ok: true, ms: Date.now() - started, tables: await countTables(url) };
    } catch (error) {
      result.apply = { ok: false, ms: Date.now() - started, error: messageOf(error) };
      return result;
    }
    const common = ["check", "--database-url", url, "--drizzle", folder, "--format", "json", "--fail-on", "info"];
    if (entry.migrationsTable) common.push("--migrations-table", entry.migrationsTable);
    // The default `--expected auto` would replay whenever the snapshot is stale: the snapshot-based
    // check is measured on its own, explicitly, and the replay separately below.
    result.check = await runCli([...common, "--expected", "snapshot"]);
    if (!flags["no-replay"]) {
      const replayArgs = [...common, "--expected", "replay"];
      if ((entry.replayOn ?? flags["replay-on"]) === "server") replayArgs.push("--scratch-url", SERVER_URL);
      const replayPrelude = entry.replayPrelude === undefined ? prelude : entry.replayPrelude ? join(here, entry.replayPrelude) : undefined;
      if (replayPrelude && replayPreludeFlag) replayArgs.push("--replay-prelude", replayPrelude);
      result.replay = await runCli(replayArgs);
    }
    return result;
  } finally {
    await database.dispose();
  }
}

function driftcheckCommit(): string {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" });
  const dirty = spawnSync("git", ["status", "--porcelain", "--", "src"], { cwd: repoRoot, encoding: "utf8" });
  return `${head.stdout.trim()}${dirty.stdout.trim() ? " (src modified)" : ""}`;
}

/** A person's verdicts from an earlier run, so summary.md shows which findings are new (unjudged). */
function loadJudgements(path: string): Judgement[] {
  if (!existsSync(path)) return [];
  return (JSON.parse(readFileSync(path, "utf8")) as { judgements: Judgement[] }).judgements;
}

function writeOutputs(results: ProjectResult[]): void {
  mkdirSync(flags.out!, { recursive: true });
  const meta = { generatedAt: new Date().toISOString(), driftcheck: driftcheckCommit(), server: SERVER_URL.replace(/\/\/[^@]*@/, "//"), replayOn: flags["replay-on"]! };
  writeFileSync(join(flags.out!, "results.json"), `${JSON.stringify({ ...meta, projects: results }, null, 2)}\n`);
  writeFileSync(join(flags.out!, "summary.md"), renderSummary(meta, results, loadJudgements(flags.judgements!)));
}

async function main(): Promise<void> {
  if (flags["replay-on"] !== "pglite" && flags["replay-on"] !== "server") {
    throw new Error(`--replay-on must be pglite or server, not ${flags["replay-on"]}`);
  }
  if (!flags["skip-build"]) {
    const build = spawnSync("npm", ["run", "build"], { cwd: repoRoot, stdio: "inherit" });
    if (build.status !== 0) throw new Error("npm run build failed");
  }
  let entries = loadManifest(flags.manifest!);
  if (flags.only) {
    const wanted = new Set(flags.only.split(","));
    entries = entries.filter((e) => wanted.has(e.name));
    if (entries.length === 0) throw new Error(`--only ${flags.only}: no such project in the manifest`);
  }
  const replayPreludeFlag = cliSupports("--replay-prelude");
  await dropLeftovers();
  const onSignal = (): void => {
    void dropLeftovers().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const results: ProjectResult[] = [];
  for (const entry of entries) {
    const started = Date.now();
    process.stderr.write(`${entry.name}: `);
    const result = await evaluate(entry, replayPreludeFlag);
    results.push(result);
    const note = result.skipped ?? (result.apply?.ok === false ? `apply failed: ${result.apply.error}` : `check ${result.check?.findings.length ?? "?"} findings (exit ${result.check?.exitCode}), replay ${result.replay ? `${result.replay.findings.length} findings (exit ${result.replay.exitCode})` : "skipped"}`);
    process.stderr.write(`${note} [${((Date.now() - started) / 1000).toFixed(1)} s]\n`);
    // Written after every project, so a long run can be read (and an interrupted one kept) as it goes.
    writeOutputs(results);
  }
  process.stderr.write(`wrote ${join(flags.out!, "results.json")} and summary.md\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`evaluate: ${messageOf(error)}\n`);
  void dropLeftovers().finally(() => process.exit(1));
});
