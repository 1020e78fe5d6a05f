/**
 * Where `check` / `fix-sql` get the expected schema (`--expected`):
 *  - absent: the drizzle folder's newest snapshot (the default);
 *  - `replay`: the folder's migrations replayed on a scratch database;
 *  - a path: an expected-schema JSON file (as `driftcheck replay --out` writes).
 * In the last two cases the folder, when present, still gives the migration status.
 */
import { existsSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import type { CheckInput } from "../core/check.js";
import type { ReadOnlyExecutor } from "../core/port.js";
import { installedExtensions } from "../core/sql/extensions.js";
import { userError } from "../core/errors.js";
import { readDrizzleFolder, type DrizzleFolder } from "../core/drizzle/index.js";
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

export async function resolveExpected(
  args: CliArgs,
  settings: ResolvedSettings,
  io: CliIo,
  deps: ReplayDeps,
  context: ExpectedContext = {},
): Promise<ResolvedExpected> {
  if (args.expected === undefined) {
    if (args.scratchUrl !== undefined) throw userError("--scratch-url needs --expected replay here.", "Add --expected replay, or leave --scratch-url out.");
    if (args.replayPrelude !== undefined) throw userError("--replay-prelude needs --expected replay here.", "Add --expected replay, or leave --replay-prelude out.");
    const label = assertDrizzleFolder(settings, io.cwd);
    return { input: { kind: "folder", files: createDiskFileSource(settings.drizzleDir, label) }, folder: null };
  }
  if (args.expected === "replay") {
    const label = assertDrizzleFolder(settings, io.cwd);
    const databaseExtensions = context.checkedDatabase ? await installedExtensions(await context.checkedDatabase(), settings.options.timeoutMs) : [];
    const replayed = await replayFolder(settings, label, args.scratchUrl, io, deps, { databaseExtensions });
    return { input: { kind: "schema", schema: replayed.schema, source: replayed.source, folder: replayed.folder }, folder: replayed.folder };
  }
  if (args.scratchUrl !== undefined) throw userError("--scratch-url applies only with --expected replay.", "Leave --scratch-url out when --expected names a file.");
  if (args.replayPrelude !== undefined) throw userError("--replay-prelude applies only with --expected replay.", "Leave --replay-prelude out when --expected names a file.");
  const path = resolve(io.cwd, args.expected);
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
