/** scripts/ci-summary.mjs: the one line CI reads, from vitest's JSON report (shape as vitest 4.1 writes it). */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const SCRIPT = resolve("scripts/ci-summary.mjs");
const dir = mkdtempSync(join(tmpdir(), "driftcheck-ci-summary-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REPORT = {
  testResults: [
    {
      name: "/repo/test/unit/a.test.ts",
      status: "failed",
      message: "",
      assertionResults: [
        { fullName: "a ok", title: "ok", status: "passed" },
        { fullName: "a skipped", title: "skipped", status: "skipped" },
        { fullName: "a todo", title: "todo", status: "todo" },
        { fullName: "a bad", title: "bad", status: "failed" },
      ],
    },
    { name: "/repo/test/unit/b.test.ts", status: "failed", message: "Cannot find module './x.js'\nmore", assertionResults: [] },
    { name: "/repo/test/unit/c.test.ts", status: "passed", message: "", assertionResults: [{ fullName: "c ok", title: "ok", status: "passed" }] },
  ],
};

function summary(report: unknown, ci: boolean, extra: string[] = []): { code: number; lines: string[] } {
  const path = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  if (report !== undefined) writeFileSync(path, JSON.stringify(report));
  const env = { ...process.env, CI: ci ? "true" : "" };
  try {
    return { code: 0, lines: execFileSync(process.execPath, [SCRIPT, path, ...extra], { env, encoding: "utf8" }).trim().split("\n") };
  } catch (error) {
    const failed = error as { status: number; stdout: string };
    return { code: failed.status, lines: failed.stdout.trim().split("\n") };
  }
}

describe("ci-summary", () => {
  it("with CI=true counts skipped and todo tests and suites that failed to load as failed", () => {
    const { code, lines } = summary(REPORT, true);
    expect(code).toBe(1);
    expect(lines.at(-1)).toBe("2 passed, 4 failed");
    expect(lines).toContain("SUITE FAILED /repo/test/unit/b.test.ts: Cannot find module './x.js'");
    expect(lines).toContain("SKIPPED (counts as failed with CI=true) a skipped");
  });

  it("without CI only failures count", () => {
    expect(summary(REPORT, false).lines.at(-1)).toBe("2 passed, 2 failed");
  });

  it("adds CI's own checks and passes when everything passed", () => {
    const green = { testResults: [REPORT.testResults[2]] };
    expect(summary(green, true, ["--passed", "3", "--failed", "0"])).toEqual({ code: 0, lines: ["4 passed, 0 failed"] });
    expect(summary(green, true, ["--passed", "1", "--failed", "1", "--note", "FAILED demo"])).toEqual({
      code: 1,
      lines: ["FAILED demo", "2 passed, 1 failed"],
    });
  });

  it("a missing report is a failure", () => {
    const { code, lines } = summary(undefined, true);
    expect(code).toBe(1);
    expect(lines.at(-1)).toBe("0 passed, 1 failed");
  });

  it("a non-zero vitest exit with a clean report counts as one failure", () => {
    const green = { testResults: [REPORT.testResults[2]] };
    const { code, lines } = summary(green, true, ["--vitest-exit", "1"]);
    expect(code).toBe(1);
    expect(lines.at(-1)).toBe("1 passed, 1 failed");
    expect(summary(green, true, ["--vitest-exit", "0"])).toEqual({ code: 0, lines: ["1 passed, 0 failed"] });
  });

  it("a non-zero vitest exit is not counted twice when the report already shows the failures", () => {
    expect(summary(REPORT, false, ["--vitest-exit", "1"]).lines.at(-1)).toBe("2 passed, 2 failed");
  });

  it("an empty report fails, and the line says so", () => {
    const { code, lines } = summary({ testResults: [] }, true);
    expect(code).toBe(1);
    expect(lines.at(-1)).toBe("0 passed, 1 failed");
  });
});
