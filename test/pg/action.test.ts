/**
 * The GitHub Action's committed bundle run the way the runner runs it (`node action/dist/main.js`
 * with INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH, GITHUB_WORKSPACE), against
 * real PostgreSQL (the example app with its last migration unapplied) and the stand-in GitHub
 * for the sticky PR comment. The workspace lives under test-artifacts/ so its drizzle config and
 * schema resolve the repository's drizzle-kit and drizzle-orm, as after `npm ci` in a real job.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STICKY_MARKER } from "../../src/adapters/github/issue-comments.js";
import { GitHubStandIn } from "../support/github-server.js";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { EXAMPLE, LAST_TAG, ROOT, migrateExample, runProcess } from "./cli-support.js";

const TOKEN = "ghs_actionWorkflowToken000000000000000";
const REPO = "acme/soundcloud";

let db: TestDatabase;
let github: GitHubStandIn;
let workspace: string;
let runnerFiles: string;

beforeAll(async () => {
  db = await createTestDatabase("h14_action");
  await migrateExample(db.url, { skipLast: true });
  github = new GitHubStandIn();
  github.addPlainToken(TOKEN, [REPO]);
  github.addCommit(REPO, { "README.md": "soundcloud\n" });
  await github.start();
  mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
  workspace = mkdtempSync(join(ROOT, "test-artifacts", "action-"));
  cpSync(EXAMPLE, workspace, { recursive: true });
  runnerFiles = mkdtempSync(join(ROOT, "test-artifacts", "action-runner-"));
  writeFileSync(join(runnerFiles, "event.json"), JSON.stringify({ action: "synchronize", number: 7, pull_request: { number: 7, head: { sha: "abc" } } }));
});

afterAll(async () => {
  await db?.drop();
  await github?.stop();
  for (const dir of [workspace, runnerFiles]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One step run: fresh output and summary files, as the runner gives each step. */
