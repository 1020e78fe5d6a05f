import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/core/findings.js";
import { folderFindings } from "../../src/core/drizzle/folder-findings.js";
import { checkedFolderFindings, relaxUnsnapshotted } from "../../src/core/drizzle/unsnapshotted.js";

function finding(code: Finding["code"], kind: Finding["kind"], object: string, severity: Finding["severity"] = "error"): Finding {
  return { code, severity, kind, object, expected: null, actual: null, message: `${code} ${object}.`, fixSql: null, pendingMigration: null };
}

/** The folder findings of: 0000 with a snapshot, then 0001 (this SQL) without one. */
function staleAfter(sql: string): Finding[] {
  return folderFindings([
    { tag: "0000_init", snapshotContent: { tables: { "public.x": {} } }, sql: "create table x ();" },
    { tag: "0001_more", snapshotContent: null, sql },
  ]);
}

describe("relaxUnsnapshotted: errors on what the snapshot-less migrations' DDL names become warnings", () => {
  const folder = staleAfter(
    [
      'ALTER TABLE "users" DROP COLUMN "nickname";',
      'ALTER TYPE "public"."mood" ADD VALUE \'meh\';',
      'DROP INDEX "orders_at_idx";',
      'CREATE SEQUENCE "app"."counter";',
    ].join("\n--> statement-breakpoint\n"),
  );

  it("SNAPSHOT_STALE lists the objects and the fixing command", () => {
    const stale = folder.find((f) => f.code === "SNAPSHOT_STALE")!;
    expect(stale.expected).toMatchObject({ migrationsWithoutSnapshot: ["0001_more"], unreadable: [] });
    expect(stale.message).toContain("table public.users, type public.mood, index public.orders_at_idx, sequence app.counter");
    expect(stale.message).toContain("driftcheck replay --out driftcheck.expected.json");
  });

  it("relaxes by table, enum, index name and sequence; keeps everything else", () => {
    const findings = [
      finding("COLUMN_MISSING", "column", "public.users.nickname"),
      finding("UNIQUE_MISSING", "unique", "public.users.users_email_key"),
      finding("ENUM_VALUE_MISSING", "enum", "public.mood"),
      finding("INDEX_MISSING", "index", "public.orders.orders_at_idx", "warning"),
      finding("UNIQUE_MISSING", "unique", "public.orders.orders_at_idx"),
      finding("SEQUENCE_MISSING", "sequence", "app.counter"),
      // Not named by the DDL: unchanged.
      finding("COLUMN_MISSING", "column", "public.users_archive.nickname"),
      finding("TABLE_MISSING", "table", "public.orders"),
      finding("SEQUENCE_MISSING", "sequence", "public.counter"),
      finding("MIGRATION_PENDING", "migration", "0001_more"),
    ];
    const relaxed = relaxUnsnapshotted(findings, folder);
    expect(relaxed.map((f) => `${f.severity} ${f.object}`)).toEqual([
      "warning public.users.nickname",
      "warning public.users.users_email_key",
      "warning public.mood",
      "warning public.orders.orders_at_idx",
      "warning public.orders.orders_at_idx",
      "warning app.counter",
      "error public.users_archive.nickname",
      "error public.orders",
      "error public.counter",
      "error 0001_more",
    ]);
    expect(relaxed[0]!.message).toContain("0001_more has no snapshot and changes this object");
  });

  it("dynamic SQL it cannot read relaxes nothing, and says so", () => {
    const opaque = staleAfter("DO $$ BEGIN EXECUTE 'ALTER TABLE ' || quote_ident('users') || ' DROP COLUMN x'; END $$;");
    expect(opaque.find((f) => f.code === "SNAPSHOT_STALE")!.message).toContain("0001_more runs SQL whose objects cannot be read");
    const kept = relaxUnsnapshotted([finding("COLUMN_MISSING", "column", "public.users.x")], opaque);
    expect(kept[0]!.severity).toBe("error");
  });
});

describe("checkedFolderFindings", () => {
  const notices = [
    finding("SNAPSHOT_MISSING", "snapshot", "0001_gap", "info"),
    finding("MIGRATION_FILE_UNLISTED", "migration", "stray.sql", "info"),
    { ...finding("CUSTOM_MIGRATION", "migration", "0002_backfill", "info"), expected: { dataOnly: true } },
    finding("CUSTOM_MIGRATION", "migration", "0003_ddl", "info"),
  ];

  it("snapshot notices only when the snapshot is the expected schema; a stray file always", () => {
    expect(checkedFolderFindings(notices, { expectedIsSnapshot: false, pending: [] }).map((f) => f.object)).toEqual(["stray.sql"]);
    expect(checkedFolderFindings(notices, { expectedIsSnapshot: true, pending: [] }).map((f) => f.object)).toEqual(["0001_gap", "stray.sql", "0003_ddl"]);
  });

  it("a data-only custom migration only while pending", () => {
    expect(checkedFolderFindings(notices, { expectedIsSnapshot: true, pending: ["0002_backfill"] }).map((f) => f.object)).toContain("0002_backfill");
  });
});
