/**
 * What the SARIF report needs beyond the result: the migrations' text (to find the line that
 * creates each object) and the drizzle folder's path from the repository root (artifact URIs
 * must be relative to it for code scanning). The root is the nearest folder above the working
 * directory that holds `.git`, else the working directory.
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import type { DrizzleFolder } from "../core/drizzle/index.js";
import type { SarifOptions } from "../core/report/index.js";
import { packageVersion } from "./usage.js";

export function repositoryRoot(cwd: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}

export function sarifOptions(cwd: string, drizzleDir: string | null, folder: DrizzleFolder | null): SarifOptions {
  if (drizzleDir === null || folder === null) return { toolVersion: packageVersion(), folderUri: null };
  const fromRoot = relative(repositoryRoot(cwd), drizzleDir);
  const folderUri = isAbsolute(fromRoot) ? drizzleDir.split(sep).join("/") : fromRoot.split(sep).join("/");
  const newest = folder.migrations.find((migration) => migration.tag === folder.expectedFrom);
  return {
    toolVersion: packageVersion(),
    folderUri,
    migrations: folder.migrations.map((m) => ({ tag: m.tag, sqlPath: m.sqlPath, sql: m.sql, snapshotPath: m.snapshotPath })),
    snapshotPath: newest?.snapshotPath ?? null,
    journalPath: folder.layout === "0.x" ? "meta/_journal.json" : null,
  };
}
