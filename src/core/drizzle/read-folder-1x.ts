/**
 * drizzle-kit 1.x folder: one `<YYYYMMDDHHMMSS>_<name>/` folder per migration holding
 * `migration.sql` and `snapshot.json`, no journal. Migrations are what drizzle-orm 1.x's
 * migrator (`readMigrationFiles`) runs: every sub-folder that has a `migration.sql`, sorted by
 * name with `localeCompare`, named by the folder, hashed as sha256 of the file text, dated by the
 * folder's first 14 digits read as a UTC time. Snapshots are version 8 (full entity list in
 * each) or version 9 (a base, then diffs replayed in order); one folder holds one version.
 */
import { parseJsonWithinLimits } from "../input-limits.js";
import { userError } from "../errors.js";
import { emptySchema, type CanonicalSchema } from "../model.js";
import type { FileSource } from "../port.js";
import { hashMigrationText } from "../util/sha256.js";
import { jsonEqual } from "../util/json-equal.js";
import type { DrizzleFolder, MigrationFile } from "./types.js";
import { ddlToSchema, ddlToSnapshotV7, entityKey, type DdlRow } from "./ddl-1x.js";
import { parseSnapshotV8 } from "./snapshot-v8.js";
import { parseSnapshotV9, reconstruct, type SnapshotsById, type SnapshotV9 } from "./snapshot-v9.js";
import { customMigrationFinding, IDENTITY_KEYS, isEmptySnapshot, staleSnapshotFindings } from "./folder-findings.js";
import { customMigrationTags } from "./custom-migrations.js";
import { LazyFolder, type FolderSummary, type SnapshotBuilder } from "./lazy-folder.js";

export const MIGRATION_SQL = "migration.sql";
export const SNAPSHOT_JSON = "snapshot.json";
export const SUPPORTED_1X_SNAPSHOT_VERSIONS = ["8", "9"];

/** drizzle-orm 1.x `formatToMillis`: the folder name's `YYYYMMDDHHMMSS` prefix as UTC milliseconds. */
export function folderMillis(folder: string): number {
  const part = (from: number, to: number) => parseInt(folder.slice(from, to), 10);
  const millis = Date.UTC(part(0, 4), part(4, 6) - 1, part(6, 8), part(8, 10), part(10, 12), part(12, 14));
  return Number.isNaN(millis) ? 0 : millis;
}

/**
 * Reads the folder at the cost of its newest schema (issue 12): every migration's SQL (for its
 * hash; small) and, for the snapshots, what rebuilding the newest needs — version 8: the newest
 * file alone (older ones are read only when asked for, and for CUSTOM_MIGRATION only pairs whose
 * sizes say they may be copies, custom-migrations.ts); version 9: every file, as each is a diff
 * on its parent (small, except the base), parsed once and replayed only up to the states asked for.
 */
export async function readFolder1x(files: FileSource): Promise<DrizzleFolder> {
  const source = files.describe();
  const found: { folder: string; hasSnapshot: boolean }[] = [];
  for (const entry of await files.list("")) {
    const inside = await files.list(entry);
    if (inside.includes(MIGRATION_SQL)) found.push({ folder: entry, hasSnapshot: inside.includes(SNAPSHOT_JSON) });
  }
  // The migrator's order: `a.name.localeCompare(b.name)`.
  found.sort((a, b) => a.folder.localeCompare(b.folder));

  // Read (and hash) every migration file at once; errors are raised in folder order.
  const settled = await Promise.allSettled(found.map(({ folder }) => readMigrationSql(files, source, folder)));
  const migrations: Omit<MigrationFile, "snapshot">[] = settled.map((result, index) => {
    if (result.status === "rejected") throw result.reason;
    const { folder, hasSnapshot } = found[index]!;
    return {
      idx: index,
      tag: folder,
      when: folderMillis(folder),
      sqlPath: `${folder}/${MIGRATION_SQL}`,
      sql: result.value.sql,
      // drizzle-orm 1.x: createHash("sha256").update(readFileSync(path).toString()).digest("hex").
      hash: result.value.hash,
      snapshotPath: hasSnapshot ? `${folder}/${SNAPSHOT_JSON}` : null,
    };
  });

  const snapshots = new SnapshotReader1x(files, source, migrations);
  const newest = migrations.findLast((migration) => migration.snapshotPath !== null);
  const expected = newest ? await snapshots.build(newest.snapshotPath!) : emptySchema();
  // A folder converted to version 9 and then extended by an older drizzle-kit mixes versions; its
  // first snapshot tells (a version 9 base), so the mix is reported now, not when a check asks
  // for an older snapshot. (Version 9 reads every snapshot anyway.)
  const first = migrations.find((migration) => migration.snapshotPath !== null);
  if (first && first !== newest) await snapshots.settleVersionOf(first.snapshotPath!);
  const custom = newest ? await snapshots.customMigrationTags() : [];
  const findings = [
    ...staleSnapshotFindings(migrations.map((migration) => ({ tag: migration.tag, hasSnapshot: migration.snapshotPath !== null, sql: migration.sql }))),
    ...custom.map((tag) => customMigrationFinding(tag, migrations.find((migration) => migration.tag === tag)?.sql)),
  ];
  return new LazyFolder({ layout: "1.x", source, migrations, expected, expectedFrom: newest?.tag ?? null, findings }, (path) => snapshots.build(path));
}

