/**
 * Issue 12 for drizzle-kit 1.x folders. Version 8 snapshots are whole schemas: a check reads the
 * SQL files and the newest snapshot (plus CUSTOM_MIGRATION's near-equal pairs), and attribution
 * the pending migrations' and their predecessors'. Version 9 snapshots are diffs on their parent:
 * rebuilding the newest needs every one, so each is read once — never again for attribution, and
 * custom migrations are told by their empty deltas without rebuilding anything. Proven against a
 * reference that reads and rebuilds every snapshot, as the reader did before, on every 1.x fixture
 * at every applied prefix, and by counting the files a 300-migration folder's check reads.
 */
import { readFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import { ddlToSchema, ddlToSnapshotV7, entityKey, type DdlRow } from "../../src/core/drizzle/ddl-1x.js";
import { folderFindings } from "../../src/core/drizzle/folder-findings.js";
import { folderMillis } from "../../src/core/drizzle/read-folder-1x.js";
import { parseSnapshotV8 } from "../../src/core/drizzle/snapshot-v8.js";
import { parseSnapshotV9, reconstruct, type SnapshotsById } from "../../src/core/drizzle/snapshot-v9.js";
import type { DrizzleFolder, MigrationFile } from "../../src/core/drizzle/types.js";
import { migrationStatus } from "../../src/core/migrations/status.js";
import { emptySchema } from "../../src/core/model.js";
import { sha256Hex } from "../../src/core/util/sha256.js";
import { counting, judge, tableWith } from "../support/history-check.js";
import { writeLongFolder1x } from "../support/long-folder.js";

const ROOT = join(import.meta.dirname, "..", "..");
const temp = mkdtempSync(join(tmpdir(), "driftcheck-history-1x-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Reading everything, as the 1.x reader did before issue 12: every snapshot parsed and every state rebuilt. */
function readEverything(dir: string, source: string): DrizzleFolder {
  const folders = readdirSync(dir).filter((name) => readdirSync(join(dir, name)).includes("migration.sql")).sort((a, b) => a.localeCompare(b));
  const raws = folders.map((folder) => {
    const path = join(dir, folder, "snapshot.json");
    return readdirSync(join(dir, folder)).includes("snapshot.json") ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>) : null;
  });
  const chain: SnapshotsById = new Map();
  raws.forEach((raw, index) => {
    if (raw?.version !== "9") return;
    const snapshot = parseSnapshotV9(raw, `${source}/${folders[index]}/snapshot.json`);
    chain.set(snapshot.id, { snapshot, path: `${source}/${folders[index]}/snapshot.json` });
  });
  const rowsAt = (index: number): DdlRow[] | null => {
    const raw = raws[index];
    if (!raw) return null;
    return raw.version === "8" ? parseSnapshotV8(raw, "x").ddl : reconstruct(chain, String(raw.id)).list();
  };
  const contents: { tag: string; snapshotContent: unknown; sql: string }[] = [];
  const migrations: MigrationFile[] = folders.map((folder, index) => {
    const sql = readFileSync(join(dir, folder, "migration.sql"), "utf8");
    const rows = rowsAt(index);
    contents.push({ tag: folder, snapshotContent: rows ? content(rows) : null, sql });
    const snapshotPath = rows ? `${folder}/snapshot.json` : null;
    return { idx: index, tag: folder, when: folderMillis(folder), sqlPath: `${folder}/migration.sql`, sql, hash: sha256Hex(sql), snapshotPath, snapshot: rows ? ddlToSchema(rows, `${source}/${snapshotPath}`) : null };
  });
  const newest = migrations.findLast((migration) => migration.snapshot !== null);
  return { layout: "1.x", source, migrations, expected: newest?.snapshot ?? emptySchema(), expectedFrom: newest?.tag ?? null, findings: folderFindings(contents) };
}

function content(rows: DdlRow[]): unknown {
  const sorted = [...rows].sort((a, b) => `${a.entityType}\0${entityKey(a)}`.localeCompare(`${b.entityType}\0${entityKey(b)}`));
  const { id: _id, prevId: _prevId, ...shape } = ddlToSnapshotV7(sorted);
  return shape;
}

function longFolder(name: string, count: number, version: "8" | "9", custom: number[] = []): string {
  const dir = join(temp, name);
  writeLongFolder1x(dir, count, version, custom);
  return dir;
}

const FOLDERS = [
  ...readdirSync(join(ROOT, "test", "fixtures-1x")).map((name) => [`test/fixtures-1x/${name}`, join(ROOT, "test", "fixtures-1x", name)]),
  ["long v8 with custom migrations", longFolder("short-v8", 8, "8", [0, 3, 4])],
  ["long v9 with custom migrations", longFolder("short-v9", 8, "9", [0, 4, 7])],
];

describe("1.x: reading only what a check needs gives the results of reading everything", () => {
  it.each(FOLDERS)("%s, at every applied prefix", async (label, dir) => {
    const reference = readEverything(dir!, label!);
    for (let applied = 0; applied <= reference.migrations.length; applied++) {
      const lazy = await readDrizzleFolder(createDiskFileSource(dir!, label!));
      expect(lazy.expected).toEqual(reference.expected);
      expect(lazy.expectedFrom).toBe(reference.expectedFrom);
      expect(lazy.findings).toEqual(reference.findings);
      const metadata = (folder: DrizzleFolder) => folder.migrations.map(({ tag, when, hash, sqlPath, snapshotPath }) => ({ tag, when, hash, sqlPath, snapshotPath }));
      expect(metadata(lazy)).toEqual(metadata(reference));
      const actual = reference.migrations.slice(0, applied).findLast((migration) => migration.snapshot !== null)?.snapshot ?? emptySchema();
      const [got, want] = [await judge(lazy, applied, actual), await judge(reference, applied, actual)];
      expect(got.status).toEqual(want.status);
      expect(got.findings).toEqual(want.findings);
    }
  });

  it("the custom-migration fixtures are what the comparison is about", () => {
    expect(readEverything(FOLDERS.at(-2)![1]!, "v8").findings.map((finding) => finding.code)).toEqual(["CUSTOM_MIGRATION", "CUSTOM_MIGRATION", "CUSTOM_MIGRATION"]);
    expect(readEverything(FOLDERS.at(-1)![1]!, "v9").findings.map((finding) => finding.code)).toEqual(["CUSTOM_MIGRATION", "CUSTOM_MIGRATION", "CUSTOM_MIGRATION"]);
  });
});

describe("a 300-migration 1.x folder", () => {
  const count = 300;
  const tagAt = (index: number) => readdirSync(v8Dir).sort()[index]!;
  const v8Dir = longFolder("long-v8", count, "8", [120, 121, 250]);
  const v9Dir = longFolder("long-v9", count, "9", [120, 121, 250]);

  it("version 8 is read at the cost of its newest snapshot: the SQL files, one snapshot, near-equal pairs for CUSTOM_MIGRATION", async () => {
    const { files, read } = counting(v8Dir, "./long");
    const folder = await readDrizzleFolder(files);
    expect(read.filter((path) => path.endsWith(".sql"))).toHaveLength(count);
    const snapshots = [...new Set(read.filter((path) => path.endsWith("snapshot.json")))].sort();
    expect(snapshots).toEqual([0, 119, 120, 121, 249, 250, 299].map((index) => `${tagAt(index)}/snapshot.json`));
    expect(read.filter((path) => path.endsWith("snapshot.json"))).toHaveLength(snapshots.length);
    expect(folder.findings.map((finding) => [finding.code, finding.object])).toEqual([120, 121, 250].map((index) => ["CUSTOM_MIGRATION", tagAt(index)]));
    expect(folder.findings).toEqual(readEverything(v8Dir, "./long").findings);
  });

  it("version 8, last two migrations pending: attribution reads their snapshots and one predecessor's, nothing older", async () => {
    const { files, read } = counting(v8Dir, "./long");
    const folder = await readDrizzleFolder(files);
    read.length = 0;
    const reference = readEverything(v8Dir, "./long");
    const actual = reference.migrations[count - 3]!.snapshot!;
    const got = await judge(folder, count - 2, actual);
    expect(read.sort()).toEqual([`${tagAt(297)}/snapshot.json`, `${tagAt(298)}/snapshot.json`]);
    expect(got).toEqual(await judge(reference, count - 2, actual));
    expect(got.findings.filter((finding) => finding.code === "TABLE_MISSING").map((finding) => finding.pendingMigration)).toEqual([tagAt(298), tagAt(299)]);
  });

  it("version 9 reads each snapshot once (the chain the newest needs), and attribution reads nothing more", async () => {
    const { files, read } = counting(v9Dir, "./long");
    const folder = await readDrizzleFolder(files);
    expect(read.filter((path) => path.endsWith("snapshot.json"))).toHaveLength(count);
    expect(new Set(read).size).toBe(read.length);
    expect(folder.findings.map((finding) => [finding.code, finding.object])).toEqual([120, 121, 250].map((index) => ["CUSTOM_MIGRATION", tagAt(index)]));
    read.length = 0;
    const reference = readEverything(v9Dir, "./long");
    const actual = reference.migrations[count - 3]!.snapshot!;
    const got = await judge(folder, count - 2, actual);
    expect(read).toEqual([]);
    expect(got).toEqual(await judge(reference, count - 2, actual));
  });

  it("an edit to the FIRST applied migration is still MIGRATION_EDITED", async () => {
    for (const version of ["8", "9"] as const) {
      const edited = longFolder(`edited-v${version}`, count, version);
      const before = readEverything(edited, "./edited");
      writeFileSync(join(edited, tagAt(0), "migration.sql"), 'CREATE TABLE "t0000" ("id" serial PRIMARY KEY, "label" varchar);');
      const folder = await readDrizzleFolder(createDiskFileSource(edited, "./edited"));
      const status = migrationStatus(folder, tableWith(before, count), { migrations: "migrate" });
      expect(status.findings.map((finding) => [finding.code, finding.object])).toEqual([["MIGRATION_EDITED", tagAt(0)]]);
    }
  });
});
