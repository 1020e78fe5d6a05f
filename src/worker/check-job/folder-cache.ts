/**
 * D1 entries that make a steady-state check cost one GitHub request (the tree call):
 *  - the parsed drizzle folder (expected schema, the migrations' tags, `when`s, hashes and snapshot
 *    paths for migration status, folder findings; no older snapshots — attribution reads the few
 *    it needs from the commit), keyed by the
 *    folder's git tree sha — the tree sha names the folder's exact content, so the entry never
 *    goes stale; the .sql texts are left out (migration status needs only their hashes);
 *  - small files (driftcheck.json, driftcheck.expected.json) keyed by their blob sha.
 * Keys carry a format version: a driftcheck release that parses differently uses new keys
 * instead of trusting entries an older parser wrote.
 */
import { getExpectedSchema, getExpectedSchemas, putExpectedSchema, putExpectedSchemas, type Db } from "../../adapters/d1/store.js";
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
 * Snapshot files: 0.x's `meta/NNNN_snapshot.json` and 1.x's `<YYYYMMDDHHMMSS>_<name>/snapshot.json`.
 * A check reads a few whole-schema snapshots (0.x, 1.x version 8) or every diff of a version 9
 * chain (small, asked for together through `prefetch`).
 */
const SNAPSHOT_PATH = /^(meta\/[^/]+_snapshot\.json|\d{14}_[^/]+\/snapshot\.json)$/;

/**
 * The folder source with snapshot texts kept in D1 by blob sha (when under D1's row size): the
 * snapshots a check reads (the newest, the pending ones and their predecessors, CUSTOM_MIGRATION
 * candidates, a version 9 chain) come from D1 on the next check that needs them, so an unchanged
 * folder costs the tree call only and a push adding a migration its new files only. `prefetch`
 * answers many at once: one D1 query per 100 blobs, the rest from GitHub in one batch.
 */
export function withCachedSnapshots(source: GitHubFileSource, db: Db, now: () => number): GitHubFileSource {
  // Texts a prefetch brought, handed out once each: the reader parses a snapshot once.
  const prefetched = new Map<string, string | null>();
  const keyOf = async (path: string) => {
    const blob = await source.blobSha(path);
    return blob === null ? null : fileCacheKey("snapshot", blob);
  };
  return {
    ...source,
    async readText(path) {
      if (!SNAPSHOT_PATH.test(path)) return source.readText(path);
      if (prefetched.has(path)) {
        const text = prefetched.get(path)!;
        prefetched.delete(path);
        return text;
      }
      const blob = await source.blobSha(path);
      if (blob === null) return null;
      return cachedFileText(db, "snapshot", blob, () => source.readText(path), now());
    },
    async prefetch(paths) {
      const wanted: { path: string; key: string }[] = [];
      for (const path of paths) {
        const key = SNAPSHOT_PATH.test(path) ? await keyOf(path) : null;
        if (key !== null) wanted.push({ path, key });
      }
      const stored = await getExpectedSchemas(db, wanted.map((want) => want.key));
      const missing: typeof wanted = [];
      for (const want of wanted) {
        const text = (stored.get(want.key) as { text?: unknown } | undefined)?.text;
        if (typeof text === "string") prefetched.set(want.path, text);
        else missing.push(want);
      }
      // Asked for in one turn of the event loop: the commit's file source sends them as GraphQL batches.
      const texts = await Promise.all(missing.map((want) => source.readText(want.path)));
      const fresh = new Map<string, unknown>();
      missing.forEach((want, index) => {
        const text = texts[index] ?? null;
        prefetched.set(want.path, text);
        if (text !== null && text.length <= MAX_CACHED_BYTES) fresh.set(want.key, { text });
      });
      if (fresh.size > 0) await putExpectedSchemas(db, fresh, now());
    },
  };
}
