import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCliArgs } from "../../src/cli/args.js";
import { resolveSettings } from "../../src/cli/settings.js";
import { DEFAULT_OPTIONS } from "../../src/core/check.js";
import { driftcheckRejection } from "../support/rejection.js";

const dirs: string[] = [];
function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "driftcheck-cli-fallback-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// A config that imports a package this machine does not have.
const BROKEN = { "drizzle.config.mjs": 'import "driftcheck-no-such-package";\nexport default { out: "./m", schemaFilter: ["app"] };' };

describe("a drizzle config that fails to load", () => {
  it("with --drizzle: a warning on stderr, and the check goes on with the folder given", async () => {
    const dir = tempDir(BROKEN);
    const warnings: string[] = [];
    const settings = await resolveSettings(parseCliArgs(["check", "--drizzle", "migrations"]), {}, dir, (line) => warnings.push(line));
    expect(settings.drizzleDir).toBe(join(dir, "migrations"));
    expect(settings.drizzleDirFrom).toBe("--drizzle");
    expect(settings.options.includeSchemas).toBeUndefined();
    expect(settings.options.migrationsTable).toEqual(DEFAULT_OPTIONS.migrationsTable);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("drizzle.config.mjs could not be loaded");
    expect(warnings[0]).toContain("--drizzle");
    expect(warnings[0]).toContain("schemaFilter, tablesFilter and migrations table are not applied");
  });

  it("with `drizzle` in driftcheck.json: the same", async () => {
    const dir = tempDir({ ...BROKEN, "driftcheck.json": JSON.stringify({ drizzle: "db/migrations" }) });
    const warnings: string[] = [];
    const settings = await resolveSettings(parseCliArgs(["check"]), {}, dir, (line) => warnings.push(line));
    expect(settings.drizzleDir).toBe(join(dir, "db/migrations"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("`drizzle` in driftcheck.json");
  });

  it("without a folder given: still an error, whose hint says how to get past it", async () => {
    const dir = tempDir(BROKEN);
    const error = await driftcheckRejection(resolveSettings(parseCliArgs(["check"]), {}, dir));
    expect(error.kind).toBe("user");
    expect(error.message).toContain("drizzle.config.mjs could not be loaded");
    expect(error.hint).toContain("--drizzle DIR");
    expect(error.hint).toContain("install what it imports");
  });
});
