import { describe, expect, it } from "vitest";
import { DriftcheckError } from "../../src/core/errors.js";
import { expectedDocument, parseExpectedDocument } from "../../src/cli/expected-file.js";
import { progressFor } from "../../src/cli/progress.js";
import { schema } from "./diff-builders.js";

function userErrorOf(action: () => unknown): DriftcheckError {
  try {
    action();
  } catch (error) {
    if (error instanceof DriftcheckError && error.kind === "user") return error;
  }
  throw new Error("expected a user error");
}

describe("expected-schema documents", () => {
  const doc = expectedDocument(schema({}), "replay of ./drizzle on embedded PGlite", "driftcheck 0.1.0");

  it("round-trip through JSON", () => {
    expect(parseExpectedDocument(JSON.parse(JSON.stringify(doc)), "x.json")).toEqual(doc);
    expect(doc).toMatchObject({ formatVersion: 1, kind: "driftcheck.expected" });
  });

  it("reject another kind, another version, and a schema of the wrong shape, naming the file", () => {
    expect(userErrorOf(() => parseExpectedDocument({ ...doc, kind: "other" }, "x.json")).message).toBe(
      '--expected x.json: not a driftcheck expected-schema file ("kind" must be "driftcheck.expected").',
    );
    expect(userErrorOf(() => parseExpectedDocument({ ...doc, formatVersion: 2 }, "x.json")).message).toContain("formatVersion 2 is not supported");
    expect(userErrorOf(() => parseExpectedDocument({ ...doc, schema: { tables: [] } }, "x.json")).message).toContain('"schema" is not a canonical schema');
    expect(userErrorOf(() => parseExpectedDocument([], "x.json")).message).toContain("not a driftcheck expected-schema file");
  });
});

describe("progress", () => {
  it("writes to stderr only when stderr is a terminal", () => {
    const written: string[] = [];
    const io = { stdout: () => undefined, stderr: (text: string) => void written.push(text), env: {}, cwd: "/", isTTY: true };
    progressFor({ ...io, stderrIsTTY: false }).update("replaying 1/3");
    progressFor(io).update("replaying 1/3");
    expect(written).toEqual([]);
    const shown = progressFor({ ...io, stderrIsTTY: true });
    shown.update("replaying 1/3");
    shown.done();
    expect(written.join("")).toContain("replaying 1/3");
    expect(written.at(-1)).toBe("\r\u001b[2K");
  });
});