/** A 1.x folder summary (what the Worker caches) whose older snapshots are read from `files` again when asked for. */
export function folder1xSnapshotBuilder(files: FileSource, summary: FolderSummary): SnapshotBuilder {
  const snapshots = new SnapshotReader1x(files, summary.source, summary.migrations);
  return (path) => snapshots.build(path);
}

async function readMigrationSql(files: FileSource, source: string, folder: string): Promise<{ sql: string; hash: string }> {
  const sqlPath = `${folder}/${MIGRATION_SQL}`;
  const sql = await files.readText(sqlPath);
  if (sql === null) throw userError(`${source}/${sqlPath} could not be read.`, "Check the folder's permissions.");
  return { sql, hash: await hashMigrationText(files, sql) };
}

/**
 * The folder's snapshots, read as each version needs: a version 8 file is a whole schema and is
 * read alone; a version 9 file needs its ancestors, so the first version 9 file asked for reads
 * the whole chain once (kept parsed: diffs are small) and states are replayed from it.
 */
class SnapshotReader1x {
  #chain: Promise<Chain> | null = null;
  #version: "8" | "9" | null = null;
  /** The last file read, parsed: the first snapshot is read for its version and again for CUSTOM_MIGRATION. */
  #held: { path: string; raw: Record<string, unknown> } | null = null;

  constructor(
    private readonly files: FileSource,
    private readonly source: string,
    private readonly migrations: readonly Omit<MigrationFile, "snapshot">[],
  ) {}

  async build(path: string): Promise<CanonicalSchema> {
    const where = `${this.source}/${path}`;
    return ddlToSchema(await this.rows(path), where);
  }

