import type { CanonicalSchema } from "../model.js";
import type { Finding } from "../findings.js";

/** One migration of a drizzle folder, in journal order. */
export interface MigrationFile {
  idx: number;
  /** `0003_add_updated_at` (0.x) or the folder name (1.x). */
  tag: string;
  /** Journal `when` (ms since epoch); for 1.x derived from the folder's timestamp. */
  when: number;
  /** Path of the .sql file relative to the drizzle folder. */
  sqlPath: string;
  sql: string;
  /** sha256 hex of the whole .sql file, as drizzle-orm's migrator computes it. */
  hash: string;
  /** Path of its snapshot relative to the drizzle folder, or null when there is none. */
  snapshotPath: string | null;
  /**
   * The full expected schema after this migration, or null when no snapshot exists (then
   * `snapshotPath` is null too). Readers may build it on first access (a getter): check
   * `snapshotPath` to skip migrations without one, and read `snapshot` only where it is needed.
   */
  readonly snapshot: CanonicalSchema | null;
}

export interface DrizzleFolder {
  layout: "0.x" | "1.x";
  /** Human description of where the folder was read from. */
  source: string;
  migrations: MigrationFile[];
  /** The newest snapshot's schema: what the code expects. */
  expected: CanonicalSchema;
  /** Tag of the migration whose snapshot is `expected`, or null when the folder is empty. */
  expectedFrom: string | null;
  /** Folder-level findings: SNAPSHOT_STALE, SNAPSHOT_MISSING, MIGRATION_FILE_UNLISTED, CUSTOM_MIGRATION. */
  findings: Finding[];
  /**
   * Builds the snapshots of these migrations so that their `snapshot` can be read (the readers
   * keep only `expected` in memory and build older snapshots on demand, lazy-folder.ts: a check
   * needs the pending migrations' and their predecessors', see attributionSnapshotTags). Reading
   * the `snapshot` of one not loaded throws. Absent when every snapshot is already in memory.
   * Not serialised: a cached folder gets it back from `withSnapshotLoader` (index.ts).
   */
  loadSnapshots?(tags: readonly string[]): Promise<void>;
}
