/**
 * Replaying the drizzle folder for `driftcheck replay`, `verify` and `check --expected replay`:
 * read the folder (and the prelude), open the scratch database (PGlite with the extensions the
 * SQL creates and the checked database has, or a throw-away database via --scratch-url), apply
 * the migrations, introspect, and always close the scratch database.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { userError } from "../core/errors.js";
import { readDrizzleFolder, type DrizzleFolder, type MigrationFile } from "../core/drizzle/index.js";
import type { DatabaseInfo, DefaultOpclasses } from "../core/introspect/types.js";
import type { CanonicalSchema } from "../core/model.js";
import { replayFolderMigrations, type ReplayPrelude } from "../core/replay.js";
import { createdExtensions, type InstalledExtension } from "../core/sql/extensions.js";
// Loaded when a replay runs: it pulls in PGlite, which a plain check never needs.
import type { openScratch, OpenedScratch } from "../adapters/scratch/index.js";
import { createDiskFileSource } from "../adapters/fs/index.js";
import { writeLine, type CliIo } from "./io.js";
import { progressFor } from "./progress.js";
import { assertDatabaseUrl } from "./secrets.js";
import type { ReplayPreludeSetting, ResolvedSettings } from "./settings.js";

export interface Replayed {
  folder: DrizzleFolder;
  schema: CanonicalSchema;
  /** `replay of ./drizzle on embedded PGlite`: no URL, ever. */
  source: string;
  /** The scratch database as introspected (its server version; its name is a throw-away one). */
  database: DatabaseInfo;
  /** The scratch server's default operator classes (verify compares its indexes with a snapshot's). */
  defaultOpclasses: DefaultOpclasses;
  /** The migrations applied, in order (all of them unless `upTo` was given). */
  applied: MigrationFile[];
}

export interface ReplayDeps {
  /** Open the scratch database another way (tests). */
  openScratch?: typeof openScratch;
}

/** What the caller knows beyond the settings (all optional: `replayFolder`'s first five arguments are stable). */
export interface ReplayContext {
  /** The checked database's extensions: created on the scratch database first, when available there. */
  databaseExtensions?: InstalledExtension[];
  /** Apply the migrations up to and including this tag only. */
  upTo?: string;
  /** The folder, when the caller has read it already. */
  folder?: DrizzleFolder;
}

export async function replayFolder(
  settings: ResolvedSettings,
  folderLabel: string,
  scratchUrl: string | undefined,
  io: CliIo,
  deps: ReplayDeps = {},
  context: ReplayContext = {},
): Promise<Replayed> {
  const folder = context.folder ?? (await readDrizzleFolder(createDiskFileSource(settings.drizzleDir, folderLabel)));
  if (scratchUrl !== undefined) assertDatabaseUrl(scratchUrl, "--scratch-url");
  const prelude = settings.replayPrelude ? readPrelude(settings.replayPrelude, io.cwd) : undefined;
  const databaseExtensions = context.databaseExtensions ?? [];
  // PGlite loads an extension only when asked at start: what the SQL creates, and what the checked database has.
  const extensions = [
    ...new Set([...[prelude?.sql ?? "", ...folder.migrations.map((migration) => migration.sql)].flatMap(createdExtensions), ...databaseExtensions.map((e) => e.name)]),
  ];
  const where = scratchUrl === undefined ? "embedded PGlite" : "a scratch database";
  const progress = progressFor(io);
  progress.update(`driftcheck: opening ${where}…`);
  let opened: OpenedScratch | null = null;
  const missing: string[] = [];
  const failed: string[] = [];
  const existingRoles: string[] = [];
  const notes: string[] = [];
  try {
    const open = deps.openScratch ?? (await import("../adapters/scratch/index.js")).openScratch;
    opened = await open({ ...(scratchUrl !== undefined ? { url: scratchUrl } : {}), extensions, onNote: (note) => notes.push(note) });
    const label = opened.label;
    const result = await replayFolderMigrations(folder, opened.scratch, {
      migrationsTable: settings.options.migrationsTable,
      ...(settings.options.includeSchemas ? { includeSchemas: settings.options.includeSchemas } : {}),
      timeoutMs: settings.options.timeoutMs,
      onMigration: (done, total, tag) => progress.update(`driftcheck: replaying ${done}/${total} ${tag} on ${label}`),
      ...(prelude ? { prelude } : {}),
      databaseExtensions,
      onMissingExtension: (extension, reason) => (reason === undefined ? missing : failed).push(reason === undefined ? extension.name : `${extension.name} (${reason})`),
      ...(context.upTo !== undefined ? { upTo: context.upTo } : {}),
      onExistingRole: (role, at) => existingRoles.push(`${role} (${at})`),
      onSharedRoleChange: (head, roles, at) =>
        notes.push(`${head} of ${roles.join(", ")} (${at}) skipped: it would change a role that existed on the scratch server before the replay, beyond the scratch database.`),
    });
    return { folder, schema: result.schema, database: result.database, defaultOpclasses: result.defaultOpclasses, applied: result.applied, source: `replay of ${folderLabel} on ${where}` };
  } finally {
    progress.done();
    if (opened) await opened.close();
    if (missing.length > 0) {
      writeLine(
        io.stderr,
        `driftcheck: note: the checked database has extension${missing.length === 1 ? "" : "s"} ${missing.join(", ")}, which ${where} cannot provide; ` +
          "replayed without (a migration that needs one fails; replay on a server that has it with --scratch-url URL).",
      );
    }
    if (existingRoles.length > 0) {
      writeLine(
        io.stderr,
        `driftcheck: note: role${existingRoles.length === 1 ? "" : "s"} ${existingRoles.join(", ")} already exist${existingRoles.length === 1 ? "s" : ""} on the scratch server ` +
          "(roles are shared by all databases of a server); CREATE ROLE skipped, the existing role used.",
      );
    }
    for (const note of notes) writeLine(io.stderr, `driftcheck: note: ${note}`);
    for (const extension of failed) {
      writeLine(io.stderr, `driftcheck: note: creating the checked database's extension ${extension} on ${where} failed; replayed without it.`);
    }
  }
}

/** The prelude file's text, with a clear error naming where its path came from. */
function readPrelude(setting: ReplayPreludeSetting, cwd: string): ReplayPrelude {
  const rel = relative(cwd, setting.path);
  const label = rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? `./${rel}` : setting.path;
  const from = setting.from === "--replay-prelude" ? "from --replay-prelude" : "from `replay.prelude` in driftcheck.json, relative to that file";
  if (!existsSync(setting.path) || !statSync(setting.path).isFile()) {
    throw userError(`Replay prelude ${label} (${from}) does not exist.`, "Give the path of a .sql file: statements run on the scratch database before the first migration.");
  }
  return { label, sql: readFileSync(setting.path, "utf8") };
}
