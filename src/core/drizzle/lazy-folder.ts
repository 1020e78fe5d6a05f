/**
 * A drizzle folder whose snapshots are built on demand (issue 12): both readers keep only the
 * newest schema (`expected`) in memory, and build an older one only when a check asks for it
 * (`loadSnapshots`, for pending-migration attribution). How a snapshot file becomes a schema is
 * the layout's business (`SnapshotBuilder`); holding and handing out the results is this file's.
 */
import { DriftcheckError } from "../errors.js";
import type { CanonicalSchema } from "../model.js";
import type { Finding } from "../findings.js";
import type { DrizzleFolder, MigrationFile } from "./types.js";

/** What the folder holds besides its snapshots' contents: what a cache may store. */
export type FolderSummary = Omit<DrizzleFolder, "migrations" | "loadSnapshots"> & { migrations: Omit<MigrationFile, "snapshot">[] };

/** Builds the schema of the snapshot at `path` (relative to the folder). */
export type SnapshotBuilder = (path: string) => Promise<CanonicalSchema>;

/**
 * `snapshot` and `loadSnapshots` live on the prototypes, the built schemas in private fields:
 * spreading, serialising or comparing a folder or a migration never reads a file, and two
 * folders read from equal files compare equal.
 */
export class LazyFolder implements DrizzleFolder {
  layout: "0.x" | "1.x";
  source: string;
  migrations: MigrationFile[];
  expected: CanonicalSchema;
  expectedFrom: string | null;
  findings: Finding[];
  readonly #build: SnapshotBuilder;
  readonly #built = new Map<string, CanonicalSchema>();

  constructor(summary: FolderSummary, build: SnapshotBuilder) {
    this.layout = summary.layout;
    this.source = summary.source;
    this.expected = summary.expected;
    this.expectedFrom = summary.expectedFrom;
    this.findings = summary.findings;
    this.#build = build;
    this.migrations = summary.migrations.map((plain) => new LazyMigration(plain, this.#built));
    // The newest snapshot is `expected`: never built twice.
    const newest = this.migrations.find((migration) => migration.tag === summary.expectedFrom)?.snapshotPath;
    if (newest) this.#built.set(newest, summary.expected);
  }

  async loadSnapshots(tags: readonly string[]): Promise<void> {
    // One at a time: a built schema is several times its file's size in memory.
    for (const tag of tags) {
      const path = this.migrations.find((migration) => migration.tag === tag)?.snapshotPath ?? null;
      if (path === null || this.#built.has(path)) continue;
      this.#built.set(path, await this.#build(path));
    }
  }
}

class LazyMigration implements MigrationFile {
  idx: number;
  tag: string;
  when: number;
  sqlPath: string;
  sql: string;
  hash: string;
  snapshotPath: string | null;
  readonly #built: ReadonlyMap<string, CanonicalSchema>;

  constructor(plain: Omit<MigrationFile, "snapshot">, built: ReadonlyMap<string, CanonicalSchema>) {
    this.idx = plain.idx;
    this.tag = plain.tag;
    this.when = plain.when;
    this.sqlPath = plain.sqlPath;
    this.sql = plain.sql;
    this.hash = plain.hash;
    this.snapshotPath = plain.snapshotPath;
    this.#built = built;
  }

  get snapshot(): CanonicalSchema | null {
    if (this.snapshotPath === null) return null;
    const schema = this.#built.get(this.snapshotPath);
    if (schema === undefined) throw new DriftcheckError("internal", `The snapshot of migration ${this.tag} was read before it was loaded (DrizzleFolder.loadSnapshots).`);
    return schema;
  }
}
