/**
 * Shared by the CLI's pg tests: the example app migrated by drizzle-orm's own migrator, and
 * one `npm run build` at a time for the tests that run the built CLI as a process.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const EXAMPLE = join(ROOT, "examples", "soundcloud");
export const EXAMPLE_MIGRATIONS = join(EXAMPLE, "drizzle");
export const LAST_TAG = "0002_add_updated_at";

const run = promisify(execFile);

/** Applies the example's migrations with drizzle-orm's migrator, optionally all but the last. */
export async function migrateExample(url: string, options: { skipLast: boolean }): Promise<void> {
  let folder = EXAMPLE_MIGRATIONS;
  let temp: string | null = null;
  if (options.skipLast) {
    temp = mkdtempSync(join(tmpdir(), "driftcheck-cli-migrations-"));
    cpSync(EXAMPLE_MIGRATIONS, temp, { recursive: true });
    const journalPath = join(temp, "meta", "_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: unknown[] };
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, -1) }));
    folder = temp;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await migrate(drizzle(client), { migrationsFolder: folder });
  } finally {
    await client.end();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

const LOCK = join(ROOT, "test-artifacts", "cli-build.lock");
const STAMP = join(ROOT, "test-artifacts", "cli-build.stamp");

/**
 * `npm run build`, serialized across test files by a lock directory; a build that finished
 * while we waited for the lock is reused.
 */
export async function buildCli(): Promise<void> {
  mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
  const requested = Date.now();
  const deadline = requested + 170_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK}; remove it if no build is running`);
      await new Promise((done) => setTimeout(done, 250));
    }
  }
  try {
    const builtAfterRequest = (() => {
      try {
        return statSync(STAMP).mtimeMs >= requested;
      } catch {
        return false;
      }
    })();
    if (!builtAfterRequest) {
      await run("npm", ["run", "build"], { cwd: ROOT });
      writeFileSync(STAMP, new Date().toISOString());
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, never throwing on a non-zero exit. */
export async function runProcess(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined> },
): Promise<ProcessResult> {
  // DATABASE_URL of the surrounding shell must not leak into a test that means "no URL".
  const merged: Record<string, string | undefined> = { ...process.env, DATABASE_URL: undefined, NO_COLOR: "1", ...options.env };
  const env = Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined));
  try {
    const { stdout, stderr } = await run(command, args, { cwd: options.cwd, env, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/** `node bin/driftcheck.js ...` */
export function runBuiltCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<ProcessResult> {
  return runProcess(process.execPath, [join(ROOT, "bin", "driftcheck.js"), ...args], { cwd: options.cwd ?? EXAMPLE, ...(options.env ? { env: options.env } : {}) });
}

export function captureIo(cwd = EXAMPLE, env: Record<string, string | undefined> = {}) {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: {
      stdout: (text: string) => void (out.stdout += text),
      stderr: (text: string) => void (out.stderr += text),
      env,
      cwd,
      isTTY: false,
    },
  };
}
