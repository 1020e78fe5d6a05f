/**
 * Everything a check needs from the commit, through the GitHub App: `driftcheck.json`
 * (optional), a committed `driftcheck.expected.json` (optional, takes precedence over the
 * snapshots) and the drizzle folder. One recursive tree call lists the commit; when the folder's
 * tree sha has a parsed entry in D1 nothing else is fetched, otherwise only the blobs the reader
 * needs (journal, snapshots, and migration files whose hash D1 does not know yet).
 */
import { getMigrationHashes, putMigrationHashes, type Db } from "../../adapters/d1/store.js";
import { createGitHubCommitFiles, type GitHubClient, type GitHubCommitFiles, type GitHubFileSource, type GitHubFileSourceStats, type RepoRef } from "../../adapters/github/index.js";
import { readDrizzleFolder, withSnapshotLoader } from "../../core/drizzle/index.js";
import { JOURNAL_PATH } from "../../core/drizzle/read-journal-folder.js";
import { MIGRATION_SQL, SNAPSHOT_JSON } from "../../core/drizzle/read-folder-1x.js";
import { EMPTY_SNAPSHOT_MAX_BYTES, SNAPSHOT_DIGEST_KIND } from "../../core/drizzle/custom-migrations.js";
import type { DrizzleFolder } from "../../core/drizzle/types.js";
import { userError } from "../../core/errors.js";
import { BASELINE_FILE, parseBaseline, type BaselineDocument } from "../../core/baseline.js";
import type { CanonicalSchema } from "../../core/model.js";
import { parseExpectedJson, EXPECTED_JSON_FILE } from "./expected-json.js";
import { cachedFileText, loadCachedFolder, storeCachedFolder, withCachedSnapshots } from "./folder-cache.js";
import { CUSTOM_SQL_KIND, knownHashSource } from "./known-hash-source.js";
import { parseRepoConfig, REPO_CONFIG_FILE, type RepoConfig } from "./repo-config.js";

export const DEFAULT_DRIZZLE_FOLDER = "drizzle";

export interface CheckInputs {
  repoConfig: RepoConfig;
  /** The drizzle folder's path in the repository (no leading `./`). */
  folderPath: string;
  folder: DrizzleFolder;
  /** From driftcheck.expected.json, when committed. */
  expectedOverride: { schema: CanonicalSchema; source: string } | null;
  /** driftcheck.baseline.json at the commit (known findings), when committed. */
  baseline: BaselineDocument | null;
  /** The parsed folder came from D1 (no blob was read for it). */
  folderFromCache: boolean;
  stats: GitHubFileSourceStats;
}

export interface ReadInputsArgs {
  client: GitHubClient;
  repo: RepoRef;
  sha: string;
  db: Db;
  now: () => number;
}

/** Reads driftcheck.json first so a caller can use its settings even when the folder is unreadable. */
export async function readRepoConfig(files: GitHubCommitFiles, db: Db, now: () => number): Promise<RepoConfig> {
  const blob = await files.blobSha(REPO_CONFIG_FILE);
  if (blob === null) return {};
  return parseRepoConfig(await cachedFileText(db, "repo-config", blob, () => files.readText(REPO_CONFIG_FILE), now()));
}

export function commitFiles(args: ReadInputsArgs): GitHubCommitFiles {
  return createGitHubCommitFiles({ client: args.client, repo: args.repo, commit: args.sha });
}

export async function readCheckInputs(args: ReadInputsArgs, files: GitHubCommitFiles, repoConfig: RepoConfig): Promise<CheckInputs> {
  const folderPath = normaliseFolderPath(repoConfig.drizzle ?? DEFAULT_DRIZZLE_FOLDER);
  const source = withCachedSnapshots(files.folder(folderPath), args.db, args.now);
  const treeSha = await source.folderTreeSha();
  if (treeSha === null) {
    throw userError(
      `No drizzle migrations folder "${folderPath}" at ${args.repo.owner}/${args.repo.repo}@${args.sha.slice(0, 7)}.`,
      `Commit drizzle-kit's output folder, or set "drizzle" in ${REPO_CONFIG_FILE} to where it is.`,
    );
  }

  let folder = await loadCachedFolder(args.db, treeSha);
  const folderFromCache = folder !== null;
  if (folder) {
    // The cached entry may come from another commit with the same folder: describe this one.
    // A summary holds no older snapshots: they are read from this commit when attribution needs them.
    folder = withSnapshotLoader({ ...folder, source: source.describe() }, source);
  } else {
    folder = await readFolder(args, source, treeSha);
  }

  const expectedBlob = await files.blobSha(EXPECTED_JSON_FILE);
  const expectedOverride =
    expectedBlob === null
      ? null
      : {
          schema: parseExpectedJson(await cachedFileText(args.db, "expected-json", expectedBlob, () => files.readText(EXPECTED_JSON_FILE), args.now())),
          source: `${args.repo.owner}/${args.repo.repo}@${args.sha.slice(0, 7)}:${EXPECTED_JSON_FILE}`,
        };
  const baselineBlob = await files.blobSha(BASELINE_FILE);
  const baselineText = baselineBlob === null ? null : await cachedFileText(args.db, "baseline", baselineBlob, () => files.readText(BASELINE_FILE), args.now());
  const baseline = baselineText === null ? null : parseBaseline(baselineText, BASELINE_FILE);
  return { repoConfig, folderPath, folder, expectedOverride, baseline, folderFromCache, stats: files.stats };
}

