/**
 * The built CLI on a drizzle folder whose newest snapshot is 20 MiB or 5 MiB of `[` (issue 13,
 * item 4: 20 s and 1.4 GB before the limits): a folder error naming the file and the limit, exit 1,
 * in bounded time — the folder is refused before the database is even asked.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_MIGRATIONS, buildCli, closedPort, runBuiltCli } from "./cli-support.js";

const MiB = 1024 * 1024;
let dir: string;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "driftcheck-cli-limits-"));
  url = `postgresql://postgres@127.0.0.1:${await closedPort()}/none`;
  await buildCli();
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function folderWithSnapshot(name: string, text: string): string {
  const folder = join(dir, name);
  cpSync(EXAMPLE_MIGRATIONS, folder, { recursive: true });
  writeFileSync(join(folder, "meta", "0002_snapshot.json"), text);
  return folder;
}

describe("driftcheck check on oversized or deeply nested snapshots", () => {
  it.each([
    ["20 MiB of [", 20 * MiB, "meta/0002_snapshot.json is 20 MiB, over driftcheck's limit of 16 MiB"],
    ["5 MiB of [", 5 * MiB, "meta/0002_snapshot.json nests arrays or objects deeper than driftcheck's limit of 64 levels"],
  ])("%s: exit 1 with the limit named, in bounded time", async (_name, bytes, message) => {
    const folder = folderWithSnapshot(String(bytes), "[".repeat(bytes));
    const started = performance.now();
    const result = await runBuiltCli(["check", "--drizzle", folder, "--database-url", url]);
    const ms = performance.now() - started;
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain(message);
    expect(ms).toBeLessThan(10_000);
  });
});
