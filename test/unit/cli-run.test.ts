import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/run.js";

const EXAMPLE = resolve("examples/soundcloud");
const CANARY = "canary-pw-unit";

function capture(cwd = EXAMPLE, env: Record<string, string | undefined> = {}) {
  const out = { stdout: "", stderr: "" };
  const io = {
    stdout: (text: string) => void (out.stdout += text),
    stderr: (text: string) => void (out.stderr += text),
    env,
    cwd,
    isTTY: false,
  };
  return { io, out };
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("run(): help and version", () => {
  it("prints usage with every flag and the exit codes", async () => {
    const { io, out } = capture();
    expect(await run(["--help"], io)).toBe(0);
    for (const flag of ["--database-url", "--drizzle", "--format", "--fail-on", "--environment", "--migrations-table", "--ignore", "--config"]) {
      expect(out.stdout).toContain(flag);
    }
    expect(out.stdout).toContain("2  findings at or above --fail-on");
  });

  it("prints the package version", async () => {
    const { io, out } = capture();
    expect(await run(["--version"], io)).toBe(0);
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect(out.stdout).toBe(`${pkg.version}\n`);
  });
});

describe("run(): bad input exits 1 with what is wrong and how to fix it", () => {
  it("unknown flag", async () => {
    const { io, out } = capture();
    expect(await run(["check", "--bogus"], io)).toBe(1);
    expect(out.stdout).toBe("");
    expect(out.stderr).toBe("driftcheck: Unknown option --bogus.\n  hint: Run `driftcheck --help` for the commands and flags.\n");
  });

  it("bad --fail-on", async () => {
    const { io, out } = capture();
    expect(await run(["check", "--fail-on", "fatal"], io)).toBe(1);
    expect(out.stderr).toContain('--fail-on must be one of error, warning, info (got "fatal").');
  });

  it("bad ignore rule", async () => {
    const { io, out } = capture();
    expect(await run(["check", "--ignore", "tabel:users"], io)).toBe(1);
    expect(out.stderr).toContain("hint: Ignore rules are schema:NAME, table:GLOB (matched against schema.table), kind:KIND or code:CODE.");
  });

  it("missing database URL", async () => {
    const { io, out } = capture();
    expect(await run(["check"], io)).toBe(1);
    expect(out.stderr).toBe(
      "driftcheck: No database URL.\n  hint: Pass --database-url postgresql://HOST:5432/DATABASE (user and password as USER:PASSWORD@ before HOST), or set DATABASE_URL.\n",
    );
  });

  it("bad driftcheck.json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "driftcheck-cli-run-"));
    dirs.push(dir);
    writeFileSync(join(dir, "driftcheck.json"), JSON.stringify({ environments: { preview: { failOn: "fatal" } } }));
    const { io, out } = capture(dir);
    expect(await run(["check", "--database-url", "postgresql://u@127.0.0.1/db"], io)).toBe(1);
    expect(out.stderr).toContain("driftcheck: driftcheck.json: /environments/preview/failOn must be one of error, warning, info\n");
    expect(out.stderr).toContain("hint: Fix the file to match driftcheck.schema.json");
  });

  it("missing drizzle folder says where the path came from", async () => {
    const dir = mkdtempSync(join(tmpdir(), "driftcheck-cli-run-"));
    dirs.push(dir);
    const { io, out } = capture(dir);
    expect(await run(["check", "--database-url", "postgresql://u@127.0.0.1/db"], io)).toBe(1);
    expect(out.stderr).toContain("driftcheck: Drizzle migrations folder ./drizzle (the default; no drizzle.config.* sets `out`) does not exist.");
    const flagged = capture(dir);
    expect(await run(["check", "--drizzle", "nope", "--database-url", "postgresql://u@127.0.0.1/db"], flagged.io)).toBe(1);
    expect(flagged.out.stderr).toContain("./nope (from --drizzle) does not exist.");
  });

  it("malformed URLs are rejected without being printed", async () => {
    for (const url of [`postgres://u:${CANARY}@[bad`, `not a url ${CANARY}`, `mysql://u:${CANARY}@h/db`]) {
      const { io, out } = capture();
      expect(await run(["check", "--database-url", url], io)).toBe(1);
      expect(out.stderr).toMatch(/^driftcheck: The database URL (is not a valid URL|must start with postgresql:\/\/ or postgres:\/\/)\./);
      expect(out.stdout + out.stderr).not.toContain(CANARY);
    }
  });

  it("prints the JSON report on bad input with --format json", async () => {
    const { io, out } = capture(EXAMPLE, { DATABASE_URL: `postgres://u:${CANARY}@[bad` });
    expect(await run(["check", "--format", "json"], io)).toBe(1);
    const report = JSON.parse(out.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      formatVersion: 1,
      verdict: "error",
      findings: [],
      error: { kind: "user", message: "The database URL is not a valid URL." },
    });
    expect(out.stdout + out.stderr).not.toContain(CANARY);

    const unparsed = capture();
    expect(await run(["check", "--format", "json", "--bogus"], unparsed.io)).toBe(1);
    expect(JSON.parse(unparsed.out.stdout)).toMatchObject({ verdict: "error", error: { kind: "user", message: "Unknown option --bogus." } });
  });
});
