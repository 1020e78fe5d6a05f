/**
 * The edge service's outside world, locally (Node side; never bundled into the Worker): the
 * stand-in GitHub (App JWT + installation tokens, real git objects), the stand-in Neon API
 * (projects, branches, endpoints) and the Neon SQL-over-HTTP stand-in over real PostgreSQL 15
 * (`pg`: one database per Neon branch) or one PGlite (`pglite`: `npm start`, nothing to install).
 *
 * Used by the workerd e2e tests' globalSetup (through a small control server) and by
 * `npm start`. Branch databases are migrated with drizzle-orm's own migrator, the last migration
 * left out where asked — exactly what a deploy that "forgot" to migrate leaves behind: drizzle-orm
 * 0.x's for a drizzle-kit 0.x folder (meta/_journal.json), drizzle-orm 1.x's (tools/drizzle-kit-1)
 * for a 1.x folder (one `<timestamp>_<name>/` per migration), told apart by driftcheck's own
 * detectLayout.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { detectLayout } from "../../src/core/drizzle/index.js";
import { migrate1xPg, migrate1xPglite } from "./drizzle-orm-1x.js";
import { generateTestAppKeys, readDirectoryFiles, startGitHubStandIn, type GitHubStandIn, type StandInInstallation } from "./github-server.js";
import { startNeonApiServer, type NeonApiServer, type StandInProject } from "./neon-api-server.js";
import { pgBackend, pgliteBackend, startNeonHttpServer, type NeonHttpServer, type RecordedNeonRequest } from "./neon-http-server.js";
import { createTestDatabase, SERVER_URL, type TestDatabase } from "./pg.js";
import { startVercelStandIn, type VercelStandIn } from "./vercel-server.js";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const EXAMPLE_DIR = join(REPO_ROOT, "examples", "soundcloud");
export const EXAMPLE_DRIZZLE_DIR = join(EXAMPLE_DIR, "drizzle");

export const APP_ID = 123456;
export const INSTALLATION_ID = 4242;
export const DEFAULT_PROJECT_ID = "proj-driftcheck-local";
/** The read-only role the Worker connects as (PROTOCOLS.md: a role created in SQL). */
export const READONLY_ROLE = "driftcheck_readonly";
export const DATABASE_NAME = "neondb";

export interface EdgeSecrets {
  neonApiKey: string;
  readOnlyPassword: string;
  /** Bearer token the stand-in Vercel API accepts (VERCEL_TOKEN). */
  vercelToken: string;
}

export interface BranchSpec {
  projectId: string;
  name: string;
  default?: boolean;
  /** `all-but-last` (the drift), `all`, or `unreachable` (the endpoint's compute cannot be reached). */
  state: "all-but-last" | "all" | "unreachable";
}

export interface BranchHandle {
  id: string;
  host: string;
  /** Applies every migration (the fix). */
  migrateAll(): Promise<void>;
  /** Runs SQL on the branch as its owner: drift introduced out of band (`ALTER TABLE … DROP COLUMN`). */
  execute(sql: string): Promise<void>;
  /** Reads rows from the branch as its owner (what a test checks the branch holds). */
  query(sql: string): Promise<Record<string, unknown>[]>;
}

export interface EdgeStack {
  github: GitHubStandIn;
  neonApi: NeonApiServer;
  neonHttp: NeonHttpServer;
  vercel: VercelStandIn;
  /** The App's private key as GitHub hands it out (PKCS#1 PEM). */
  appPrivateKey: string;
  secrets: EdgeSecrets;
  installation: StandInInstallation;
  /** A commit of `files` (default: examples/soundcloud) in `repo`, covered by the installation. */
  addCommit(repo: string, options?: { files?: Record<string, string | Buffer>; extraFiles?: Record<string, string>; branch?: string }): { sha: string; treeSha: string };
  addBranch(spec: BranchSpec): Promise<BranchHandle>;
  /** Holds every SQL-over-HTTP request to `host` (a branch's endpoint) for `ms` before serving it; 0 ends that. */
  delaySql(host: string, ms: number): void;
  close(): Promise<void>;
}

export interface EdgeStackOptions {
  backend: "pg" | "pglite";
  /**
   * A drizzle-kit folder, 0.x or 1.x, to run on instead of examples/soundcloud (`npm start --
   * --drizzle`): commits hold it as `drizzle/`, branches are migrated with it (all but the last
   * migration) by the drizzle-orm migrator of its layout.
   */
  drizzleDir?: string;
  secrets?: Partial<EdgeSecrets>;
}

let branchCounter = 0;

