/**
 * The GitHub Action is committed as a bundle (action/dist/main.js) so `uses: owner/driftcheck@tag`
 * needs no install step: it must be exactly what scripts/build-action.mjs builds from today's
 * sources, and action.yml must point at it on GitHub's node24 runtime.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");
const exec = promisify(execFile);

describe("the GitHub Action bundle", () => {
  it("is current: rebuilding from the sources gives the committed action/dist/main.js", async () => {
    const dir = mkdtempSync(join(tmpdir(), "driftcheck-action-bundle-"));
    try {
      const outfile = join(dir, "main.js");
      await exec(process.execPath, [join(ROOT, "scripts", "build-action.mjs"), "--outfile", outfile], { cwd: ROOT });
      const fresh = readFileSync(outfile, "utf8");
      const committed = readFileSync(join(ROOT, "action", "dist", "main.js"), "utf8");
      // Not toEqual on 3 MB strings: a clear message instead of a diff nobody can read.
      expect(fresh === committed, "action/dist/main.js is stale: run `npm run build:action` and commit it").toBe(true);
      // PGlite's files beside the bundle (embedded replay), as the installed PGlite has them.
      const assets = readdirSync(dir).filter((name) => name !== "main.js").sort();
      expect(assets).toEqual(["initdb.wasm", "pglite.data", "pglite.wasm", "vector.tar.gz"]);
      expect(readdirSync(join(ROOT, "action", "dist")).sort()).toEqual([...assets, "main.js"].sort());
      for (const asset of assets) expect(readFileSync(join(ROOT, "action", "dist", asset)).equals(readFileSync(join(dir, asset))), asset).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("action.yml runs it on node24 and declares the documented inputs and outputs", () => {
    const yml = readFileSync(join(ROOT, "action.yml"), "utf8");
    expect(yml).toMatch(/runs:\n {2}using: node24\n {2}main: action\/dist\/main\.js\n/);
    for (const name of ["database-url", "folder", "fail-on", "environment", "config", "working-directory", "ignore", "baseline", "expected", "scratch-url", "schema", "probe", "sarif-file", "comment", "github-token"]) {
      expect(yml, name).toMatch(new RegExp(`\\n {2}${name}:\\n {4}description: `));
    }
    for (const name of ["verdict", "errors", "warnings", "infos", "total", "known"]) expect(yml, name).toMatch(new RegExp(`\\n {2}${name}:\\n {4}description: `));
  });
});
