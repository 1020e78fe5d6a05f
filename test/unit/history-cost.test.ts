/**
 * Issue 12: a check costs the newest snapshot plus what is pending. The 0.x reader reads the
 * journal, the SQL files, and one snapshot; attribution then reads the pending migrations' and
 * their predecessors'. Proven two ways: results identical to reading everything (the reference
 * below parses every snapshot, as the reader did before) on every fixture folder and every
 * applied prefix, and a count of the files a 300-migration folder's check reads.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { readDrizzleFolder, snapshotToSchema, upgradeSnapshot } from "../../src/core/drizzle/index.js";
import { folderFindings } from "../../src/core/drizzle/folder-findings.js";
import { snapshotFilesFor, snapshotGapFindings, unlistedSqlFiles } from "../../src/core/drizzle/snapshot-files.js";
import type { DrizzleFolder, MigrationFile } from "../../src/core/drizzle/types.js";
import { migrationStatus } from "../../src/core/migrations/status.js";
import { emptySchema } from "../../src/core/model.js";
import { sha256Hex } from "../../src/core/util/sha256.js";
import { writeLongFolder } from "../support/long-folder.js";
import { counting, judge, tableWith } from "../support/history-check.js";

const ROOT = join(import.meta.dirname, "..", "..");
const FOLDERS = [
  join(ROOT, "examples", "soundcloud", "drizzle"),
  ...readdirSync(join(ROOT, "test", "fixtures")).map((name) => join(ROOT, "test", "fixtures", name, "migrations")),
].filter((dir) => existsSync(join(dir, "meta", "_journal.json")));

const temp = mkdtempSync(join(tmpdir(), "driftcheck-history-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Reading everything, as the 0.x reader did before issue 12: every snapshot parsed and built. */
function readEverything(dir: string, source: string): DrizzleFolder {
  const journal = JSON.parse(readFileSync(join(dir, "meta", "_journal.json"), "utf8")) as { entries: { idx: number; when: number; tag: string }[] };
  const contents: { tag: string; snapshotContent: unknown; sql: string }[] = [];
  const snapshotFiles = snapshotFilesFor(journal.entries.map((entry) => entry.tag));
  const migrations: MigrationFile[] = journal.entries.map((entry, position) => {
    const sqlPath = `${entry.tag}.sql`;
    const sql = readFileSync(join(dir, sqlPath), "utf8");
    const snapshotPath = snapshotFiles[position] ?? "";
    const where = `${source}/${snapshotPath}`;
    const content = snapshotPath !== "" && existsSync(join(dir, snapshotPath)) ? upgradeSnapshot(JSON.parse(readFileSync(join(dir, snapshotPath), "utf8")), where) : null;
    contents.push({ tag: entry.tag, snapshotContent: content, sql });
    const snapshot = content === null ? null : snapshotToSchema(content, where);
    return { idx: entry.idx, tag: entry.tag, when: entry.when, sqlPath, sql, hash: sha256Hex(sql), snapshotPath: content === null ? null : snapshotPath, snapshot };
  });
  const newest = migrations.findLast((migration) => migration.snapshot !== null);
  return { layout: "0.x", source, migrations, expected: newest?.snapshot ?? emptySchema(), expectedFrom: newest?.tag ?? null, findings: [
      ...folderFindings(contents),
      ...snapshotGapFindings(migrations, unlistedSqlFiles(readdirSync(dir), journal.entries.map((entry) => entry.tag))),
    ],
  };
}

describe("reading only what a check needs gives the results of reading everything", () => {
  it.each(FOLDERS.map((dir) => [dir.slice(ROOT.length + 1), dir]))("%s, at every applied prefix", async (label, dir) => {
    const reference = readEverything(dir, label);
    for (let applied = 0; applied <= reference.migrations.length; applied++) {
      const lazy = await readDrizzleFolder(createDiskFileSource(dir, label));
      expect(lazy.expected).toEqual(reference.expected);
      expect(lazy.expectedFrom).toBe(reference.expectedFrom);
      expect(lazy.findings).toEqual(reference.findings);
      expect(lazy.migrations.map(({ tag, when, hash, sqlPath, snapshotPath }) => ({ tag, when, hash, sqlPath, snapshotPath }))).toEqual(
        reference.migrations.map(({ tag, when, hash, sqlPath, snapshotPath }) => ({ tag, when, hash, sqlPath, snapshotPath })),
      );
      // The database as the migrator leaves it after `applied` migrations: the snapshot of the last one applied.
      const actual = reference.migrations.slice(0, applied).findLast((migration) => migration.snapshot !== null)?.snapshot ?? emptySchema();
      const [got, want] = [await judge(lazy, applied, actual), await judge(reference, applied, actual)];
      expect(got.status).toEqual(want.status);
      expect(got.findings).toEqual(want.findings);
    }
  });
});

function longFolder(name: string, count: number, custom: number[] = []): string {
  const dir = join(temp, name);
  writeLongFolder(dir, count, custom);
  return dir;
}

describe("a 300-migration folder", () => {
  const count = 300;
  const dir = longFolder("long", count, [120, 121, 250]);

  it("is read at the cost of its newest snapshot: the journal, the SQL files, one snapshot (plus near-equal pairs for CUSTOM_MIGRATION)", async () => {
    const { files, read } = counting(dir, "./long");
    const folder = await readDrizzleFolder(files);
    const snapshots = read.filter((path) => path.endsWith("_snapshot.json"));
    expect(read.filter((path) => path.endsWith(".sql"))).toHaveLength(count);
    // The newest, the three copies with their predecessors (0119–0121, 0249–0250), and the first,
    // which is small enough to be a copy of the empty schema.
    expect([...new Set(snapshots)].sort()).toEqual(["meta/0000_snapshot.json", "meta/0119_snapshot.json", "meta/0120_snapshot.json", "meta/0121_snapshot.json", "meta/0249_snapshot.json", "meta/0250_snapshot.json", "meta/0299_snapshot.json"]);
    expect(folder.findings.map((finding) => [finding.code, finding.object])).toEqual([["CUSTOM_MIGRATION", "0120_m"], ["CUSTOM_MIGRATION", "0121_m"], ["CUSTOM_MIGRATION", "0250_m"]]);
    expect(folder.findings).toEqual(readEverything(dir, "./long").findings);
  });

  it("a check with the last two migrations pending reads their snapshots and one predecessor's, nothing older", async () => {
    const { files, read } = counting(dir, "./long");
    const folder = await readDrizzleFolder(files);
    read.length = 0;
    const reference = readEverything(dir, "./long");
    const actual = reference.migrations[count - 3]!.snapshot!;
    const got = await judge(folder, count - 2, actual);
    expect(read.sort()).toEqual(["meta/0297_snapshot.json", "meta/0298_snapshot.json"]);
    expect(got).toEqual(await judge(reference, count - 2, actual));
    expect(got.findings.filter((finding) => finding.code === "TABLE_MISSING").map((finding) => finding.pendingMigration)).toEqual(["0298_m", "0299_m"]);
  });

  it("an edit to the FIRST applied migration is still MIGRATION_EDITED", async () => {
    const edited = longFolder("edited", count);
    const before = readEverything(edited, "./edited");
    writeFileSync(join(edited, "0000_m.sql"), "CREATE TABLE t0 (id bigserial primary key, label text);");
    const folder = await readDrizzleFolder(createDiskFileSource(edited, "./edited"));
    const status = migrationStatus(folder, tableWith(before, count), { migrations: "migrate" });
    expect(status.findings.map((finding) => [finding.code, finding.object])).toEqual([["MIGRATION_EDITED", "0000_m"]]);
  });
});
