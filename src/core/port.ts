/**
 * The one port through which the core reaches a database.
 *
 * Contract for every adapter (node-postgres, PGlite, Neon HTTP):
 *  - run all statements as ONE `REPEATABLE READ READ ONLY` transaction in ONE round trip;
 *  - before the statements, set `statement_timeout` and `lock_timeout` for the transaction
 *    (`set_config(..., true)`) from `timeoutMs`, and abort the request when it elapses;
 *  - return, per statement, its rows as arrays of raw PostgreSQL text (null for SQL NULL):
 *    no driver-side type parsing, so every executor hands the core identical values;
 *  - throw `DriftcheckError` (see errors.ts) rebuilt from SQLSTATE/message/detail/hint with
 *    connection strings and passwords redacted.
 */
export interface Statement {
  sql: string;
  /** Positional parameters ($1, $2, …) as text or null. */
  params?: (string | null)[];
}

export type RawRow = (string | null)[];

export interface RunOptions {
  timeoutMs: number;
}

export interface ReadOnlyExecutor {
  runReadOnly(statements: Statement[], options: RunOptions): Promise<RawRow[][]>;
  /** Optional: release connections / shut an embedded database down. */
  close?(): Promise<void>;
}

/**
 * Read access to a drizzle folder (local disk for the CLI, GitHub blobs for the Worker).
 * Paths are relative to the drizzle `out` folder and use `/`.
 */
export interface FileSource {
  /** File text, or null when the file does not exist. */
  readText(path: string): Promise<string | null>;
  /** Names of entries directly under `dir` ("" = the folder itself); [] when absent. */
  list(dir: string): Promise<string[]>;
  /**
   * Size in bytes of a file without reading it (a disk `stat`, a git tree entry's size), or null
   * when it does not exist. Optional: readers that use it to skip files (CUSTOM_MIGRATION's
   * size pre-check) read the text instead when a source lacks it.
   */
  size?(path: string): Promise<number | null>;
  /**
   * Optional: values derived from a file's content, remembered by that content across checks
   * (the Worker keeps them in D1 by git blob sha). CUSTOM_MIGRATION keeps snapshot digests here,
   * so a folder's copies are not re-read on every push.
   */
  derived?: DerivedValues;
  /**
   * Optional hint: these files are about to be read one after another (a 1.x version 9 folder's
   * snapshot chain). A network source fetches them in as few requests as it can; a disk source
   * need not implement it. Reading stays `readText`'s job: a failed prefetch only costs requests.
   */
  prefetch?(paths: readonly string[]): Promise<void>;
  /** Human description for messages, e.g. `./drizzle` or `acme/app@1a2b3c:drizzle`. */
  describe(): string;
  /**
   * sha256 hex of a text's UTF-8 bytes, for a runtime with something cheaper than WebCrypto: in
   * Node each crypto.subtle.digest is a thread-pool job costing ~50–100 µs of CPU whatever the
   * size, while createHash is native and synchronous. Without it the core uses sha256HexAsync.
   */
  sha256Hex?(text: string): string;
}

export interface DerivedValues {
  get(path: string, kind: string): Promise<string | undefined>;
  put(path: string, kind: string, value: string): Promise<void>;
}
