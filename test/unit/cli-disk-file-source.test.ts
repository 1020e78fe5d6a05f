import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
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
    await expect(files.readText("meta")).rejects.toMatchObject({
      kind: "user",
      message: "Refused to read ./drizzle/meta: it is a folder, not a regular file. driftcheck reads only regular files inside the drizzle folder.",
    });
  });

  it("says why a path that leaves the folder was refused (never 'unknown error')", async () => {
    const files = createDiskFileSource(join(dir, "drizzle"), "./drizzle");
    const error = await files.readText("../../etc/passwd").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "user", message: './drizzle: refusing to read "../../etc/passwd", which is outside the drizzle folder.' });
  });

  it("refuses a symbolic link, even to a file inside the folder, and says so", async () => {
    const drizzle = join(dir, "links");
    mkdirSync(drizzle);
    symlinkSync("/etc/passwd", join(drizzle, "0001_passwd.sql"));
    writeFileSync(join(drizzle, "real.sql"), "SELECT 1;");
    symlinkSync(join(drizzle, "real.sql"), join(drizzle, "0002_inside.sql"));
    const files = createDiskFileSource(drizzle, "./links");
    for (const name of ["0001_passwd.sql", "0002_inside.sql"]) {
      await expect(files.readText(name)).rejects.toMatchObject({ kind: "user", message: `Refused to read ./links/${name}: it is a symbolic link. driftcheck reads only regular files inside the drizzle folder.` });
    }
    expect(await files.readText("real.sql")).toBe("SELECT 1;");
  });

  it("refuses a path whose folder is a link leading outside the drizzle folder", async () => {
    const drizzle = join(dir, "linked-meta");
    mkdirSync(drizzle);
    symlinkSync(dir, join(drizzle, "meta"));
    const files = createDiskFileSource(drizzle, "./linked-meta");
    await expect(files.readText("meta/secret.txt")).rejects.toMatchObject({ kind: "user", message: expect.stringContaining("leads outside the drizzle folder") });
    await expect(files.list("meta")).rejects.toMatchObject({ kind: "user" });
  });

  it("refuses a FIFO at once instead of waiting on it forever", async () => {
    const drizzle = join(dir, "fifo");
    mkdirSync(drizzle);
    execFileSync("mkfifo", [join(drizzle, "0000_pipe.sql")]);
    const files = createDiskFileSource(drizzle, "./fifo");
    await expect(files.readText("0000_pipe.sql")).rejects.toMatchObject({ kind: "user", message: expect.stringContaining("it is a FIFO (named pipe), not a regular file") });
  }, 5_000);
});
