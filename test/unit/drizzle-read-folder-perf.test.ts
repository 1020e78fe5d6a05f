/**
 * What made readDrizzleFolder fast without changing its results: snapshots compared as parsed
 * JSON (key order and id/prevId ignored), older snapshots built into the model only when read,
 * and attribution reading only the snapshots it needs.
 */
import { describe, expect, it } from "vitest";
import { readDrizzleFolder, snapshotToSchema } from "../../src/core/drizzle/index.js";
import { attributePendingMigrations } from "../../src/core/attribution.js";
import { diffSchemas } from "../../src/core/diff/index.js";
import { jsonEqual } from "../../src/core/util/json-equal.js";
import { emptySchema } from "../../src/core/model.js";
import { journalFolder, memoryFiles, snapshotV7, usersTable } from "./drizzle-helpers.js";

const idColumn = { id: { name: "id", type: "serial", primaryKey: true, notNull: true } };
const withEmail = { ...idColumn, email: { name: "email", type: "text", primaryKey: false, notNull: false } };

/** The same object with its keys in reverse order, at every depth. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reversedKeys(inner)]));
}

describe("jsonEqual", () => {
  it("compares structurally: key order does not matter, values and array order do", () => {
    expect(jsonEqual({ a: 1, b: [1, { c: "x", d: null }] }, { b: [1, { d: null, c: "x" }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: "1" })).toBe(false);
    expect(jsonEqual({ a: null }, {})).toBe(false);
    expect(jsonEqual({ a: {} }, { a: [] })).toBe(false);
  });

  it("treats undefined members as JSON.stringify does and ignores the keys it is told to at the top level only", () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual([undefined], [null])).toBe(true);
    expect(jsonEqual({ id: "1", prevId: "0", x: 1 }, { id: "2", prevId: "1", x: 1 }, ["id", "prevId"])).toBe(true);
    expect(jsonEqual({ x: { id: "1" } }, { x: { id: "2" } }, ["id"])).toBe(false);
  });
});

describe("readDrizzleFolder (performance-shaped behaviour)", () => {
  it("finds a custom migration whose copied snapshot was re-serialised with other key order", async () => {
    const first = snapshotV7({ tables: usersTable(idColumn) });
    const copied = reversedKeys({ ...first, id: "11111111-1111-1111-1111-111111111111", prevId: first.id }) as Record<string, unknown>;
    const folder = await readDrizzleFolder(
      memoryFiles(
        journalFolder([
          { tag: "0000_init", when: 1000, sql: "create table users();", snapshot: first },
          { tag: "0001_custom", when: 2000, sql: "create extension pg_trgm;", snapshot: copied },
          { tag: "0002_edited", when: 3000, sql: "select 1;", snapshot: { ...copied, id: "2", prevId: "1", tables: usersTable(withEmail) } },
        ]),
      ),
    );
    expect(folder.findings.map((f) => [f.code, f.object])).toEqual([["CUSTOM_MIGRATION", "0001_custom"]]);
  });

  it("builds the newest snapshot as `expected` and older ones on first read, equal to snapshotToSchema of their file", async () => {
    const first = snapshotV7({ tables: usersTable(idColumn) });
    const second = snapshotV7({ tables: usersTable(withEmail) }, String(first.id));
    const folder = await readDrizzleFolder(
      memoryFiles(
        journalFolder([
          { tag: "0000_init", when: 1000, sql: "create table users();", snapshot: first },
          { tag: "0001_email", when: 2000, sql: "alter table users add email text;", snapshot: second },
          { tag: "0002_hand", when: 3000, sql: "select 1;", snapshot: null },
        ]),
      ),
    );
    const [init, email, hand] = folder.migrations;
    expect(folder.expectedFrom).toBe("0001_email");
    expect(email!.snapshot).toBe(folder.expected);
    // Older snapshots are not read until asked for (issue 12): reading one unloaded is a bug, not a silent null.
    expect(() => init!.snapshot).toThrow(/was read before it was loaded/);
    await folder.loadSnapshots!(["0000_init", "0002_hand"]);
    expect(init!.snapshot).toEqual(snapshotToSchema(first as never, "x"));
    expect(init!.snapshot).toBe(init!.snapshot); // built once
    expect(hand!.snapshot).toBeNull();
    expect(hand!.snapshotPath).toBeNull();
    // Spreading or serialising a migration never reads a snapshot (the Worker's folder cache stores summaries).
    expect("snapshot" in { ...init! }).toBe(false);
    expect(JSON.parse(JSON.stringify(folder.migrations[0])).snapshot).toBeUndefined();
  });

  it("attributes a finding to the pending migration through lazily built snapshots", async () => {
    const first = snapshotV7({ tables: usersTable(idColumn) });
    const second = snapshotV7({ tables: usersTable(withEmail) }, String(first.id));
    const folder = await readDrizzleFolder(
      memoryFiles(
        journalFolder([
          { tag: "0000_init", when: 1000, sql: "create table users();", snapshot: first },
          { tag: "0001_email", when: 2000, sql: "alter table users add email text;", snapshot: second },
        ]),
      ),
    );
    await folder.loadSnapshots!(["0000_init"]);
    const actual = folder.migrations[0]!.snapshot ?? emptySchema();
    const findings = diffSchemas(folder.expected, actual);
    expect(findings.map((f) => [f.code, f.object])).toEqual([["COLUMN_MISSING", "public.users.email"]]);
    const attributed = attributePendingMigrations(findings, folder, ["0001_email"]);
    expect(attributed.map((f) => f.pendingMigration)).toEqual(["0001_email"]);
    expect(attributePendingMigrations(findings, folder, [])).toBe(findings);
  });
});
