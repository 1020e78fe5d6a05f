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

/**
 * What GitHub would render as markup in a report line, outside code spans: raw HTML, images,
 * links, emphasis. Escaped characters (`\x`) and entities are literal text, so they are removed
 * first; code spans are removed by matching delimiter runs as CommonMark does.
 */
function liveMarkup(line: string): string[] {
  let text = line.replace(/\\[\s\S]/g, "").replace(/&[a-z]+;/g, "");
  text = text.replace(/(`+)[\s\S]*?(?<!`)\1(?!`)/g, "");
  const found: string[] = [];
  if (/<[a-z/!?]/i.test(text)) found.push("html");
  if (/!\[/.test(text)) found.push("image");
  if (/\]\(/.test(text) || /\[[^\]]*\]\[/.test(text)) found.push("link");
  if (/`/.test(text)) found.push("unclosed code span");
  if (/(^|[^*])\*[^*\s]/.test(text) || /~~/.test(text)) found.push("emphasis");
  return found;
}

describe("outside strings are inert in the GitHub Markdown", () => {
  const hostileNames = ['x`` <img src=x onerror=alert(1)> ``y', "![p](http://evil.example/t.png)", "a`b", "``", "` leading and trailing `", "[click](http://evil.example)"];
  const hostileMessage = "![p](http://evil.example/t.png) [link](http://evil.example) <img src=x> *em* ~~s~~ $x$ `code | pipe";

  it("renders a name holding backticks, HTML or an image as one closed code span", () => {
    for (const name of hostileNames) {
      const finding = { ...widened, object: `public.${name}`, message: `Column ${name} differs.`, fixSql: null };
      const markdown = renderMarkdown(result([finding]));
      for (const line of markdown.split("\n")) expect(liveMarkup(line), `${name}: ${line}`).toEqual([]);
    }
  });

  it("escapes every markup character of a message, keeping the words", () => {
    const finding = { ...widened, message: hostileMessage, fixSql: null };
    const row = renderMarkdown(result([finding])).split("\n")[8]!;
    expect(liveMarkup(row)).toEqual([]);
    expect(row).toContain(
      "\\!\\[p\\](http://evil.example/t.png) \\[link\\](http://evil.example) &lt;img src=x&gt; \\*em\\* \\~\\~s\\~\\~ \\$x\\$ \\`code \\| pipe",
    );
  });

  it("keeps an error message and hint inert, line starts included", () => {
    const markdown = renderMarkdown({ ...errorResult, error: { ...errorResult.error!, message: "# heading\n- list\n<img src=x>\n![i](http://e/x.png)", hint: "[x](http://e)" } });
    for (const line of markdown.split("\n").slice(1)) {
      expect(liveMarkup(line), line).toEqual([]);
      expect(line).not.toMatch(/^\s*(#|- )/);
    }
  });

  it("truncates a long name inside its code span, never cutting the span or an escape", () => {
    const name = `${"`".repeat(3)}${"n".repeat(200)}\`\``;
    const finding = { ...widened, object: `public.${name}`, message: `${"m".repeat(118)}[x](y)`, fixSql: null };
    const row = renderMarkdown(result([finding])).split("\n")[8]!;
    expect(liveMarkup(row)).toEqual([]);
    expect(row).toContain(`\`\`\`\` \`\`\`${"n".repeat(116)}… \`\`\`\``);
    expect(row).toContain(`${"m".repeat(118)}\\[…`);
  });
});
