/**
 * `npm start -- --drizzle DIR --once` end to end (issue 12) on a folder of each drizzle-kit layout:
 * wrangler dev --local runs the real Worker, the stand-in commit holds the folder as `drizzle/`,
 * the PGlite branches hold all but its last migration, and the check the stand-in GitHub receives
 * names exactly that last migration as pending, with the finding it leaves: for test/fixtures-1x
 * shop-v9 (1.x) the renamed table order_lines is missing; for examples/soundcloud's folder (0.x)
 * the column soundcloud_tracks.updated_at. The command exits 0, prints the check's GitHub request
 * count, and leaves no process behind (wrangler, workerd). A folder of neither layout is refused
 * before anything starts. How branches are migrated, on both backends: test/pg/edge-stack-drizzle-folders.test.ts.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLE_DRIZZLE_DIR, REPO_ROOT } from "../../support/edge-stack.js";
import { FIXTURES_1X_DIR } from "../../support/fixtures-1x.js";
import { kindsOf, LEAK_PROBE_VARIABLE, processesWithProbe } from "../../support/leftover-processes.js";

/** wrangler builds the bundle before workerd starts, then the check runs: generous on a shared 2-core machine. */
const RUN_WITHIN_MS = 240_000;
const GONE_WITHIN_MS = 5_000;

async function startOnce(drizzleDir: string): Promise<{ code: number | null; stdout: string; stderr: string; left: string[] }> {
  const probe = randomUUID();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "--drizzle", drizzleDir, "--once"], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, [LEAK_PROBE_VARIABLE]: probe, CI: "true" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start --drizzle ${drizzleDir} --once did not end within ${RUN_WITHIN_MS / 1000} s:\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`)), RUN_WITHIN_MS);
      child.once("exit", (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    const endedAt = Date.now();
    let left = processesWithProbe(probe);
    while (left.length > 0 && Date.now() - endedAt < GONE_WITHIN_MS) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      left = processesWithProbe(probe);
    }
    if (left.length > 0) console.log(`left behind: ${JSON.stringify(kindsOf(left))}`);
    return { code, stdout, stderr, left: left.map((p) => `${p.pid} ${p.name}: ${p.command.slice(0, 160)}`) };
  } finally {
    // Whatever the outcome, this test leaves nothing behind either.
    if (child.exitCode === null) child.kill("SIGKILL");
    for (const p of processesWithProbe(probe)) {
      try {
        process.kill(p.pid, "SIGKILL");
      } catch {
        // gone
      }
    }
  }
}

/** The check run JSON `--once` prints (between its heading and the summary). */
function printedCheckRun(stdout: string): { conclusion: string; title: string; annotations: { path: string; title: string }[] } {
  const from = stdout.indexOf("{", stdout.indexOf("The check run the stand-in GitHub received:"));
  const to = stdout.indexOf("\n}\n", from);
  return JSON.parse(stdout.slice(from, to + 2)) as ReturnType<typeof printedCheckRun>;
}

const CASES = [
  {
    name: "a drizzle-kit 1.x folder (test/fixtures-1x/shop-v9)",
    dir: join(FIXTURES_1X_DIR, "shop-v9"),
    last: "20250104120000_rename_lines",
    finding: "TABLE_MISSING order_lines",
    annotated: "drizzle/20250104120000_rename_lines/migration.sql",
  },
  {
    name: "a drizzle-kit 0.x folder (examples/soundcloud/drizzle)",
    dir: EXAMPLE_DRIZZLE_DIR,
    last: "0002_add_updated_at",
    finding: "COLUMN_MISSING soundcloud_tracks.updated_at",
    annotated: "drizzle/0002_add_updated_at.sql",
  },
] as const;

describe.skipIf(process.platform !== "linux")("npm start -- --drizzle DIR --once", () => {
  for (const { name, dir, last, finding, annotated } of CASES) {
    it(`${name}: the branches lack only the last migration, and the Worker's check says so`, async () => {
      const { code, stdout, stderr, left } = await startOnce(dir);
      expect(code, `${stdout.slice(-3000)}\n${stderr.slice(-3000)}`).toBe(0);
      const run = printedCheckRun(stdout);
      expect(run.conclusion).toBe("failure");
      expect(run.title).toContain(finding);
      const titles = run.annotations.map((annotation) => annotation.title);
      expect(titles).toEqual(expect.arrayContaining([`MIGRATION_PENDING ${last}`, finding]));
      // Only the last migration is pending: every other one was applied to the branch.
      expect(titles.filter((title) => title.startsWith("MIGRATION_PENDING"))).toEqual([`MIGRATION_PENDING ${last}`]);
      expect(stdout).toContain(`pending migrations: \`${last}\``);
      // The commit holds the folder as drizzle/.
      expect(run.annotations.map((annotation) => annotation.path)).toContain(annotated);
      expect(stdout).toMatch(/GitHub requests of this check: \d+ reading the commit \(tree, blobs, GraphQL batches\), \d+ in all with reporting\./);
      expect(left, "processes left after --once ended").toEqual([]);
    }, RUN_WITHIN_MS + GONE_WITHIN_MS + 30_000);
  }

  it("a folder of neither layout: refused with what --drizzle needs, before anything starts", async () => {
    const empty = mkdtempSync(join(tmpdir(), "driftcheck-start-empty-"));
    try {
      const { code, stdout, stderr, left } = await startOnce(empty);
      expect(code).toBe(1);
      expect(stderr).toContain("--drizzle needs a drizzle-kit migrations folder: 0.x (holding meta/_journal.json) or 1.x (one <YYYYMMDDHHMMSS>_<name>/ sub-folder per migration, holding migration.sql)");
      expect(stderr).toContain(`${empty} is missing or empty`);
      expect(stdout).not.toContain("starting wrangler");
      expect(left).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 60_000);
});
