import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS, runCheck } from "../../src/core/check.js";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import { snapshotConflicts, snapshotFileOf, unusableSnapshots } from "../../src/core/drizzle/snapshot-files.js";
import type { ReadOnlyExecutor } from "../../src/core/port.js";
import { memoryFiles, snapshotV7, usersTable } from "./drizzle-helpers.js";

const idColumn = { id: { name: "id", type: "serial", primaryKey: true, notNull: true } };

/** A 0.x folder with the snapshot files named as the test says (drizzle-kit's names per prefix mode). */
function folderFiles(entries: { tag: string; snapshotFile: string | null; sql?: string }[], extra: Record<string, string> = {}): Record<string, string> {
  const files: Record<string, string> = {
    "meta/_journal.json": JSON.stringify({
      version: "7",
      dialect: "postgresql",
      entries: entries.map((entry, idx) => ({ idx, version: "7", when: 1000 + idx, tag: entry.tag, breakpoints: true })),
    }),
    ...extra,
  };
  entries.forEach((entry, idx) => {
    files[`${entry.tag}.sql`] = entry.sql ?? "select 1;";
    // One more column per migration, so no snapshot equals its predecessor's (that is CUSTOM_MIGRATION).
    const columns = { ...idColumn, [`c${idx}`]: { name: `c${idx}`, type: "text", primaryKey: false, notNull: false } };
    if (entry.snapshotFile) files[entry.snapshotFile] = JSON.stringify(snapshotV7({ tables: usersTable(columns) }));
  });
  return files;
}

describe("snapshot file names, as drizzle-kit 0.31 writes them for each migrations.prefix", () => {
  it.each([
    ["index", "0003_add_users", "meta/0003_snapshot.json"],
    ["timestamp / supabase", "20260529123231_add_users", "meta/20260529123231_snapshot.json"],
    ["unix", "1780000000_add_users", "meta/1780000000_snapshot.json"],
    ["none", "_add_users", "meta/_snapshot.json"],
    ["a name with underscores", "0003_add_user_roles", "meta/0003_snapshot.json"],
  ])("%s: %s → %s", (_mode, tag, file) => {
    expect(snapshotFileOf(tag)).toBe(file);
  });

  it("names the files several entries share", () => {
    expect(snapshotConflicts(["_init", "_users", "_roles"])).toEqual([{ path: "meta/_snapshot.json", tags: ["_init", "_users", "_roles"] }]);
    expect(snapshotConflicts(["1780000000_a", "1780000000_b", "1780000060_c"])).toEqual([{ path: "meta/1780000000_snapshot.json", tags: ["1780000000_a", "1780000000_b"] }]);
    expect(snapshotConflicts(["0000_a", "0001_b"])).toEqual([]);
  });
});

