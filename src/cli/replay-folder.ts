/**
 * Replaying the drizzle folder for `driftcheck replay` and `check --expected replay`: read the
 * folder, open the scratch database (PGlite, or a throw-away database via --scratch-url), apply
 * the migrations, introspect, and always close the scratch database.
 */
import { readDrizzleFolder, type DrizzleFolder } from "../core/drizzle/index.js";
import type { CanonicalSchema } from "../core/model.js";
import { replayMigrations } from "../core/replay.js";
// Loaded when a replay runs: it pulls in PGlite, which a plain check never needs.
import type { openScratch, OpenedScratch } from "../adapters/scratch/index.js";
import { createDiskFileSource } from "../adapters/fs/index.js";
import type { CliIo } from "./io.js";
import { progressFor } from "./progress.js";
import { assertDatabaseUrl } from "./secrets.js";
import type { ResolvedSettings } from "./settings.js";

export interface Replayed {
  folder: DrizzleFolder;
  schema: CanonicalSchema;
  /** `replay of ./drizzle on embedded PGlite`: no URL, ever. */
  source: string;
}

export interface ReplayDeps {
  /** Open the scratch database another way (tests). */
  openScratch?: typeof openScratch;
}

export async function replayFolder(
  settings: ResolvedSettings,
  folderLabel: string,
  scratchUrl: string | undefined,
  io: CliIo,
  deps: ReplayDeps = {},
): Promise<Replayed> {
  const folder = await readDrizzleFolder(createDiskFileSource(settings.drizzleDir, folderLabel));
  if (scratchUrl !== undefined) assertDatabaseUrl(scratchUrl, "--scratch-url");
  // pgvector is loaded into PGlite only when some migration may need it.
  const vector = folder.migrations.some((migration) => /\bvector\b/i.test(migration.sql));
  const progress = progressFor(io);
  progress.update(`driftcheck: opening ${scratchUrl === undefined ? "embedded PGlite" : "a scratch database"}…`);
  let opened: OpenedScratch | null = null;
  try {
    const open = deps.openScratch ?? (await import("../adapters/scratch/index.js")).openScratch;
    opened = await open({ ...(scratchUrl !== undefined ? { url: scratchUrl } : {}), vector });
    const label = opened.label;
    const schema = await replayMigrations(folder, opened.scratch, {
      migrationsTable: settings.options.migrationsTable,
      ...(settings.options.includeSchemas ? { includeSchemas: settings.options.includeSchemas } : {}),
      timeoutMs: settings.options.timeoutMs,
      onMigration: (done, total, tag) => progress.update(`driftcheck: replaying ${done}/${total} ${tag} on ${label}`),
    });
    return { folder, schema, source: `replay of ${folderLabel} on ${scratchUrl === undefined ? "embedded PGlite" : "a scratch database"}` };
  } finally {
    progress.done();
    if (opened) await opened.close();
  }
}
