/**
 * Issue 13 item 10: a malformed snapshot is the user's to fix — a user error naming the file and
 * the field, never an internal TypeError from inside the conversion.
 */
import { describe, expect, it } from "vitest";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import { DriftcheckError, errorToJson } from "../../src/core/errors.js";
import { journalFolder, memoryFiles, snapshotV7, usersTable } from "./drizzle-helpers.js";

const id = { name: "id", type: "serial", primaryKey: true, notNull: true };

async function readWith(tables: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<DriftcheckError> {
  const files = journalFolder([{ tag: "0000_init", when: 1000, sql: "SELECT 1;", snapshot: snapshotV7({ tables, ...extra }) }]);
  const error = await readDrizzleFolder(memoryFiles(files, "./drizzle")).then(
    (folder) => {
      // The newest snapshot may be converted on first use.
      void folder.expected;
      return null;
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DriftcheckError);
  return error as DriftcheckError;
}

describe("malformed snapshots", () => {
  it("a column without `type` names the file and the field (user error, not 'Cannot read properties of undefined')", async () => {
    const error = await readWith(usersTable({ id, email: { name: "email", primaryKey: false, notNull: true } }));
    expect(errorToJson(error)).toEqual({
      kind: "user",
      message: './drizzle/meta/0000_snapshot.json: tables["public.users"].columns.email.type must be a string (it is missing).',
      hint: "The snapshot is malformed: regenerate it with `npx drizzle-kit generate`, or restore the field.",
    });
  });

  it.each([
    ["a column name that is a number", usersTable({ id: { ...id, name: 7 } }), {}, 'columns.id.name must be a string (found 7)'],
    ["columns that are a list", usersTable([] as never), {}, "columns must be an object"],
    ["an index without column expressions", usersTable({ id }, { indexes: { i: { name: "i", columns: [{}] } } }), {}, "indexes.i.columns must be a list of { expression: string }"],
    ["a foreign key without columnsTo", usersTable({ id }, { foreignKeys: { f: { name: "f", tableTo: "t", columnsFrom: ["id"] } } }), {}, "foreignKeys.f.columnsTo must be a list of strings"],
    ["enum values that are not a list", {}, { enums: { "public.mood": { name: "mood", schema: "public", values: "happy" } } }, 'enums["public.mood"].values must be a list of strings'],
  ])("%s", async (_, tables, extra, field) => {
    const error = await readWith(tables as Record<string, unknown>, extra);
    expect(error.kind).toBe("user");
    expect(error.message).toContain("./drizzle/meta/0000_snapshot.json: ");
    expect(error.message).toContain(field);
  });
});
