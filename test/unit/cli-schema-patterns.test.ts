/** The drizzle config's `schema` as drizzle-kit reads it: files, folders and globs. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expandSchemaPatterns } from "../../src/cli/not-generated.js";

const dir = mkdtempSync(join(tmpdir(), "driftcheck-schema-patterns-"));
for (const file of ["src/db/users.ts", "src/db/tracks.ts", "src/db/nested/notes.ts", "src/db/README.md", "src/other.ts"]) {
  mkdirSync(join(dir, file, ".."), { recursive: true });
  writeFileSync(join(dir, file), "");
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rel = (files: string[]) => files.map((file) => file.slice(dir.length + 1));

describe("expandSchemaPatterns", () => {
  it("takes a file as it is, and every source file in a folder", () => {
    expect(rel(expandSchemaPatterns(["./src/other.ts"], dir))).toEqual(["src/other.ts"]);
    expect(rel(expandSchemaPatterns(["./src/db"], dir))).toEqual(["src/db/nested/notes.ts", "src/db/tracks.ts", "src/db/users.ts"]);
  });

  it("expands * within a name and ** across folders", () => {
    expect(rel(expandSchemaPatterns(["./src/db/*.ts"], dir))).toEqual(["src/db/tracks.ts", "src/db/users.ts"]);
    expect(rel(expandSchemaPatterns(["./src/**/*.ts"], dir))).toEqual(["src/db/nested/notes.ts", "src/db/tracks.ts", "src/db/users.ts", "src/other.ts"]);
  });

  it("says which entry matches nothing", () => {
    expect(() => expandSchemaPatterns(["./src/db/*.ts", "./schema/*.ts"], dir)).toThrow('The drizzle config\'s schema "./schema/*.ts" matches no file.');
    expect(() => expandSchemaPatterns(["./missing.ts"], dir)).toThrow("matches no file");
  });
});
