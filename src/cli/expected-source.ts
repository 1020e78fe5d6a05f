/**
 * Where `check` / `fix-sql` get the expected schema (`--expected`):
 *  - `auto` (the default): the drizzle folder's newest snapshot when the folder is complete;
 *    its migrations replayed on a scratch database when the newest ones have no snapshot
 *    (SNAPSHOT_STALE) or its snapshots cannot be used (a name several entries share, none at
 *    all). The report says which, and why (`note`);
 *  - `snapshot`: the newest snapshot, whatever the folder's state;
 *  - `replay`: the folder's migrations replayed on a scratch database;
 *  - a path: an expected-schema JSON file (as `driftcheck replay --out` writes).
 * In the last two cases the folder, when present, still gives the migration status.
 * `status` needs no expected schema: it never replays.
 */
import { existsSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import type { CheckInput } from "../core/check.js";
import type { ReadOnlyExecutor } from "../core/port.js";
import { installedExtensions } from "../core/sql/extensions.js";
import { DriftcheckError, userError } from "../core/errors.js";
import { readDrizzleFolder, type DrizzleFolder } from "../core/drizzle/index.js";
import { unusableSnapshots } from "../core/drizzle/snapshot-files.js";
import { createDiskFileSource } from "../adapters/fs/index.js";
import type { CliArgs } from "./args.js";
import { readExpectedFile } from "./expected-file.js";
import type { CliIo } from "./io.js";
import { replayFolder, type ReplayDeps } from "./replay-folder.js";
import type { ResolvedSettings } from "./settings.js";

export interface ResolvedExpected {
  input: CheckInput["expected"];
  /** The folder when this step read it (replay, JSON with a folder present). */
  folder: DrizzleFolder | null;
}

export interface ExpectedContext {
  /** Opens (once) the checked database: a replay reads its extensions to create them on the scratch database. */
  checkedDatabase?: () => Promise<ReadOnlyExecutor>;
}

/** `--expected` values that take the expected schema from the folder itself. */
export function expectsFromFolder(expected: string | undefined): boolean {
  return expected === undefined || expected === "auto" || expected === "snapshot" || expected === "replay";
}

export async function resolveExpected(
  args: CliArgs,
  settings: ResolvedSettings,
  io: CliIo,
  deps: ReplayDeps,
  context: ExpectedContext = {},
): Promise<ResolvedExpected> {
  const mode = args.expected ?? "auto";
  if (mode === "snapshot" || (mode === "auto" && settings.options.mode === "status")) {
    if (mode === "snapshot") {
      if (args.scratchUrl !== undefined) throw userError("--scratch-url applies only when the migrations are replayed.", "Use --expected replay or auto with --scratch-url, or leave --scratch-url out.");
      if (args.replayPrelude !== undefined) throw userError("--replay-prelude applies only when the migrations are replayed.", "Use --expected replay or auto with --replay-prelude, or leave --replay-prelude out.");
    }
    const label = assertDrizzleFolder(settings, io.cwd);
    return { input: { kind: "folder", files: createDiskFileSource(settings.drizzleDir, label) }, folder: null };
  }
  if (mode === "auto") {
    const label = assertDrizzleFolder(settings, io.cwd);
    const folder = await readDrizzleFolder(createDiskFileSource(settings.drizzleDir, label));
    const why = replayReason(folder);
    if (why === null) {
      const note = folder.migrations.length === 0 ? "auto: the folder has no migrations" : `auto: the snapshot of ${folder.expectedFrom}, the newest migration's`;
      return { input: { kind: "schema", schema: folder.expected, source: folder.source, folder, note }, folder };
    }
    const replayed = await replayFolder(settings, label, args.scratchUrl, io, deps, { databaseExtensions: await checkedExtensions(settings, context) }).catch(
      (error: unknown) => {
        throw withAutoHint(error, why);
      },
    );
    const note = `auto: replayed the migrations, because ${why}`;
    return { input: { kind: "schema", schema: replayed.schema, source: replayed.source, folder: replayed.folder, note }, folder: replayed.folder };
  }
  if (mode === "replay") {
    const label = assertDrizzleFolder(settings, io.cwd);
    const replayed = await replayFolder(settings, label, args.scratchUrl, io, deps, { databaseExtensions: await checkedExtensions(settings, context) });
    return { input: { kind: "schema", schema: replayed.schema, source: replayed.source, folder: replayed.folder }, folder: replayed.folder };
  }
  if (args.scratchUrl !== undefined) throw userError("--scratch-url applies only when the migrations are replayed.", "Leave --scratch-url out when --expected names a file.");
  if (args.replayPrelude !== undefined) throw userError("--replay-prelude applies only when the migrations are replayed.", "Leave --replay-prelude out when --expected names a file.");
  const path = resolve(io.cwd, mode);
  const label = pathLabel(io.cwd, path);
  const document = readExpectedFile(path, label);
  const folder = isDirectory(settings.drizzleDir)
    ? await readDrizzleFolder(createDiskFileSource(settings.drizzleDir, drizzleFolderLabel(settings, io.cwd)))
    : null;
  return {
    input: { kind: "schema", schema: document.schema, source: `${label} (${document.source})`, ...(folder ? { folder } : {}) },
    folder,
  };
}

/** The extensions the checked database has, for a replay to create them first (none without a database). */
async function checkedExtensions(settings: ResolvedSettings, context: ExpectedContext) {
  return context.checkedDatabase ? installedExtensions(await context.checkedDatabase(), settings.options.timeoutMs) : [];
}

/** Why `auto` replays this folder rather than trust its newest snapshot, or null when it need not. */
export function replayReason(folder: DrizzleFolder): string | null {
  const unusable = unusableSnapshots(folder);
  if (unusable) return `the snapshots cannot be used: ${unusable.message}`;
  const stale = folder.findings.find((finding) => finding.code === "SNAPSHOT_STALE");
  const tags = (stale?.expected as { migrationsWithoutSnapshot?: string[] } | undefined)?.migrationsWithoutSnapshot;
  if (tags && tags.length > 0) {
    return `the newest ${tags.length === 1 ? "migration" : "migrations"} (${tags.join(", ")}) ${tags.length === 1 ? "has" : "have"} no snapshot, so the snapshot of ${folder.expectedFrom} is older than the migrations`;
  }
  return null;
}

function withAutoHint(error: unknown, why: string): unknown {
  if (!(error instanceof DriftcheckError)) return error;
  const hint = `${error.hint ? `${error.hint} ` : ""}(driftcheck replayed because ${why}; \`--expected snapshot\` compares with the snapshot instead.)`;
  return new DriftcheckError(error.kind, error.message, { hint, ...(error.code ? { code: error.code } : {}), ...(error.detail ? { detail: error.detail } : {}), transient: error.transient, cause: error });
}

export function drizzleFolderLabel(settings: ResolvedSettings, cwd: string): string {
  return pathLabel(cwd, settings.drizzleDir);
}

function pathLabel(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === "" ? "." : !rel.startsWith("..") && !isAbsolute(rel) ? `./${rel}` : path;
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** A missing folder is the most common mistake: say where the path came from. Returns its label. */
export function assertDrizzleFolder(settings: ResolvedSettings, cwd: string): string {
  const label = drizzleFolderLabel(settings, cwd);
  const from = {
    "--drizzle": "from --drizzle",
    "driftcheck.json": "from `drizzle` in driftcheck.json",
    "drizzle config": "from `out` in the drizzle config",
    default: "the default; no drizzle.config.* sets `out`",
  }[settings.drizzleDirFrom];
  if (!isDirectory(settings.drizzleDir)) {
    throw userError(
      `Drizzle migrations folder ${label} (${from}) does not exist.`,
      "Pass the folder drizzle-kit generates into with --drizzle DIR, or set `drizzle` in driftcheck.json.",
    );
  }
  return label;
}
