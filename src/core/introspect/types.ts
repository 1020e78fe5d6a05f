import type { CanonicalSchema } from "../model.js";

export interface MigrationsTableRef {
  schema: string;
  table: string;
}

export interface IntrospectOptions {
  migrationsTable: MigrationsTableRef;
  /** Only these schemas (drizzle config `schemaFilter`); empty/undefined = all non-system schemas. */
  includeSchemas?: string[];
  /** Left out inside the SQL (`schema:NAME` ignore rules), in addition to the always-excluded ones. */
  excludeSchemas?: string[];
  timeoutMs?: number;
}

export interface DatabaseInfo {
  /** `server_version_num`, e.g. 150020. */
  serverVersionNum: number;
  /** `version()` text. */
  version: string;
  database: string;
  user: string;
  /** Things the catalog query could not read (missing privilege, older catalog), as data. */
  warnings: string[];
}

/** One row of the applied-migrations table. */
export interface AppliedMigration {
  id: string | null;
  hash: string | null;
  /** drizzle-orm 0.x: the journal entry's `when` (ms since epoch), as a decimal string. */
  createdAt: string | null;
  /** drizzle-orm 1.x only: the migration folder name. */
  name: string | null;
}

export interface MigrationsTableState {
  ref: MigrationsTableRef;
  /** Whether the table exists and could be read. */
  exists: boolean;
  /** `0.x` = (id, hash, created_at); `1.x` = has a `name` column. null when absent. */
  shape: "0.x" | "1.x" | null;
  rows: AppliedMigration[];
  /** Set when the table exists but could not be read (e.g. permission denied), as data. */
  error: string | null;
}

/**
 * The catalog's default operator classes (GetDefaultOpClass) for the types of the columns read:
 * access method → format_type spelling of the type without modifiers (`character varying`,
 * `public.mood`, `text[]`) → opclass name. Not part of the model: it is how the database answers
 * "is the opclass the code wrote the one PostgreSQL leaves out?" (diff/default-opclasses.ts).
 */
export type DefaultOpclasses = Record<string, Record<string, string>>;

export interface IntrospectionResult {
  schema: CanonicalSchema;
  database: DatabaseInfo;
  migrationsTable: MigrationsTableState;
  defaultOpclasses: DefaultOpclasses;
}
