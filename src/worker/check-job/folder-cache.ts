/**
 * D1 entries that make a steady-state check cost one GitHub request (the tree call):
 *  - the parsed drizzle folder (expected schema, the migrations' tags, `when`s, hashes and snapshot
 *    paths for migration status, folder findings; a 1.x folder also its snapshots, a 0.x folder
 *    none — attribution reads the few it needs from the commit), keyed by the
 *    folder's git tree sha — the tree sha names the folder's exact content, so the entry never
 *    goes stale; the .sql texts are left out (migration status needs only their hashes);
 *  - small files (driftcheck.json, driftcheck.expected.json) keyed by their blob sha.
 * Keys carry a format version: a driftcheck release that parses differently uses new keys
 * instead of trusting entries an older parser wrote.
 */
import { getExpectedSchema, putExpectedSchema, type Db } from "../../adapters/d1/store.js";
import type { DrizzleFolder } from "../../core/drizzle/types.js";
import type { GitHubFileSource } from "../../adapters/github/index.js";

/**
 * Bump when the folder reader's output changes shape or meaning (3: snapshots found by tag prefix,
 * SNAPSHOT_MISSING / MIGRATION_FILE_UNLISTED, stale DDL objects; summaries without snapshot contents).
 */
export const FOLDER_CACHE_VERSION = 3;
/** D1 refuses rows above 2 MB; a folder summary larger than this is parsed each time instead. */
export const MAX_CACHED_BYTES = 1_800_000;

interface CachedFolder {
  kind: "drizzle-folder";
  version: typeof FOLDER_CACHE_VERSION;
  folder: DrizzleFolder;
}

export function folderCacheKey(treeSha: string): string {
  return `drizzle-folder:v${FOLDER_CACHE_VERSION}:${treeSha}`;
}

export function fileCacheKey(kind: string, blobSha: string): string {
  return `file:${kind}:${blobSha}`;
}

export async function loadCachedFolder(db: Db, treeSha: string): Promise<DrizzleFolder | null> {
  const value = (await getExpectedSchema(db, folderCacheKey(treeSha))) as Partial<CachedFolder> | null;
  if (!value || value.kind !== "drizzle-folder" || value.version !== FOLDER_CACHE_VERSION || !value.folder) return null;
  return value.folder;
}

/** Stores the folder without .sql texts; returns false when it is too large to cache. */
export async function storeCachedFolder(db: Db, treeSha: string, folder: DrizzleFolder, now: number): Promise<boolean> {
  const entry: CachedFolder = { kind: "drizzle-folder", version: FOLDER_CACHE_VERSION, folder: withoutSqlTexts(folder) };
  if (JSON.stringify(entry).length > MAX_CACHED_BYTES) return false;
  await putExpectedSchema(db, folderCacheKey(treeSha), entry, now);
  return true;
}

export function withoutSqlTexts(folder: DrizzleFolder): DrizzleFolder {
  return { ...folder, migrations: folder.migrations.map((migration) => ({ ...migration, sql: "" })) };
}

/** A small file's text by blob sha, read through `fetch` once and then from D1. */
export async function cachedFileText(db: Db, kind: string, blobSha: string, fetch: () => Promise<string | null>, now: number): Promise<string | null> {
  const key = fileCacheKey(kind, blobSha);
  const stored = (await getExpectedSchema(db, key)) as { text?: unknown } | null;
  if (stored && typeof stored.text === "string") return stored.text;
  const text = await fetch();
  if (text !== null && text.length <= MAX_CACHED_BYTES) await putExpectedSchema(db, key, { text }, now);
  return text;
}

/**
 * 0.x snapshot files (`meta/NNNN_snapshot.json`), of which a check reads a few. Not 1.x's
 * `<folder>/snapshot.json`: the 1.x reader still reads every one, and D1 would get them all.
 */
const SNAPSHOT_PATH = /(^|\/)meta\/[^/]+_snapshot\.json$/;

/**
 * The folder source with snapshot texts kept in D1 by blob sha (when under D1's row size): the
 * few snapshots a check reads (the newest, the pending ones and their predecessors, CUSTOM_MIGRATION
 * candidates) come from D1 on the next check that needs them, so an unchanged folder costs the
 * tree call only and a push adding a migration its new files only.
 */
export function withCachedSnapshots(source: GitHubFileSource, db: Db, now: () => number): GitHubFileSource {
  return {
    ...source,
    async readText(path) {
      if (!SNAPSHOT_PATH.test(path)) return source.readText(path);
      const blob = await source.blobSha(path);
      if (blob === null) return null;
      return cachedFileText(db, "snapshot", blob, () => source.readText(path), now());
    },
  };
}
