/**
 * The reliability suite, the CLI under hostile input (issue 13): a drizzle folder whose snapshot is
 * 20 MiB of `[` (it took 20 s and 1.4 GB before the limits of item 4), a journal nested a million
 * deep, a huge migration file. Each run must end in bounded time and memory — the process runs
 * with a 384 MB heap cap and a time limit — and either succeed or refuse with a clear error (exit
 * 1, naming the file); never a crash, an out-of-memory or a hang. Item 4 (input limits, the
 * history-cost branch) sets the size and nesting limits; this only holds the bounds.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../support/edge-stack.js";

const TIME_LIMIT_MS = 60_000;
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** examples/soundcloud's drizzle folder with one file replaced. */
function folderWith(file: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "driftcheck-bounds-"));
  made.push(dir);
  cpSync(join(REPO_ROOT, "examples", "soundcloud", "drizzle"), join(dir, "drizzle"), { recursive: true });
  writeFileSync(join(dir, "drizzle", file), content);
  return join(dir, "drizzle");
}

function runCli(args: string[]): Promise<{ code: number | null; signal: string | null; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ["--max-old-space-size=384", join(REPO_ROOT, "bin", "driftcheck.js"), ...args], { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), TIME_LIMIT_MS);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, ms: Date.now() - started });
    });
  });
}

const CASES: [string, string, string][] = [
  ["a 20 MiB snapshot of `[`", "meta/0002_snapshot.json", "[".repeat(20 * 1024 * 1024)],
  ["a journal nested a million deep", "meta/_journal.json", "[".repeat(1_000_000) + "]".repeat(1_000_000)],
  ["a 30 MiB migration", "0002_add_updated_at.sql", "-- x\n".repeat(6 * 1024 * 1024)],
];

describe("the CLI on oversized and deeply nested folders", () => {
  for (const [what, file, content] of CASES) {
    it(`${what}: ends (done, or a clear error naming the file) in bounded time and memory`, async () => {
      const drizzle = folderWith(file, content);
      const result = await runCli(["replay", "--drizzle", drizzle, "--out", join(drizzle, "..", "out.json")]);
      expect(result.signal, `killed after ${result.ms} ms: ${result.stderr}`).toBeNull();
      expect(result.stderr).not.toMatch(/heap out of memory|Maximum call stack|internal error/i);
      expect([0, 1], result.stderr).toContain(result.code);
      if (result.code === 1) expect(result.stderr).toContain(file.split("/").pop()!);
    }, TIME_LIMIT_MS + 30_000);
  }
});
