/**
 * Issue 13 item 12 (what a first-time user tripped on), in the CLI's and GitHub's reports:
 * PostgreSQL's version as people write it, plurals, MIGRATION_* values in words, and a
 * MIGRATION_PENDING finding that does not claim to be "fixed by" itself.
 */
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/core/findings.js";
import { describeValue, postgresVersion } from "../../src/core/report/describe.js";
import { renderMarkdown } from "../../src/core/report/markdown.js";
import { renderText } from "../../src/core/report/text.js";
import { result } from "./report-fixtures.js";

const pending: Finding = {
  code: "MIGRATION_PENDING",
  severity: "error",
  kind: "migration",
  object: "0002_add_avatar",
  expected: { tag: "0002_add_avatar", when: 1714564800000, hash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" },
  actual: null,
  message: "Migration 0002_add_avatar has not been applied to this database (no row in drizzle.__drizzle_migrations); run `npx drizzle-kit migrate` before deploying.",
  fixSql: null,
  pendingMigration: "0002_add_avatar",
};

describe("readable reports", () => {
  it("spells server_version_num as PostgreSQL does", () => {
    expect(postgresVersion(150020)).toBe("PostgreSQL 15.20");
    expect(postgresVersion(170000)).toBe("PostgreSQL 17.0");
    expect(postgresVersion(90624)).toBe("PostgreSQL 9.6.24");
  });

  it("says '1 migration applied', not '1 migrations'", () => {
    const text = renderText(result([], { migrations: { ...result([]).migrations!, pending: [], applied: 1 } }), { color: false });
    expect(text.split("\n")[0]).toBe("database app (PostgreSQL 15.20) · expected from 0003_add_updated_at · 1 migration applied");
  });

  it("describes a pending migration's expected value in words, not JSON", () => {
    const described = describeValue(pending.expected);
    expect(described).toBe("migration 0002_add_avatar applied (journal time 2024-05-01 12:00 UTC), sha256 9f86d081884c…");
    expect(describeValue({ newestCreatedAt: "1714564800000" })).toBe("not applied; the newest applied migration is from 2024-05-01 12:00 UTC");
    expect(describeValue({ table: "drizzle.__drizzle_migrations", migrations: 1 })).toBe("table drizzle.__drizzle_migrations recording 1 migration");
  });

  it("never says a MIGRATION_PENDING finding is fixed by its own migration (Markdown and text)", () => {
    const markdown = renderMarkdown(result([pending]));
    const row = markdown.split("\n").find((line) => line.includes("MIGRATION_PENDING"))!;
    expect(row).not.toContain("Fixed by pending migration");
    expect(row).toContain("migration 0002_add_avatar applied (journal time 2024-05-01 12:00 UTC), sha256 9f86d081884c… → (absent)");
    expect(row).not.toContain('{"tag"');
    const text = renderText(result([pending]), { color: false });
    expect(text).not.toContain("fixed by pending migration");
    expect(text).toContain("    expected: migration 0002_add_avatar applied (journal time 2024-05-01 12:00 UTC), sha256 9f86d081884c…");
  });

  it("never leaves half a code span when a long message is cut", () => {
    const row = renderMarkdown(result([pending])).split("\n").find((line) => line.includes("MIGRATION_PENDING"))!;
    const problem = row.split(" | ")[3]!;
    expect(problem.endsWith("…")).toBe(true);
    // Every backtick of the message is escaped: no code span opens, so none is left open by the cut.
    expect(problem.replace(/\\`/g, "")).not.toContain("`");
  });
});
