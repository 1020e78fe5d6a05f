import type { MigrationsTableRef } from "../introspect/types.js";

/**
 * `unknown`: the applied-migrations table exists but could not be read, so whether the entry ran
 * is not known (and it is not counted as pending: the migrator may well have run it).
 */
export type MigrationState = "applied" | "pending" | "skipped" | "edited" | "unknown";

export interface MigrationStatus {
  table: MigrationsTableRef;
  tableExists: boolean;
  /** Shape of the applied-migrations table; decides the matching rule (1.x: by name, 0.x: by hash/when). */
  shape: "0.x" | "1.x" | null;
  /** Journal entries with their state, in journal order. */
  entries: { tag: string; when: number; state: MigrationState }[];
  /** Tags of pending (and skipped) migrations in journal order. */
  pending: string[];
  applied: number;
  /** Rows of the table that match no journal entry. */
  unknown: number;
}