export async function startEdgeStack(options: EdgeStackOptions): Promise<EdgeStack> {
  // First: a folder no migrator can run is refused before anything listens.
  const drizzleDir = options.drizzleDir ?? EXAMPLE_DRIZZLE_DIR;
  const layout = await migrationsLayout(drizzleDir);
  const keys = generateTestAppKeys();
  const secrets: EdgeSecrets = {
    neonApiKey: options.secrets?.neonApiKey ?? `neon-api-key-${randomHex()}`,
    readOnlyPassword: options.secrets?.readOnlyPassword ?? `readonly-${randomHex()}`,
    vercelToken: options.secrets?.vercelToken ?? `vercel-token-${randomHex()}`,
  };
  const installation: StandInInstallation = { id: INSTALLATION_ID, repositories: [] };
  const github = await startGitHubStandIn({ app: { id: APP_ID, publicKey: keys.publicKey }, installations: [installation] });
  const projects: Record<string, StandInProject> = {};
  const neonApi = await startNeonApiServer({ apiKey: secrets.neonApiKey, projects });
  const vercel = await startVercelStandIn({ token: secrets.vercelToken });

  /** Neon endpoint host → where its data lives. */
  const pgDatabases = new Map<string, TestDatabase>();
  const unreachableHosts = new Set<string>();
  let pglite: PGlite | null = null;
  const authenticate = (user: string, password: string) => user === READONLY_ROLE && password === secrets.readOnlyPassword;
  /** Endpoint host → how long its requests are held (a slow branch). */
  const sqlDelays = new Map<string, number>();
  const intercept = async (request: RecordedNeonRequest): Promise<undefined> => {
    // `connection` is `user@host[:port]/database`.
    const ms = sqlDelays.get(request.connection?.split("@")[1]?.split("/")[0]?.split(":")[0] ?? "");
    // unref: a held request never keeps the stand-in's process alive.
    if (ms) await new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
    return undefined;
  };
  let neonHttp: NeonHttpServer;
  if (options.backend === "pglite") {
    pglite = new PGlite();
    neonHttp = await startNeonHttpServer({ backend: pgliteBackend(pglite), authenticate, intercept });
  } else {
    neonHttp = await startNeonHttpServer({
      authenticate,
      intercept,
      backend: pgBackend({
        baseUrl: SERVER_URL,
        // The branch's host picks its database; the stand-in has checked the role's password already.
        mapConnectionString: (connection) => {
          const database = pgDatabases.get(connection.host);
          if (!database || unreachableHosts.has(connection.host)) return "postgresql://postgres@127.0.0.1:1/unreachable";
          return database.url;
        },
      }),
    });
  }

  const defaultFiles = () => (options.drizzleDir ? readDirectoryFiles(options.drizzleDir, "drizzle") : readDirectoryFiles(EXAMPLE_DIR));
  const partialFolder = partialMigrationsFolder(drizzleDir, layout);
  const migrateOnPglite = (folder: string) => (layout === "1.x" ? migrate1xPglite(pglite!, folder) : migratePglite(drizzlePglite(pglite!), { migrationsFolder: folder }).then(() => {}));
  const migrateOnPg = (client: pg.Client, folder: string) => (layout === "1.x" ? migrate1xPg(client, folder) : migratePg(drizzlePg(client), { migrationsFolder: folder }).then(() => {}));

  return {
    github,
    neonApi,
    neonHttp,
    vercel,
    appPrivateKey: keys.pkcs1,
    secrets,
    installation,
    addCommit(repo, commitOptions = {}) {
      if (!installation.repositories.includes(repo)) installation.repositories.push(repo);
      const files: Record<string, string | Buffer> = { ...(commitOptions.files ?? defaultFiles()), ...(commitOptions.extraFiles ?? {}) };
      const commit = github.addCommit(repo, files, commitOptions.branch ? { branch: commitOptions.branch } : {});
      return { sha: commit.sha, treeSha: commit.treeSha };
    },
    async addBranch(spec) {
      const id = `br-${++branchCounter}-${randomHex().slice(0, 6)}`;
      const host = `ep-${id}.local.neon.test`;
      const project = (projects[spec.projectId] ??= { branches: [], endpoints: [], databases: [DATABASE_NAME] });
      let migrateAll = async () => {};
      let execute = async (_sql: string): Promise<void> => {
        throw new Error(`branch ${spec.name} is unreachable: no SQL runs on it`);
      };
      let query = async (_sql: string): Promise<Record<string, unknown>[]> => {
        throw new Error(`branch ${spec.name} is unreachable: no SQL runs on it`);
      };
      if (spec.state === "unreachable") {
        unreachableHosts.add(host);
      } else if (pglite) {
        await migrateOnPglite(spec.state === "all" ? drizzleDir : partialFolder.path);
        migrateAll = () => migrateOnPglite(drizzleDir);
        execute = async (sql) => {
          await pglite!.exec(sql);
        };
        query = async (sql) => (await pglite!.query<Record<string, unknown>>(sql)).rows;
      } else {
        const database = await createTestDatabase("dc_edge");
        pgDatabases.set(host, database);
        const connected = async <T>(use: (client: pg.Client) => Promise<T>): Promise<T> => {
          const client = new pg.Client({ connectionString: database.url });
          await client.connect();
          try {
            return await use(client);
          } finally {
            await client.end();
          }
        };
        await connected((client) => migrateOnPg(client, spec.state === "all" ? drizzleDir : partialFolder.path));
        migrateAll = () => connected((client) => migrateOnPg(client, drizzleDir));
        execute = async (sql) => {
          await connected((client) => client.query(sql));
        };
        query = (sql) => connected(async (client) => (await client.query<Record<string, unknown>>(sql)).rows);
      }
      // Added last: the branch "appears" only once its data is ready.
      project.endpoints.push({ id: `ep-${id}`, branch_id: id, host, type: "read_write" });
      project.branches.push({ id, name: spec.name, ...(spec.default ? { default: true } : {}) });
      return { id, host, migrateAll, execute, query };
    },
    delaySql(host, ms) {
      if (ms > 0) sqlDelays.set(host, ms);
      else sqlDelays.delete(host);
    },
    async close() {
      await Promise.allSettled([github.stop(), neonApi.close(), neonHttp.close(), vercel.close()]);
      await Promise.allSettled([...pgDatabases.values()].map((database) => database.drop()));
      await pglite?.close();
      partialFolder.remove();
    },
  };
}

