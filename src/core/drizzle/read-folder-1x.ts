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
import type { DrizzleFolder, MigrationFile } from "./types.js";
import { ddlToSchema, ddlToSnapshotV7, entityKey, type DdlRow } from "./ddl-1x.js";
import { parseSnapshotV8 } from "./snapshot-v8.js";
import { parseSnapshotV9, reconstruct, type SnapshotsById } from "./snapshot-v9.js";
import { folderFindings } from "./folder-findings.js";

export const MIGRATION_SQL = "migration.sql";
export const SNAPSHOT_JSON = "snapshot.json";
export const SUPPORTED_1X_SNAPSHOT_VERSIONS = ["8", "9"];

/** drizzle-orm 1.x `formatToMillis`: the folder name's `YYYYMMDDHHMMSS` prefix as UTC milliseconds. */
export function folderMillis(folder: string): number {
  const part = (from: number, to: number) => parseInt(folder.slice(from, to), 10);
  const millis = Date.UTC(part(0, 4), part(4, 6) - 1, part(6, 8), part(8, 10), part(10, 12), part(12, 14));
  return Number.isNaN(millis) ? 0 : millis;
}

interface Read1x extends MigrationFile {
  /** The schema's content as a version-7-shaped object, compared structurally for CUSTOM_MIGRATION. */
  snapshotContent: unknown;
}

type Parsed = { version: "8"; rows: DdlRow[] } | { version: "9"; id: string };

export async function readFolder1x(files: FileSource): Promise<DrizzleFolder> {
  const source = files.describe();
  const folders: string[] = [];
  for (const entry of await files.list("")) {
    if ((await files.list(entry)).includes(MIGRATION_SQL)) folders.push(entry);
  }
  // The migrator's order: `a.name.localeCompare(b.name)`.
  folders.sort((a, b) => a.localeCompare(b));

  const parsed: (Parsed | null)[] = [];
  const v9: SnapshotsById = new Map();
  const sqls: string[] = [];
  for (const folder of folders) {
    const sqlPath = `${folder}/${MIGRATION_SQL}`;
    const sql = await files.readText(sqlPath);
    if (sql === null) throw userError(`${source}/${sqlPath} could not be read.`, "Check the folder's permissions.");
    sqls.push(sql);
    const snapshotPath = `${folder}/${SNAPSHOT_JSON}`;
    const text = await files.readText(snapshotPath);
    if (text === null) {
      parsed.push(null);
      continue;
    }
    const raw = parseJson(text, `${source}/${snapshotPath}`);
    const version = String(raw.version ?? "");
    if (version === "8") {
      parsed.push({ version: "8", rows: parseSnapshotV8(raw, `${source}/${snapshotPath}`).ddl });
    } else if (version === "9") {
      const snapshot = parseSnapshotV9(raw, `${source}/${snapshotPath}`);
      v9.set(snapshot.id, { snapshot, path: `${source}/${snapshotPath}` });
      parsed.push({ version: "9", id: snapshot.id });
    } else {
      throw userError(
        `${source}/${snapshotPath} has snapshot version ${JSON.stringify(raw.version ?? null)}; driftcheck reads drizzle-kit 1.x snapshots of versions ${SUPPORTED_1X_SNAPSHOT_VERSIONS.join(" and ")}.`,
        ["5", "6", "7"].includes(version)
          ? "That is a drizzle-kit 0.x snapshot in a 1.x folder: run `npx drizzle-kit up` with drizzle-kit 1.x to convert the folder."
          : "Upgrade driftcheck, or pass the expected schema as JSON.",
      );
    }
  }
  const versions = new Set(parsed.flatMap((entry) => (entry ? [entry.version] : [])));
  if (versions.size > 1) {
    throw userError(
      `${source} mixes drizzle-kit 1.x snapshot versions 8 and 9.`,
      "Run `npx drizzle-kit up` with drizzle-kit 1.0.0-rc.5 or later to convert every snapshot to version 9.",
    );
  }

  const hashes = await Promise.all(sqls.map((sql) => hashMigrationText(files, sql)));
  const migrations: Read1x[] = folders.map((folder, index) => {
    const entry = parsed[index]!;
    const snapshotPath = `${folder}/${SNAPSHOT_JSON}`;
    let rows: DdlRow[] | null = null;
    if (entry?.version === "8") rows = entry.rows;
    if (entry?.version === "9") rows = reconstruct(v9, entry.id).list();
    const sql = sqls[index]!;
    return {
      idx: index,
      tag: folder,
      when: folderMillis(folder),
      sqlPath: `${folder}/${MIGRATION_SQL}`,
      sql,
      // drizzle-orm 1.x: createHash("sha256").update(readFileSync(path).toString()).digest("hex").
      hash: hashes[index]!,
      snapshotPath: entry ? snapshotPath : null,
      snapshot: rows ? ddlToSchema(rows, `${source}/${snapshotPath}`) : null,
      snapshotContent: rows ? snapshotContent(rows) : null,
    };
  });

  let expected: CanonicalSchema = emptySchema();
  let expectedFrom: string | null = null;
  for (const migration of migrations) {
    if (migration.snapshot) {
      expected = migration.snapshot;
      expectedFrom = migration.tag;
    }
  }
  return {
    layout: "1.x",
    source,
    migrations: migrations.map(({ snapshotContent: _content, ...migration }) => migration),
    expected,
    expectedFrom,
    findings: folderFindings(migrations),
  };
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
