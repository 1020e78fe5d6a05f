import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/core/findings.js";
import { canonicalJson, findingKeys, findingsFingerprint } from "../../src/worker/acceptance/fingerprint.js";

function finding(overrides: Partial<Finding> & Pick<Finding, "code" | "object">): Finding {
  return { severity: "error", kind: "column", expected: null, actual: null, message: `${overrides.code} ${overrides.object}`, fixSql: null, pendingMigration: null, ...overrides };
}

const missing = finding({ code: "COLUMN_MISSING", object: "public.tracks.updated_at", expected: { type: "timestamp with time zone", notNull: true, default: "now()" } });
const pending = finding({ code: "MIGRATION_PENDING", object: "0002_add_updated_at", severity: "warning", kind: "migration" });
const extraIndex = finding({ code: "INDEX_EXTRA", object: "public.tracks.tracks_legacy_idx", severity: "info", kind: "index", actual: { columns: ["title"], unique: false } });

describe("findingsFingerprint", () => {
  it("is the same for the same set of findings, whatever the order, duplicates or explanations", async () => {
    const first = await findingsFingerprint([missing, pending, extraIndex]);
    expect(first).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await findingsFingerprint([extraIndex, missing, pending])).toBe(first);
    expect(await findingsFingerprint([pending, missing, extraIndex, missing])).toBe(first);
    // Message, fix SQL and the pending-migration attribution explain a finding; they are not the finding.
    const reworded = { ...missing, message: "Reworded.", fixSql: "ALTER TABLE …", pendingMigration: "0002_add_updated_at" };
    expect(await findingsFingerprint([reworded, pending, extraIndex])).toBe(first);
  });

  it("survives the D1 round trip: JSON, object key order, undefined values", async () => {
    const stored = JSON.parse(JSON.stringify([missing, pending, extraIndex])) as Finding[];
    const reordered = { ...missing, expected: { default: "now()", notNull: true, type: "timestamp with time zone", comment: undefined } };
    const fresh = await findingsFingerprint([missing, pending, extraIndex]);
    expect(await findingsFingerprint(stored)).toBe(fresh);
    expect(await findingsFingerprint([reordered, pending, { ...extraIndex, expected: undefined }])).toBe(fresh);
  });

  it("changes when any finding is added, removed or different", async () => {
    const base = await findingsFingerprint([missing, pending]);
    const variants: Finding[][] = [
      [missing],
      [missing, pending, extraIndex],
      [missing, { ...pending, object: "0003_add_plays" }],
      [missing, { ...pending, code: "MIGRATION_SKIPPED" }],
      [missing, { ...pending, severity: "error" }],
      [{ ...missing, expected: { type: "timestamp", notNull: true, default: "now()" } }, pending],
      [{ ...missing, actual: { type: "text" } }, pending],
      [],
    ];
    const seen = new Set([base]);
    for (const variant of variants) seen.add(await findingsFingerprint(variant));
    expect(seen.size).toBe(variants.length + 1);
  });

  it("does not confuse field boundaries", async () => {
    const a = finding({ code: "COLUMN_MISSING", object: "public.a b" });
    const b = finding({ code: "COLUMN_MISSING public.a" as Finding["code"], object: "b" });
    expect(await findingsFingerprint([a])).not.toBe(await findingsFingerprint([b]));
  });
});

describe("findingKeys and canonicalJson", () => {
  it("names findings `CODE object`, sorted and unique", () => {
    expect(findingKeys([pending, missing, missing])).toEqual(["COLUMN_MISSING public.tracks.updated_at", "MIGRATION_PENDING 0002_add_updated_at"]);
  });

  it("sorts keys at every depth and writes undefined as JSON does", () => {
    expect(canonicalJson({ b: [1, undefined, { d: 1, c: null }], a: "x", z: undefined })).toBe('{"a":"x","b":[1,null,{"c":null,"d":1}]}');
    expect(canonicalJson(undefined)).toBe("null");
  });
});
