import { describe, expect, it } from "vitest";
import { renderText } from "../../src/core/report/text.js";
import { errorResult, extraIndex, missingColumn, result, widened } from "./report-fixtures.js";

describe("renderText", () => {
  it("groups findings by severity with expected/actual, pending migration, fix SQL and a summary", () => {
    expect(renderText(result([missingColumn, widened, extraIndex]), { color: false })).toBe(
      [
        "database app (PostgreSQL 15.20) · expected from 0003_add_updated_at · 1 pending migration: 0003_add_updated_at",
        "",
        "Errors (1)",
        "  COLUMN_MISSING  soundcloud_tracks.updated_at",
        "    Column updated_at does not exist in the database; queries that read or write it fail.",
        "    expected: timestamp(3) without time zone NOT NULL DEFAULT now()",
        "    actual:   (absent)",
        "    fixed by pending migration 0003_add_updated_at",
        "    fix:",
        "      ALTER TABLE public.soundcloud_tracks ADD COLUMN updated_at timestamp(3) without time zone DEFAULT now() NOT NULL;",
        "",
        "Warnings (1)",
        "  COLUMN_TYPE_MISMATCH  billing.invoices.note",
        "    The database column is text, a safe widening of the code's character varying(100).",
        "    expected: character varying(100)",
        "    actual:   text",
        "    fix:",
        "      ALTER TABLE billing.invoices ALTER COLUMN note TYPE character varying(100) USING note::character varying(100);",
        "",
        "Info (1)",
        "  INDEX_EXTRA  users.users_idx",
        "    The database has an index users_idx the code does not declare.",
        "    expected: (absent)",
        "    actual:   INDEX USING btree (email)",
        "",
        "FAIL 1 error, 1 warning, 1 info (fails on error)",
        "",
      ].join("\n"),
    );
  });

  it("colours with ANSI codes only when asked", () => {
    const plain = renderText(result([missingColumn]), { color: false });
    const coloured = renderText(result([missingColumn]), { color: true });
    expect(plain.includes("\u001b[")).toBe(false);
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, "")).toBe(plain);
    expect(coloured.split("\n").slice(2, 4)).toEqual([
      "\u001b[31m\u001b[1mErrors (1)\u001b[0m\u001b[0m",
      "  \u001b[31m\u001b[1mCOLUMN_MISSING\u001b[0m\u001b[0m  soundcloud_tracks.updated_at",
    ]);
  });

  it("says PASS with no findings", () => {
    expect(renderText(result([], { migrations: null, expected: null, database: null }), { color: false })).toBe("PASS 0 errors, 0 warnings, 0 info (fails on error)\n");
  });

  it("prints the error and its hint when the check could not run", () => {
    expect(renderText(errorResult, { color: false })).toBe(
      [
        "expected from 0003_add_updated_at",
        "",
        "could not check: connect ECONNREFUSED 127.0.0.1:5432",
        "hint: Is the database running and the URL right?",
        "",
      ].join("\n"),
    );
  });
});
