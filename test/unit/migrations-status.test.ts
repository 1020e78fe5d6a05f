import { describe, expect, it } from "vitest";
import { migrationStatus, migrationsThatWillRun } from "../../src/core/migrations/status.js";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import type { DrizzleFolder } from "../../src/core/drizzle/types.js";
import type { AppliedMigration, MigrationsTableState } from "../../src/core/introspect/types.js";
import { journalFolder, memoryFiles, snapshotV7 } from "./drizzle-helpers.js";

const ref = { schema: "drizzle", table: "__drizzle_migrations" };

async function folder(...whens: number[]): Promise<DrizzleFolder> {
  return readDrizzleFolder(
    memoryFiles(journalFolder(whens.map((when, idx) => ({ tag: `000${idx}_m${idx}`, when, sql: `select ${idx};`, snapshot: snapshotV7() })))),
  );
}

function table(rows: Partial<AppliedMigration>[], shape: "0.x" | "1.x" = "0.x"): MigrationsTableState {
  return {
    ref,
    exists: true,
    shape,
    rows: rows.map((row, index) => ({ id: String(index + 1), hash: null, createdAt: null, name: null, ...row })),
    error: null,
  };
}

const missing: MigrationsTableState = { ref, exists: false, shape: null, rows: [], error: null };

function codes(result: ReturnType<typeof migrationStatus>): [string, string, string][] {
  return result.findings.map((f) => [f.code, f.severity, f.object]);
}