describe("reading a 0.x folder finds every snapshot and says which it cannot", () => {
  it("timestamp prefixes: the newest snapshot is the expected schema", async () => {
    const folder = await readDrizzleFolder(
      memoryFiles(
        folderFiles([
          { tag: "20260528202640_init", snapshotFile: "meta/20260528202640_snapshot.json" },
          { tag: "20260528202740_users", snapshotFile: "meta/20260528202740_snapshot.json" },
        ]),
      ),
    );
    expect(folder.expectedFrom).toBe("20260528202740_users");
    expect(folder.migrations.map((m) => m.snapshotPath)).toEqual(["meta/20260528202640_snapshot.json", "meta/20260528202740_snapshot.json"]);
    expect(Object.keys(folder.expected.tables)).toEqual(["public.users"]);
    expect(folder.findings).toEqual([]);
    expect(unusableSnapshots(folder)).toBeNull();
  });

  it("prefix none with one migration: meta/_snapshot.json is its snapshot", async () => {
    const folder = await readDrizzleFolder(memoryFiles(folderFiles([{ tag: "_init", snapshotFile: "meta/_snapshot.json" }])));
    expect(folder.expectedFrom).toBe("_init");
    expect(unusableSnapshots(folder)).toBeNull();
  });

  it("prefix none with two migrations: the shared file is a folder error naming it and the entries", async () => {
    const folder = await readDrizzleFolder(
      memoryFiles(folderFiles([{ tag: "_init", snapshotFile: "meta/_snapshot.json" }, { tag: "_users", snapshotFile: null }])),
    );
    expect(folder.migrations.map((m) => m.snapshotPath)).toEqual([null, null]);
    const error = unusableSnapshots(folder);
    expect(error?.kind).toBe("user");
    expect(error?.message).toContain("meta/_snapshot.json is named by _init, _users");
    expect(error?.hint).toContain("driftcheck replay --out driftcheck.expected.json");
  });

  it("a folder whose snapshots are all missing is an error outcome, never a pass against nothing", async () => {
    const files = memoryFiles(folderFiles([{ tag: "0000_init", snapshotFile: null }, { tag: "0001_users", snapshotFile: null }]));
    const database: ReadOnlyExecutor = {
      runReadOnly: () => Promise.reject(new Error("the database must not be needed to refuse this folder")),
    };
    const result = await runCheck({ database, expected: { kind: "folder", files }, options: DEFAULT_OPTIONS, now: () => 0 });
    expect(result.verdict).toBe("error");
    expect(result.error?.message).toContain("none of its 2 migrations has a snapshot (looked for meta/0000_snapshot.json, meta/0001_snapshot.json)");
  });

  it("a gap in the middle is SNAPSHOT_MISSING and a stray .sql file MIGRATION_FILE_UNLISTED, both info and named", async () => {
    const folder = await readDrizzleFolder(
      memoryFiles(
        folderFiles(
          [
            { tag: "0000_init", snapshotFile: "meta/0000_snapshot.json" },
            { tag: "0001_gap", snapshotFile: null },
            { tag: "0002_users", snapshotFile: "meta/0002_snapshot.json" },
          ],
          { "0003_forgotten.sql": "alter table users add x int;", "seed.txt": "not sql" },
        ),
      ),
    );
    expect(folder.findings.map((f) => [f.code, f.severity, f.kind, f.object])).toEqual([
      ["SNAPSHOT_MISSING", "info", "snapshot", "0001_gap"],
      ["MIGRATION_FILE_UNLISTED", "info", "migration", "0003_forgotten.sql"],
    ]);
    expect(folder.findings[0]!.message).toContain("0001_gap (meta/0001_snapshot.json)");
    expect(folder.findings[1]!.message).toContain("0003_forgotten.sql is not listed in meta/_journal.json");
  });
});

describe("CUSTOM_MIGRATION: only hand-written SQL that changes schema objects, unless it is pending", () => {
  async function customFolder(sql: string) {
    const first = snapshotV7({ tables: usersTable(idColumn) });
    const copy = { ...first, id: "11111111-1111-1111-1111-111111111111", prevId: first.id };
    const files: Record<string, string> = {
      ...folderFiles([
        { tag: "0000_init", snapshotFile: null, sql: 'CREATE TABLE "users" ("id" serial PRIMARY KEY NOT NULL);' },
        { tag: "0001_custom", snapshotFile: null, sql },
      ]),
      "meta/0000_snapshot.json": JSON.stringify(first),
      "meta/0001_snapshot.json": JSON.stringify(copy),
    };
    return readDrizzleFolder(memoryFiles(files));
  }

  it("a backfill is marked data-only; DDL is not", async () => {
    const backfill = await customFolder("UPDATE users SET id = id;\n--> statement-breakpoint\nINSERT INTO users DEFAULT VALUES;");
    expect(backfill.findings.map((f) => [f.code, f.object, f.expected])).toEqual([["CUSTOM_MIGRATION", "0001_custom", { dataOnly: true }]]);
    const ddl = await customFolder("CREATE INDEX users_id_idx ON users (id);");
    expect(ddl.findings.map((f) => [f.code, f.object, f.expected])).toEqual([["CUSTOM_MIGRATION", "0001_custom", null]]);
  });
});
