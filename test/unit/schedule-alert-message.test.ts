/** The production alert's Slack-compatible message (src/worker/schedule/alert-message.ts). */
import { describe, expect, it } from "vitest";
import { alertMessage, TOP_FINDINGS, type AlertFinding, type AlertInput } from "../../src/worker/schedule/alert-message.js";

const URL_OF_CHECK = "https://driftcheck.example.com/checks/0b0e3c1e-0000-4000-8000-000000000001";

function finding(index: number, overrides: Partial<AlertFinding> = {}): AlertFinding {
  return {
    code: "COLUMN_MISSING",
    severity: "error",
    object: `public.t${index}.updated_at`,
    message: `column updated_at of t${index} is missing`,
    fixSql: `ALTER TABLE "public"."t${index}" ADD COLUMN "updated_at" timestamp with time zone;`,
    ...overrides,
  };
}

function input(overrides: Partial<AlertInput> = {}): AlertInput {
  return {
    kind: "drift",
    repo: "acme/app",
    sha: "0123456789abcdef0123456789abcdef01234567",
    environment: "production",
    counts: { error: 1, warning: 2, info: 0 },
    findings: [finding(1)],
    newKeys: ["COLUMN_MISSING public.t1.updated_at"],
    error: null,
    checkUrl: URL_OF_CHECK,
    ...overrides,
  };
}

describe("alertMessage", () => {
  it("drift: repository, short sha, environment, counts, the finding with its fix SQL and the check link, in text and blocks", () => {
    const message = alertMessage(input());
    for (const part of ["acme/app", "`0123456`", "(production)", "1 new error finding", "1 error, 2 warnings, 0 info", "`COLUMN_MISSING` public.t1.updated_at", 'ADD COLUMN "updated_at"', `Details: ${URL_OF_CHECK}`]) {
      expect(message.text).toContain(part);
    }
    expect(message.text).not.toContain("0123456789");
    expect(message.blocks.map((block) => block.type)).toEqual(["section", "section", "context"]);
    expect(message.blocks[1]!.text!.text).toContain("fix: ```ALTER TABLE");
    expect(message.blocks[2]!.elements![0]!.text).toBe(`<${URL_OF_CHECK}|Open the check on the driftcheck dashboard>`);
  });

  it("lists new error findings first, at most five, and counts the rest; warnings are not listed", () => {
    const findings = [...Array.from({ length: 7 }, (_, index) => finding(index)), finding(99, { severity: "warning", code: "INDEX_MISSING" })];
    const message = alertMessage(input({ findings, newKeys: ["COLUMN_MISSING public.t6.updated_at"], counts: { error: 7, warning: 1, info: 0 } }));
    const listed = message.text.split("\n").filter((line) => line.startsWith("• "));
    expect(listed).toHaveLength(TOP_FINDINGS);
    expect(listed[0]).toContain("*new* `COLUMN_MISSING` public.t6.updated_at");
    expect(message.text).toContain("…and 2 more error findings.");
    expect(message.text).not.toContain("INDEX_MISSING");
  });

  it("escapes Slack's control characters and keeps every section within 3,000 characters", () => {
    const long = finding(1, { object: "public.t<1>&co", message: "x".repeat(5000), fixSql: `ALTER TABLE t ADD CONSTRAINT c CHECK (a < b);${" ".repeat(1000)}` });
    const message = alertMessage(input({ findings: [long], newKeys: ["COLUMN_MISSING public.t<1>&co"] }));
    expect(message.text).toContain("public.t&lt;1&gt;&amp;co");
    expect(message.text).toContain("a &lt; b");
    expect(message.text).not.toMatch(/public\.t<1>/);
    for (const block of message.blocks) expect((block.text?.text ?? "").length).toBeLessThanOrEqual(3000);
  });

  it("could not check: says so, with the reason and hint, and that it is not a pass", () => {
    const message = alertMessage(input({ kind: "error", findings: [], newKeys: [], counts: { error: 0, warning: 0, info: 0 }, error: { message: "The Neon branch was unreachable.", hint: "Check the endpoint." } }));
    for (const part of ["could not check", "acme/app", "(production)", "not a pass", "The Neon branch was unreachable.", "Hint: Check the endpoint.", URL_OF_CHECK]) {
      expect(message.text).toContain(part);
    }
  });

  it("recovered: names the repository and the counts left, lists no findings", () => {
    const message = alertMessage(input({ kind: "recovered", findings: [finding(1, { severity: "warning" })], newKeys: [], counts: { error: 0, warning: 1, info: 3 } }));
    expect(message.text).toContain("recovered");
    expect(message.text).toContain("0 errors, 1 warning, 3 info");
    expect(message.text).not.toContain("• ");
    expect(message.blocks.map((block) => block.type)).toEqual(["section", "context"]);
  });

  it("recovered by an acceptance: says who accepted the drift that is left", () => {
    const message = alertMessage(input({ kind: "recovered", findings: [finding(1)], newKeys: [], counts: { error: 1, warning: 0, info: 0 }, acceptedBy: "octo<cat>" }));
    expect(message.text).toContain("recovered: the drift left was accepted by @octo&lt;cat&gt;");
    expect(message.text).not.toContain("no blocking drift");
  });
});
