import { describe, expect, it } from "vitest";
import { MARKDOWN_LIMIT, renderMarkdown } from "../../src/core/report/markdown.js";
import { errorResult, extraIndex, missingColumn, result, widened } from "./report-fixtures.js";

const HEAD = ["| Severity | Code | Object | Problem | Expected → actual |", "|---|---|---|---|---|"];

describe("renderMarkdown", () => {
  it("renders a compact table and the fix SQL folded in <details>", () => {
    expect(renderMarkdown(result([missingColumn, widened, extraIndex]))).toBe(
      [
        "### ❌ driftcheck: fail",
        "",
        "**1 error · 1 warning · 1 info** (fails on error)",
        "",
        "database `app` · expected from `0003_add_updated_at` · pending migrations: `0003_add_updated_at`",
        "",
        ...HEAD,
        "| 🔴 error | `COLUMN_MISSING` | `soundcloud_tracks.updated_at` | Column updated_at does not exist in the database; queries that read or write it fail. Fixed by pending migration `0003_add_updated_at`. | timestamp(3) without time zone NOT NULL DEFAULT now() → (absent) |",
        "| 🟡 warning | `COLUMN_TYPE_MISMATCH` | `billing.invoices.note` | The database column is text, a safe widening of the code's character varying(100). | character varying(100) → text |",
        "| 🔵 info | `INDEX_EXTRA` | `users.users_idx` | The database has an index users_idx the code does not declare. | (absent) → INDEX USING btree (email) |",
        "",
        "<details><summary>Fix SQL (2)</summary>",
        "",
        "**`COLUMN_MISSING` `soundcloud_tracks.updated_at`**",
        "",
        "```sql",
        "ALTER TABLE public.soundcloud_tracks ADD COLUMN updated_at timestamp(3) without time zone DEFAULT now() NOT NULL;",
        "```",
        "",
        "**`COLUMN_TYPE_MISMATCH` `billing.invoices.note`**",
        "",
        "```sql",
        "ALTER TABLE billing.invoices ALTER COLUMN note TYPE character varying(100) USING note::character varying(100);",
        "```",
        "",
        "</details>",
        "",
      ].join("\n"),
    );
  });

  it("folds rows after the first 20 into <details>", () => {
    const findings = Array.from({ length: 23 }, (_, i) => ({ ...extraIndex, object: `public.t${String(i).padStart(2, "0")}.users_idx` }));
    const lines = renderMarkdown(result(findings)).split("\n");
    const row = (i: number) =>
      `| 🔵 info | \`INDEX_EXTRA\` | \`t${String(i).padStart(2, "0")}.users_idx\` | The database has an index users_idx the code does not declare. | (absent) → INDEX USING btree (email) |`;
    expect(lines.slice(6)).toEqual([
      ...HEAD,
      ...Array.from({ length: 20 }, (_, i) => row(i)),
      "",
      "<details><summary>3 more findings</summary>",
      "",
      ...HEAD,
      row(20),
      row(21),
      row(22),
      "",
      "</details>",
      "",
    ]);
  });

  it("keeps 5,000 findings under 60,000 characters and says how many are not shown", () => {
    const findings = Array.from({ length: 5000 }, (_, i) => ({ ...missingColumn, object: `public.t${String(i).padStart(4, "0")}.updated_at` }));
    const markdown = renderMarkdown(result(findings));
    expect(markdown.length).toBeLessThan(MARKDOWN_LIMIT);
    const shownRows = markdown.split("\n").filter((line) => line.startsWith("| 🔴 error")).length;
    const shownFixes = markdown.split("\n").filter((line) => line === "```sql").length;
    expect(shownRows).toBeGreaterThan(100);
    expect(shownFixes).toBeGreaterThan(50);
    expect(markdown.split("\n").filter((line) => line.includes("not shown"))).toEqual([
      `_${5000 - shownRows} more findings not shown; run \`driftcheck check --format json\` for all of them._`,
      `_${shownRows - shownFixes} more fixes not shown._`,
    ]);
  });

  it("escapes pipes and HTML and bounds long cells", () => {
    const nasty = { ...widened, message: `a | b <script> ${"x".repeat(200)}`, fixSql: null };
    const row = renderMarkdown(result([nasty])).split("\n")[8];
    expect(row).toBe(
      `| 🟡 warning | \`COLUMN_TYPE_MISMATCH\` | \`billing.invoices.note\` | a \\| b &lt;script&gt; ${"x".repeat(104)}… | character varying(100) → text |`,
    );
  });

  it("says so when there is nothing to report", () => {
    expect(renderMarkdown(result([], { migrations: null }))).toBe(
      "### ✅ driftcheck: pass\n\n**0 errors · 0 warnings · 0 info** (fails on error)\n\ndatabase `app` · expected from `0003_add_updated_at`\n\nThe database has everything the code expects.\n",
    );
  });

  it("explains a check that could not run", () => {
    expect(renderMarkdown(errorResult)).toBe(
      "### ⚠️ driftcheck: could not check\n\nconnect ECONNREFUSED 127.0.0.1:5432\n\n**Hint:** Is the database running and the URL right?\n",
    );
  });
});

describe("renderMarkdown fences", () => {
  it("uses a longer fence when the fix SQL holds backticks", () => {
    const odd = { ...widened, fixSql: 'ALTER TABLE public."a```b" ADD COLUMN x text;' };
    const lines = renderMarkdown(result([odd])).split("\n");
    expect(lines.slice(lines.indexOf("````sql"), lines.indexOf("````sql") + 3)).toEqual(["````sql", 'ALTER TABLE public."a```b" ADD COLUMN x text;', "````"]);
  });
});