async function readFolder(args: ReadInputsArgs, source: ReturnType<GitHubCommitFiles["folder"]>, treeSha: string): Promise<DrizzleFolder> {
  // Migration files: 0.x's `<tag>.sql`, 1.x's `<folder>/migration.sql`.
  const sqlFiles: { path: string; blob: string }[] = [];
  for (const name of await source.list("")) {
    const path = name.endsWith(".sql") ? name : (await source.list(name)).includes(MIGRATION_SQL) ? `${name}/${MIGRATION_SQL}` : null;
    const blob = path === null ? null : await source.blobSha(path);
    if (blob !== null) sqlFiles.push({ path: path!, blob });
  }
  const known = await getMigrationHashes(args.db, sqlFiles.map((file) => file.blob));
  // One batch for the small files the reader will ask for one after another (the journal,
  // migration files whose hash D1 does not know, the first snapshot when it is small enough to
  // be a copy of the empty schema) rather than a request per step of the reader. Texts stay
  // memoised in the commit's file source.
  const small: string[] = [JOURNAL_PATH, ...sqlFiles.filter((file) => !known.has(file.blob)).map((file) => file.path)];
  const snapshots = await snapshotPaths(source);
  const first = snapshots[0];
  const firstSize = first === undefined ? null : await source.size(first);
  if (firstSize !== null && firstSize <= EMPTY_SNAPSHOT_MAX_BYTES) small.push(first!);
  await Promise.all(small.map((path) => source.readText(path)));
  const reader = knownHashSource(source, known);
  // CUSTOM_MIGRATION's snapshot digests and whether a custom migration's SQL changes data only,
  // kept by blob sha next to the migration hashes (read in the same D1 query).
  const derivedKey = async (path: string, kind: string) => {
    const blob = await source.blobSha(path);
    return blob === null ? null : `${kind}:${blob}`;
  };
  const derivedKeys: string[] = [];
  for (const path of snapshots) {
    const key = await derivedKey(path, SNAPSHOT_DIGEST_KIND);
    if (key !== null) derivedKeys.push(key);
  }
  for (const file of sqlFiles) derivedKeys.push(`${CUSTOM_SQL_KIND}:${file.blob}`);
  const knownDerived = await getMigrationHashes(args.db, derivedKeys);
  const freshDerived = new Map<string, string>();
  reader.files.derived = {
    async get(path, kind) {
      const key = await derivedKey(path, kind);
      return key === null ? undefined : (knownDerived.get(key) ?? freshDerived.get(key));
    },
    async put(path, kind, value) {
      const key = await derivedKey(path, kind);
      if (key !== null) freshDerived.set(key, value);
    },
  };
  const folder = await readDrizzleFolder(reader.files);
  const fresh = await reader.restoreHashes(folder);
  await reader.classifyCustomMigrations(folder, reader.files.derived);
  for (const [key, value] of freshDerived) fresh.set(key, value);
  if (fresh.size > 0) await putMigrationHashes(args.db, fresh);
  if (!(await storeCachedFolder(args.db, treeSha, folder, args.now()))) {
    console.warn(`driftcheck: the parsed drizzle folder of ${args.repo.owner}/${args.repo.repo} is too large to cache; it is read again on every check.`);
  }
  return folder;
}

/** The folder's snapshot files in migration order: 0.x's `meta/*_snapshot.json`, 1.x's `<folder>/snapshot.json`. */
async function snapshotPaths(source: GitHubFileSource): Promise<string[]> {
  const journal = (await source.list("meta")).filter((name) => name.endsWith("_snapshot.json")).map((name) => `meta/${name}`);
  const folders: string[] = [];
  for (const name of await source.list("")) {
    if (name !== "meta" && (await source.list(name)).includes(SNAPSHOT_JSON)) folders.push(name);
  }
  return [...journal, ...folders.sort((a, b) => a.localeCompare(b)).map((name) => `${name}/${SNAPSHOT_JSON}`)];
}

function normaliseFolderPath(path: string): string {
  return path.split("/").filter((part) => part !== "" && part !== ".").join("/");
}
