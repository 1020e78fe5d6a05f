/**
 * Content-addressed caches that make a steady-state check cheap: the parsed expected schema per
 * drizzle-folder tree sha, and the sha256 of each migration file per blob sha. Both keys name
 * immutable git content, so entries never go stale and are written at most once.
 */
import { eq, inArray } from "drizzle-orm";
import { chunkRows, type Db } from "./db.js";
import { expectedSchemas, migrationHashes } from "./schema.js";

export async function getExpectedSchema(db: Db, treeSha: string): Promise<unknown | null> {
  const row = await db.select({ schema: expectedSchemas.schema }).from(expectedSchemas).where(eq(expectedSchemas.treeSha, treeSha)).get();
  return row?.schema ?? null;
}

export async function putExpectedSchema(db: Db, treeSha: string, schema: unknown, now: number): Promise<void> {
  await db.insert(expectedSchemas).values({ treeSha, schema, createdAt: now }).onConflictDoNothing();
}

/** Entries of several keys in one query per 100 keys (absent keys are absent from the map). */
export async function getExpectedSchemas(db: Db, keys: readonly string[]): Promise<Map<string, unknown>> {
  const found = new Map<string, unknown>();
  for (const chunk of chunkRows(keys, 1)) {
    const rows = await db.select({ key: expectedSchemas.treeSha, schema: expectedSchemas.schema }).from(expectedSchemas).where(inArray(expectedSchemas.treeSha, chunk)).all();
    for (const row of rows) found.set(row.key, row.schema);
  }
  return found;
}

/** One insert per ≤ 1 MB of values (and D1's parameter limit): many small entries cost a few statements. */
export async function putExpectedSchemas(db: Db, entries: ReadonlyMap<string, unknown>, now: number): Promise<void> {
  const MAX_STATEMENT_BYTES = 1_000_000;
  let group: { treeSha: string; schema: unknown; createdAt: number }[] = [];
  let bytes = 0;
  const flush = async () => {
    for (const chunk of chunkRows(group, 3)) await db.insert(expectedSchemas).values(chunk).onConflictDoNothing();
    group = [];
    bytes = 0;
  };
  for (const [treeSha, schema] of entries) {
    const size = JSON.stringify(schema).length;
    if (group.length > 0 && bytes + size > MAX_STATEMENT_BYTES) await flush();
    group.push({ treeSha, schema, createdAt: now });
    bytes += size;
  }
  if (group.length > 0) await flush();
}

/** Known hashes for these blob shas (absent keys are unknown). */
export async function getMigrationHashes(db: Db, blobShas: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const chunk of chunkRows(blobShas, 1)) {
    const rows = await db.select().from(migrationHashes).where(inArray(migrationHashes.blobSha, chunk)).all();
    for (const row of rows) found.set(row.blobSha, row.sha256);
  }
  return found;
}

export async function putMigrationHashes(db: Db, hashes: ReadonlyMap<string, string>): Promise<void> {
  const rows = [...hashes].map(([blobSha, sha256]) => ({ blobSha, sha256 }));
  for (const chunk of chunkRows(rows, 2)) await db.insert(migrationHashes).values(chunk).onConflictDoNothing();
}
