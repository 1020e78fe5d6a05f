/**
 * CUSTOM_MIGRATION without parsing the history (issue 12): which migrations' snapshots equal their
 * predecessor's (folder-findings.ts has the meaning), deciding most pairs from file sizes alone.
 *
 * `drizzle-kit generate --custom` writes the previous snapshot again with a new `id` and `prevId`
 * (fixed-length UUIDs), so a copy has its predecessor's size to within the ids' lengths. A pair
 * whose sizes differ by more than ID_SLACK_BYTES cannot be a copy and is never read; only
 * near-equal pairs (in practice: the custom migrations themselves) are read and compared
 * structurally, exactly as before, one pair at a time. A first snapshot is a copy of the empty
 * schema only if it is small. Sources that cannot tell a size (FileSource.size) read every
 * snapshot once, still one at a time.
 */
import type { FileSource } from "../port.js";
import { jsonEqual } from "../util/json-equal.js";
import { sha256HexAsync } from "../util/sha256.js";
import { IDENTITY_KEYS, isEmptySnapshot } from "./folder-findings.js";

/** Two ids of at most 64 characters each, serialised: anything further apart differs in content. */
export const ID_SLACK_BYTES = 128;
/** drizzle-kit's empty snapshot is ~400 bytes; one with a table is larger than this. */
export const EMPTY_SNAPSHOT_MAX_BYTES = 2048;

export interface SnapshotFileRef {
  tag: string;
  /** Path in the folder, or null when the migration has no snapshot. */
  path: string | null;
}

/**
 * Tags of the migrations whose snapshot equals the previous migration's (or, for the first, the
 * empty schema). `readContent` parses a snapshot into what is compared (the upgraded JSON).
 */
export async function customMigrationTags(files: FileSource, migrations: SnapshotFileRef[], readContent: (path: string) => Promise<unknown>): Promise<string[]> {
  const sizes = await Promise.all(migrations.map((migration) => (migration.path === null || !files.size ? null : files.size(migration.path))));
  const tags: string[] = [];
  // The last content read, so a run of candidate pairs reads each snapshot once.
  let held: { path: string; content: unknown } | null = null;
  const content = async (path: string): Promise<unknown> => {
    if (held?.path !== path) held = { path, content: await readContent(path) };
    return held.content;
  };
  for (let index = 0; index < migrations.length; index++) {
    const migration = migrations[index]!;
    if (migration.path === null) continue;
    const size = sizes[index];
    if (index === 0) {
      if ((size === null || size === undefined || size <= EMPTY_SNAPSHOT_MAX_BYTES) && isEmptySnapshot(await content(migration.path))) tags.push(migration.tag);
      continue;
    }
    const previous = migrations[index - 1]!;
    if (previous.path === null) continue;
    const previousSize = sizes[index - 1];
    const comparable = size === null || size === undefined || previousSize === null || previousSize === undefined || Math.abs(size - previousSize) <= ID_SLACK_BYTES;
    if (!comparable) continue;
    if (files.derived) {
      // Digests instead of contents: remembered by the source, so a copy is read once, ever.
      if ((await digest(files, previous.path, content)) === (await digest(files, migration.path, content))) tags.push(migration.tag);
      continue;
    }
    const before = await content(previous.path);
    if (jsonEqual(before, await content(migration.path), IDENTITY_KEYS)) tags.push(migration.tag);
  }
  return tags;
}

/** The kind under which snapshot digests are kept (FileSource.derived); bump when the digest changes. */
export const SNAPSHOT_DIGEST_KIND = "snapshot-content-v1";

/**
 * sha256 of the snapshot's content without its identity keys, keys sorted at every depth and
 * `undefined` dropped as JSON.stringify drops it: equal digests exactly when jsonEqual holds.
 */
export async function snapshotContentDigest(content: unknown): Promise<string> {
  const shape = typeof content === "object" && content !== null && !Array.isArray(content)
    ? Object.fromEntries(Object.entries(content).filter(([key]) => !IDENTITY_KEYS.includes(key)))
    : content;
  return sha256HexAsync(JSON.stringify(shape, (_key, value: unknown) =>
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  ) ?? "undefined");
}

async function digest(files: FileSource, path: string, content: (path: string) => Promise<unknown>): Promise<string> {
  const known = await files.derived!.get(path, SNAPSHOT_DIGEST_KIND);
  if (known !== undefined) return known;
  const computed = await snapshotContentDigest(await content(path));
  await files.derived!.put(path, SNAPSHOT_DIGEST_KIND, computed);
  return computed;
}
