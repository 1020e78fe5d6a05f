/**
 * The published package, as a new user gets it: `npm pack` the repository, install the tarball
 * into a fresh project (its dependencies come from the registry), copy the example app there
 * with its own drizzle-kit, and run `npx driftcheck check` against real PostgreSQL whose last
 * migration did not run. Also prints the installed size (driftcheck and its dependencies).
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/pg.js";
import { EXAMPLE, LAST_TAG, ROOT, buildCli, migrateExample, runProcess } from "./cli-support.js";

const exec = promisify(execFile);
// The user's app pins what the repository tests against.
const APP_DEPENDENCIES = ["drizzle-kit@0.31.11", "drizzle-orm@0.45.4"];

let behind: TestDatabase;
let work: string;
let app: string;
let tarball: string;
let packedFiles: string[];
let installedBytes: number;

function directorySize(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + directorySize(join(path, name)), 0);
}

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await exec("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline"], { cwd, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

beforeAll(async () => {
  behind = await createTestDatabase("h14_pack");
  await Promise.all([migrateExample(behind.url, { skipLast: true }), buildCli()]);
  work = mkdtempSync(join(tmpdir(), "driftcheck-pack-"));
  // dist/ was just built (under the shared build lock); packing again would race other test files.
  const packed = JSON.parse(await npm(["pack", "--json", "--ignore-scripts", "--pack-destination", work], ROOT)) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = join(work, packed[0]!.filename);
  packedFiles = packed[0]!.files.map((file) => file.path);

  app = join(work, "app");
  cpSync(EXAMPLE, app, { recursive: true });
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "soundcloud-app", private: true, type: "module" }, null, 2));
  // First the package alone, to measure what installing driftcheck costs; then the app's own drizzle.
  await npm(["install", "--save-dev", tarball], app);
  installedBytes = directorySize(join(app, "node_modules"));
  console.log(`installed size of driftcheck with its dependencies: ${(installedBytes / 1024 / 1024).toFixed(1)} MB (${installedBytes} bytes)`);
  await npm(["install", "--save-dev", ...APP_DEPENDENCIES], app);
}, 600_000);

afterAll(async () => {
  await behind?.drop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed tarball", () => {
  it("holds the built CLI, its types, the JSON Schema and the documents, and no sources or tests", () => {
    for (const expected of ["bin/driftcheck.js", "dist/cli/main.js", "dist/cli/api.js", "dist/cli/api.d.ts", "driftcheck.schema.json", "README.md", "LICENSE", "CHANGELOG.md", "package.json"]) {
      expect(packedFiles, expected).toContain(expected);
    }
    const outside = packedFiles.filter((path) => !/^(dist\/|bin\/)/.test(path) && !["driftcheck.schema.json", "README.md", "LICENSE", "CHANGELOG.md", "package.json"].includes(path));
    expect(outside).toEqual([]);
    expect(packedFiles.filter((path) => path.endsWith(".map") || path.startsWith("dist/worker/"))).toEqual([]);
  });

  it("installs without TypeScript or the Worker's libraries", () => {
    const installed = readdirSync(join(app, "node_modules"));
    for (const absent of ["typescript", "hono", "zod", "wrangler"]) expect(installed, absent).not.toContain(absent);
  });

  it(`npx driftcheck check exits 2 with COLUMN_MISSING when ${LAST_TAG} did not run`, async () => {
    const result = await runProcess("npx", ["--no-install", "driftcheck", "check", "--format", "json"], { cwd: app, env: { DATABASE_URL: behind.url } });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { verdict: string; findings: { code: string; object: string; pendingMigration: string | null }[] };
    expect(report.verdict).toBe("fail");
    expect(report.findings).toContainEqual(
      expect.objectContaining({ code: "COLUMN_MISSING", object: "public.soundcloud_tracks.updated_at", pendingMigration: LAST_TAG }),
    );
  });

  it("exposes check(options) → report to `import { check } from \"driftcheck\"`", async () => {
    writeFileSync(
      join(app, "api.mjs"),
      'import { check, FINDING_CODES } from "driftcheck";\n' +
        "const report = await check({ databaseUrl: process.env.TARGET_URL });\n" +
        "console.log(JSON.stringify({ verdict: report.verdict, codes: report.findings.map((f) => f.code), known: FINDING_CODES.includes(\"COLUMN_MISSING\") }));\n",
    );
    const result = await runProcess("node", ["api.mjs"], { cwd: app, env: { TARGET_URL: behind.url } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ verdict: "fail", codes: expect.arrayContaining(["COLUMN_MISSING"]), known: true });
  });

  it("ships type declarations the TypeScript compiler resolves through `exports`", async () => {
    writeFileSync(
      join(app, "typed.ts"),
      'import { check, type CheckReport, type Finding } from "driftcheck";\n' +
        "const report: CheckReport = await check({ failOn: \"warning\", environment: \"preview\" });\n" +
        "const first: Finding | undefined = report.findings[0];\n" +
        "// @ts-expect-error failOn is a severity\n" +
        'await check({ failOn: "fatal" });\n' +
        "export const verdict: \"pass\" | \"fail\" | \"error\" = report.verdict;\nexport { first };\n",
    );
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const result = await runProcess(
      "node",
      [tsc, "--noEmit", "--strict", "--skipLibCheck", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext", "typed.ts"],
      { cwd: app },
    );
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("reports its installed size", () => {
    expect(installedBytes).toBeGreaterThan(0);
  });
});