describe("migrationStatus, 0.x table", () => {
  it("all applied: no findings", async () => {
    const f = await folder(1000, 2000);
    const result = migrationStatus(f, table(f.migrations.map((m) => ({ hash: m.hash, createdAt: String(m.when) }))), { migrations: "migrate" });
    expect(result.findings).toEqual([]);
    expect(result.status).toEqual({
      table: ref,
      tableExists: true,
      shape: "0.x",
      entries: [
        { tag: "0000_m0", when: 1000, state: "applied" },
        { tag: "0001_m1", when: 2000, state: "applied" },
      ],
      pending: [],
      applied: 2,
      unknown: 0,
    });
  });

  it("the newest entry not applied: MIGRATION_PENDING with the command in the message", async () => {
    const f = await folder(1000, 2000);
    const result = migrationStatus(f, table([{ hash: f.migrations[0]!.hash, createdAt: "1000" }]), { migrations: "migrate" });
    expect(codes(result)).toEqual([["MIGRATION_PENDING", "error", "0001_m1"]]);
    expect(result.findings[0]!.message).toContain("npx drizzle-kit migrate");
    expect(result.findings[0]!.fixSql).toBeNull();
    expect(result.findings[0]!.kind).toBe("migration");
    expect(result.status.pending).toEqual(["0001_m1"]);
  });

  it("an unapplied entry older than the newest row is SKIPPED, not pending", async () => {
    const f = await folder(1000, 1500, 2000);
    const rows = [
      { hash: f.migrations[0]!.hash, createdAt: "1000" },
      { hash: f.migrations[2]!.hash, createdAt: "2000" },
    ];
    const result = migrationStatus(f, table(rows), { migrations: "migrate" });
    expect(codes(result)).toEqual([["MIGRATION_SKIPPED", "error", "0001_m1"]]);
    expect(result.findings[0]!.pendingMigration).toBeNull();
    expect(result.status.entries.map((e) => e.state)).toEqual(["applied", "skipped", "applied"]);
    expect(result.status.pending).toEqual(["0001_m1"]);
  });

  it("an entry equal to the newest created_at is skipped too (the migrator needs strictly newer)", async () => {
    const f = await folder(1000, 2000);
    const result = migrationStatus(f, table([{ hash: "other", createdAt: "5000" }, { hash: f.migrations[0]!.hash, createdAt: "1000" }]), {
      migrations: "migrate",
    });
    expect(codes(result)).toEqual([
      ["MIGRATION_SKIPPED", "error", "0001_m1"],
      ["MIGRATION_UNKNOWN", "warning", "drizzle.__drizzle_migrations#1"],
    ]);
  });

  it("same when, other hash: MIGRATION_EDITED (and applied)", async () => {
    const f = await folder(1000, 2000);
    const rows = [
      { hash: "0".repeat(64), createdAt: "1000" },
      { hash: f.migrations[1]!.hash, createdAt: "2000" },
    ];
    const result = migrationStatus(f, table(rows), { migrations: "migrate" });
    expect(codes(result)).toEqual([["MIGRATION_EDITED", "warning", "0000_m0"]]);
    expect(result.status.applied).toBe(2);
  });

  it("rows no entry matches: MIGRATION_UNKNOWN", async () => {
    const f = await folder(1000);
    const rows = [
      { hash: f.migrations[0]!.hash, createdAt: "1000" },
      { hash: "f".repeat(64), createdAt: "3000" },
    ];
    const result = migrationStatus(f, table(rows), { migrations: "migrate" });
    expect(codes(result)).toEqual([["MIGRATION_UNKNOWN", "warning", "drizzle.__drizzle_migrations#2"]]);
    expect(result.status.unknown).toBe(1);
  });

  it("table absent with entries: MIGRATIONS_TABLE_MISSING error; info and nothing else with push", async () => {
    const f = await folder(1000);
    expect(codes(migrationStatus(f, missing, { migrations: "migrate" }))).toEqual([["MIGRATIONS_TABLE_MISSING", "error", "drizzle.__drizzle_migrations"]]);
    expect(codes(migrationStatus(f, missing, { migrations: "push" }))).toEqual([["MIGRATIONS_TABLE_MISSING", "info", "drizzle.__drizzle_migrations"]]);
    expect(migrationStatus(f, missing, { migrations: "migrate" }).status.pending).toEqual(["0000_m0"]);
  });

  it("table absent and journal empty: nothing to report", async () => {
    const f = await folder();
    expect(migrationStatus(f, missing, { migrations: "migrate" }).findings).toEqual([]);
  });

  it("push: an existing table's bookkeeping is not judged", async () => {
    const f = await folder(1000, 2000);
    expect(migrationStatus(f, table([]), { migrations: "push" }).findings).toEqual([]);
  });

  it("unreadable table: one finding about privileges", async () => {
    const f = await folder(1000);
    const result = migrationStatus(f, { ref, exists: true, shape: null, rows: [], error: "permission denied for table __drizzle_migrations" }, { migrations: "migrate" });
    expect(codes(result)).toEqual([["MIGRATIONS_TABLE_MISSING", "error", "drizzle.__drizzle_migrations"]]);
    expect(result.findings[0]!.message).toContain("permission denied");
    expect(result.findings[0]!.message).toContain("GRANT");
  });

  it("unreadable table: entries are unknown, not pending, so no migration is credited as about to run", async () => {
    const f = await folder(1000, 2000);
    const result = migrationStatus(f, { ref, exists: true, shape: null, rows: [], error: "permission denied" }, { migrations: "migrate" });
    expect(result.status.entries.map((entry) => entry.state)).toEqual(["unknown", "unknown"]);
    expect(result.status.pending).toEqual([]);
    // runCheck credits schema findings only to these (src/core/check.ts).
    expect(migrationsThatWillRun(result.status)).toEqual([]);
  });

  it("migrationsThatWillRun: pending entries only (no table: all of them; skipped never run)", async () => {
    const f = await folder(1000, 2000);
    expect(migrationsThatWillRun(migrationStatus(f, missing, { migrations: "migrate" }).status)).toEqual(["0000_m0", "0001_m1"]);
    expect(migrationsThatWillRun(migrationStatus(f, table([{ createdAt: "1500" }]), { migrations: "migrate" }).status)).toEqual(["0001_m1"]);
    expect(migrationsThatWillRun(null)).toEqual([]);
  });
});

describe("migrationStatus, 1.x table (has name)", () => {
  it("matches by name only and never reports SKIPPED", async () => {
    const f = await folder(1000, 1500, 2000);
    const rows = [
      { name: "0000_m0", hash: f.migrations[0]!.hash },
      { name: "0002_m2", hash: f.migrations[2]!.hash },
      { name: "20990101000000_future", hash: "x" },
    ];
    const result = migrationStatus(f, table(rows, "1.x"), { migrations: "migrate" });
    expect(codes(result)).toEqual([
      ["MIGRATION_PENDING", "error", "0001_m1"],
      ["MIGRATION_UNKNOWN", "warning", "20990101000000_future"],
    ]);
    expect(result.status.shape).toBe("1.x");
  });
});
