import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { DriftcheckError } from "../../src/core/errors.js";
import { sha256Hex } from "../../src/core/util/sha256.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "driftcheck-fs-"));
  mkdirSync(join(dir, "drizzle", "meta"), { recursive: true });
  writeFileSync(join(dir, "drizzle", "0000_init.sql"), "CREATE TABLE t ();");
  writeFileSync(join(dir, "drizzle", "meta", "_journal.json"), "{}");
  writeFileSync(join(dir, "secret.txt"), "outside");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("createDiskFileSource", () => {
  it("reads files and lists folders relative to the drizzle folder", async () => {
    const files = createDiskFileSource(join(dir, "drizzle"), "./drizzle");
    expect(await files.readText("0000_init.sql")).toBe("CREATE TABLE t ();");
    expect(await files.readText("meta/_journal.json")).toBe("{}");
    expect(await files.list("")).toEqual(["0000_init.sql", "meta"]);
    expect(await files.list("meta")).toEqual(["_journal.json"]);
    expect(files.describe()).toBe("./drizzle");
  });

  it("hashes migration texts natively, as drizzle-orm's migrator does (UTF-8)", () => {
    const source = createDiskFileSource(join(dir, "drizzle"));
    for (const text of ["", "CREATE TABLE t ();", "COMMENT ON TABLE t IS 'é😀';", "ü".repeat(20_000)]) expect(source.sha256Hex!(text)).toBe(sha256Hex(text));
  });

  it("returns null and [] for what does not exist", async () => {
    const files = createDiskFileSource(join(dir, "drizzle"));
    expect(await files.readText("meta/0000_snapshot.json")).toBeNull();
    expect(await files.list("nope")).toEqual([]);
    expect(await createDiskFileSource(join(dir, "absent")).list("")).toEqual([]);
  });

  it("refuses paths that leave the folder", async () => {
    const files = createDiskFileSource(join(dir, "drizzle"), "./drizzle");
    await expect(files.readText("../secret.txt")).rejects.toBeInstanceOf(DriftcheckError);
    await expect(files.readText("../secret.txt")).rejects.toMatchObject({ kind: "user" });
  });

  it("reports a folder read as a file as a user error", async () => {
    const files = createDiskFileSource(join(dir, "drizzle"), "./drizzle");
    await expect(files.readText("meta")).rejects.toMatchObject({ kind: "user", message: "Cannot read ./drizzle/meta (EISDIR)." });
  });
});