async function runStep(inputs: Record<string, string>) {
  const output = join(runnerFiles, `output-${Date.now()}`);
  const summary = join(runnerFiles, `summary-${Date.now()}`);
  writeFileSync(output, "");
  writeFileSync(summary, "");
  const env: Record<string, string> = {
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_EVENT_PATH: join(runnerFiles, "event.json"),
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_REPOSITORY: REPO,
    GITHUB_API_URL: github.url,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = await runProcess(process.execPath, [join(ROOT, "action", "dist", "main.js")], { cwd: runnerFiles, env });
  const outputs = Object.fromEntries(
    readFileSync(output, "utf8").split("\n").filter((line) => line.includes("=")).map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
  return { ...result, outputs, summary: readFileSync(summary, "utf8") };
}

const comments = () => [...github.comments.values()].filter((c) => c.repository === REPO && c.issue === 7);

describe("the Action's entry under the runner contract", () => {
  it(`fails the step with COLUMN_MISSING when ${LAST_TAG} did not run: outputs, summary, annotations, SARIF, PR comment`, async () => {
    const step = await runStep({ "database-url": db.url, comment: "true", "github-token": TOKEN, "sarif-file": "driftcheck.sarif", "fail-on": "error", environment: "preview" });
    expect(step.code).toBe(2);
    expect(step.outputs).toEqual({ verdict: "fail", errors: "2", warnings: "0", infos: "0", total: "2", known: "0" });
    expect(step.summary).toContain("❌ driftcheck: fail");
    expect(step.summary).toContain("COLUMN_MISSING");
    expect(step.stdout).toContain(`::add-mask::${db.url}`);
    expect(step.stdout).toMatch(
      new RegExp(`::error file=drizzle/${LAST_TAG}\\.sql,line=\\d+,title=COLUMN_MISSING public\\.soundcloud_tracks\\.updated_at::`),
    );
    expect(step.stdout).toContain(`::error file=drizzle/${LAST_TAG}.sql,line=1,title=MIGRATION_PENDING ${LAST_TAG}::`);
    // The database URL appears only in the mask command, never in the report.
    expect(step.stdout.replace(`::add-mask::${db.url}`, "")).not.toContain(db.url);
    const sarif = JSON.parse(readFileSync(join(workspace, "driftcheck.sarif"), "utf8")) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain("COLUMN_MISSING");
    expect(comments()).toHaveLength(1);
    expect(comments()[0]!.body).toContain(STICKY_MARKER);
    expect(comments()[0]!.body).toContain("COLUMN_MISSING");
    expect(step.stdout).toContain("driftcheck: PR comment created");
  });

  it("keeps one sticky comment: a second run updates it in place", async () => {
    await db.exec("ALTER TABLE soundcloud_tracks ADD COLUMN updated_at timestamp with time zone DEFAULT now() NOT NULL");
    try {
      const step = await runStep({ "database-url": db.url, comment: "true", "github-token": TOKEN, "fail-on": "warning" });
      // The column exists now; the migration is still unrecorded (MIGRATION_PENDING, error).
      expect(step.outputs.verdict).toBe("fail");
      expect(step.outputs.errors).toBe("1");
      expect(comments()).toHaveLength(1);
      expect(comments()[0]!.updates).toBe(1);
      expect(comments()[0]!.body).not.toContain("COLUMN_MISSING");
    } finally {
      await db.exec("ALTER TABLE soundcloud_tracks DROP COLUMN updated_at");
    }
  });

  it("without database-url runs MIGRATION_NOT_GENERATED alone", async () => {
    const schemaPath = join(workspace, "src", "schema.ts");
    const original = readFileSync(schemaPath, "utf8");
    writeFileSync(schemaPath, original.replace('genre: text("genre"),', 'genre: text("genre"),\n    mood: text("mood"),'));
    try {
      const step = await runStep({});
      expect(step.code).toBe(2);
      expect(step.outputs).toMatchObject({ verdict: "fail", errors: "1" });
      expect(step.stdout).toContain("MIGRATION_NOT_GENERATED");
      expect(step.stdout).toContain("src/schema.ts adds column `soundcloud_tracks.mood`");
      // Annotated where the table is declared in the schema source.
      const tableLine = original.split("\n").findIndex((line) => line.includes('"soundcloud_tracks"')) + 1;
      expect(step.stdout).toContain(`::error file=src/schema.ts,line=${tableLine},title=MIGRATION_NOT_GENERATED public.soundcloud_tracks.mood::`);
      writeFileSync(schemaPath, original);
      const clean = await runStep({});
      expect([clean.code, clean.outputs.verdict]).toEqual([0, "pass"]);
    } finally {
      writeFileSync(schemaPath, original);
    }
  });

  it("replays the migrations on the bundled embedded PGlite (expected: replay)", async () => {
    const step = await runStep({ "database-url": db.url, expected: "replay" });
    expect(step.stderr).not.toContain("Cannot find");
    expect(step.code).toBe(2);
    expect(step.outputs).toMatchObject({ verdict: "fail", errors: "2" });
    expect(step.summary).toContain("replay of ./drizzle on embedded PGlite");
    expect(step.stdout).toContain("COLUMN_MISSING");
  });

  it("runs query probes (probe input): a query reading the missing column fails", async () => {
    writeFileSync(join(workspace, "recent-tracks.sql"), "SELECT id, updated_at FROM soundcloud_tracks ORDER BY updated_at DESC LIMIT 10");
    const step = await runStep({ "database-url": db.url, probe: "recent-tracks.sql" });
    expect(step.code).toBe(2);
    expect(step.stdout).toContain("QUERY_PROBE_FAILED");
    expect(step.outputs.errors).toBe("3");
  });

  it("rejects a bad input with an error annotation and exit 1", async () => {
    const step = await runStep({ "database-url": db.url, "fail-on": "fatal" });
    expect(step.code).toBe(1);
    expect(step.stdout).toContain("::error::driftcheck: fail-on must be one of error, warning, info");
  });
});
