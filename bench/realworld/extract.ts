/**
 * Puts each manifest project's migrations folder, at the manifest's commit, under --src
 * (default /work/realworld-src, OUTSIDE the repository: fetched files are never committed).
 * Reads bare git directories, one per repository, at <mirror>/<owner>+<name>/repo (where the
 * session's `fetch` tool puts them); a clone made any other way works with --mirror and --layout git
 * (then <mirror>/<owner>/<name> is a normal clone and its .git is used).
 *
 *   npx tsx bench/realworld/extract.ts [--mirror /work/.mirror] [--src /work/realworld-src] [--only a,b]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { ManifestEntry } from "./evaluate.js";

const here = dirname(fileURLToPath(import.meta.url));
const { values: flags } = parseArgs({
  options: {
    mirror: { type: "string", default: "/work/.mirror" },
    src: { type: "string", default: "/work/realworld-src" },
    only: { type: "string" },
    layout: { type: "string", default: "fetch" },
  },
});

function gitDir(repo: string): string {
  const [owner, name] = repo.split("/");
  return flags.layout === "git" ? join(flags.mirror!, owner!, name!, ".git") : join(flags.mirror!, `${owner}+${name}`, "repo");
}

const manifest = JSON.parse(readFileSync(join(here, "manifest.json"), "utf8")) as { projects: ManifestEntry[] };
const wanted = flags.only ? new Set(flags.only.split(",")) : null;
let failed = 0;
for (const entry of manifest.projects) {
  if (wanted && !wanted.has(entry.name)) continue;
  const git = gitDir(entry.repo);
  if (!existsSync(git)) {
    process.stderr.write(`${entry.name}: no git directory at ${git} (fetch github:${entry.repo} first)\n`);
    failed++;
    continue;
  }
  const dest = join(flags.src!, entry.name);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  // `git archive <commit> <folder> | tar -x`: only the migrations folder, exactly as committed.
  const archive = spawnSync("sh", ["-c", 'git --git-dir="$1" archive "$2" "$3" | tar -x -C "$4"', "sh", git, entry.commit, entry.folder, dest], {
    encoding: "utf8",
  });
  if (archive.status !== 0 || !existsSync(join(dest, entry.folder))) {
    process.stderr.write(`${entry.name}: extracting ${entry.folder} at ${entry.commit} failed: ${archive.stderr.trim()}\n`);
    failed++;
    continue;
  }
  process.stderr.write(`${entry.name}: ${join(dest, entry.folder)}\n`);
}
process.exit(failed === 0 ? 0 : 1);