  /** Tags of the migrations whose snapshot equals the previous migration's (the first: the empty schema). */
  async customMigrationTags(): Promise<string[]> {
    const refs = this.migrations.map((migration) => ({ tag: migration.tag, path: migration.snapshotPath }));
    if (this.#version === "8") return customMigrationTags(this.files, refs, async (path) => snapshotContent(await this.rows(path)));
    const { byId, at } = await this.chain();
    const tags: string[] = [];
    refs.forEach((ref, index) => {
      if (ref.path === null) return;
      const snapshot = at(ref.path);
      const previous = index > 0 ? refs[index - 1]!.path : null;
      if (index === 0) {
        if (isEmptySnapshot(snapshotContent(reconstruct(byId, snapshot.id).list()))) tags.push(ref.tag);
        return;
      }
      if (previous === null) return;
      const parent = at(previous);
      // drizzle-kit's own test (`customMigrations`): a diff on the previous migration with no deltas.
      // Anything else (a merge, a parent that is not the previous folder) is compared in full.
      const same =
        snapshot.type === "diff" && snapshot.prevIds.length === 1 && snapshot.prevIds[0] === parent.id
          ? snapshot.deltas.length === 0
          : jsonEqual(snapshotContent(reconstruct(byId, parent.id).list()), snapshotContent(reconstruct(byId, snapshot.id).list()), IDENTITY_KEYS);
      if (same) tags.push(ref.tag);
    });
    return tags;
  }

  /** Reads the file's version (remembering the file: CUSTOM_MIGRATION may read it next); a mix is an error. */
  async settleVersionOf(path: string): Promise<void> {
    if (this.#version === "9") return; // every file was read, and checked, for the chain
    this.settleVersion(await this.readRaw(path), `${this.source}/${path}`);
  }

  private async rows(path: string): Promise<DdlRow[]> {
    if (this.#version === "9") return this.replayed(path);
    const where = `${this.source}/${path}`;
    const raw = await this.readRaw(path);
    if (this.settleVersion(raw, where) === "8") return parseSnapshotV8(raw, where).ddl;
    return this.replayed(path, { path, raw });
  }

  private async replayed(path: string, seed?: { path: string; raw: Record<string, unknown> }): Promise<DdlRow[]> {
    const { byId, at } = await this.chain(seed);
    return reconstruct(byId, at(path).id).list();
  }

  /** Every version 9 snapshot of the folder, parsed, by id and by path (read once; `seed` is one already read). */
  private chain(seed?: { path: string; raw: Record<string, unknown> }): Promise<Chain> {
    this.#chain ??= (async () => {
      const byId: SnapshotsById = new Map();
      const byPath = new Map<string, SnapshotV9>();
      await this.files.prefetch?.(this.migrations.flatMap((migration) => (migration.snapshotPath === null || migration.snapshotPath === seed?.path ? [] : [migration.snapshotPath])));
      for (const migration of this.migrations) {
        const path = migration.snapshotPath;
        if (path === null) continue;
        const where = `${this.source}/${path}`;
        const raw = seed?.path === path ? seed.raw : await this.readRaw(path);
        this.settleVersion(raw, where);
        const snapshot = parseSnapshotV9(raw, where);
        byId.set(snapshot.id, { snapshot, path: where });
        byPath.set(path, snapshot);
      }
      return { byId, at: (path) => byPath.get(path)! };
    })();
    return this.#chain;
  }

  /** The folder's snapshot version, from the first file read; a file of another version is an error. */
  private settleVersion(raw: Record<string, unknown>, where: string): "8" | "9" {
    const version = String(raw.version ?? "");
    if (version !== "8" && version !== "9") {
      throw userError(
        `${where} has snapshot version ${JSON.stringify(raw.version ?? null)}; driftcheck reads drizzle-kit 1.x snapshots of versions ${SUPPORTED_1X_SNAPSHOT_VERSIONS.join(" and ")}.`,
        ["5", "6", "7"].includes(version)
          ? "That is a drizzle-kit 0.x snapshot in a 1.x folder: run `npx drizzle-kit up` with drizzle-kit 1.x to convert the folder."
          : "Upgrade driftcheck, or pass the expected schema as JSON.",
      );
    }
    this.#version ??= version;
    if (version !== this.#version) {
      throw userError(
        `${this.source} mixes drizzle-kit 1.x snapshot versions 8 and 9.`,
        "Run `npx drizzle-kit up` with drizzle-kit 1.0.0-rc.5 or later to convert every snapshot to version 9.",
      );
    }
    return version;
  }

  private async readRaw(path: string): Promise<Record<string, unknown>> {
    if (this.#held?.path === path) return this.#held.raw;
    const raw = await this.readParsed(path);
    this.#held = { path, raw };
    return raw;
  }

  private async readParsed(path: string): Promise<Record<string, unknown>> {
    const where = `${this.source}/${path}`;
    const text = await this.files.readText(path);
    if (text === null) throw userError(`${where} could not be read (it was listed in the folder).`, "Check the folder's permissions, or restore it from git.");
    return parseJson(text, where);
  }
}

interface Chain {
  byId: SnapshotsById;
  /** The snapshot at a path of the folder (every path with a snapshot has one). */
  at(path: string): SnapshotV9;
}

/** The schema's content, independent of row order: equal for a `--custom` migration and its parent. */
function snapshotContent(rows: DdlRow[]): unknown {
  const sorted = [...rows].sort((a, b) => `${a.entityType}\0${entityKey(a)}`.localeCompare(`${b.entityType}\0${entityKey(b)}`));
  const { id: _id, prevId: _prevId, ...shape } = ddlToSnapshotV7(sorted);
  return shape;
}

function parseJson(text: string, path: string): Record<string, unknown> {
  const value = parseJsonWithinLimits(text, path, (error) => {
    throw userError(
      `${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
      "Fix or regenerate the file (look for merge-conflict markers), e.g. with `npx drizzle-kit generate`.",
    );
  });
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw userError(`${path} is not a drizzle-kit snapshot (expected a JSON object).`, "Regenerate it with `npx drizzle-kit generate`.");
  }
  return value as Record<string, unknown>;
}