export type MigrationsLayout = "0.x" | "1.x";

/** What a folder the stack can migrate must be (`npm start -- --drizzle` says it too). */
export const MIGRATIONS_FOLDER_NEEDED =
  "a drizzle-kit migrations folder: 0.x (holding meta/_journal.json) or 1.x (one <YYYYMMDDHHMMSS>_<name>/ sub-folder per migration, holding migration.sql)";

/**
 * The folder's drizzle-kit layout as driftcheck itself detects it (core detectLayout), or what is
 * wrong with a folder that is neither: missing, empty, something else, or both layouts at once.
 */
export async function inspectMigrationsFolder(dir: string): Promise<{ layout: MigrationsLayout } | { layout: null; problem: string }> {
  const layout = await detectLayout(createDiskFileSource(dir));
  switch (layout) {
    case "0.x":
    case "1.x":
      return { layout };
    case "empty":
      return { layout: null, problem: `${dir} is missing or empty` };
    case "mixed":
      return { layout: null, problem: `${dir} mixes both layouts (meta/_journal.json beside <timestamp>_<name>/ migration folders): each migrator would run only its own half` };
    case "unknown":
      return { layout: null, problem: `${dir} holds neither meta/_journal.json nor a <YYYYMMDDHHMMSS>_<name>/ folder with migration.sql` };
  }
}

/** The folder's layout; a folder that is neither is an error saying what is needed. */
export async function migrationsLayout(dir: string): Promise<MigrationsLayout> {
  const inspected = await inspectMigrationsFolder(dir);
  if (inspected.layout === null) throw new Error(`Needed ${MIGRATIONS_FOLDER_NEEDED}; ${inspected.problem}.`);
  return inspected.layout;
}

/**
 * A copy of a migrations folder without its last migration: for 0.x the journal stops before its
 * last entry; for 1.x the newest migration sub-folder is left out (the newest in drizzle-orm 1.x's
 * own order: sub-folders holding migration.sql, sorted with localeCompare).
 */
function partialMigrationsFolder(source: string, layout: MigrationsLayout): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "driftcheck-edge-"));
  cpSync(source, path, { recursive: true });
  if (layout === "0.x") {
    const journalPath = join(path, "meta", "_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: unknown[] };
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, -1) }, null, 2));
  } else {
    const migrations = readdirSync(path, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && readdirSync(join(path, entry.name)).includes("migration.sql"))
      .map((entry) => entry.name)
      .sort((a, b) => a.localeCompare(b));
    const last = migrations.at(-1);
    if (last) rmSync(join(path, last), { recursive: true, force: true });
  }
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

function randomHex(): string {
  return [...crypto.getRandomValues(new Uint8Array(12))].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Installation tokens the stand-in issued (test-only: to prove none leaks anywhere). */
export function issuedInstallationTokens(github: GitHubStandIn): string[] {
  const tokens = (github as unknown as { tokens?: Map<string, unknown> }).tokens;
  return tokens ? [...tokens.keys()] : [];
}
