/**
 * The drizzle-kit 0.31 PostgreSQL snapshot (version 7), as far as driftcheck reads it. Field
 * names follow drizzle-kit's zod schema (`pgSchemaInternal` in drizzle-kit's serializer);
 * everything is optional-tolerant because older kits left fields out.
 */
export interface SnapshotV7 {
  id: string;
  prevId: string;
  version: "7";
  dialect: "postgresql";
  tables: Record<string, SnapshotTable>;
  enums: Record<string, { name: string; schema: string; values: string[] }>;
  schemas: Record<string, string>;
  sequences?: Record<string, SnapshotSequence>;
  roles?: Record<string, unknown>;
  policies?: Record<string, SnapshotPolicy & { on?: string; schema?: string }>;
  views?: Record<string, SnapshotView>;
  _meta?: unknown;
  internal?: unknown;
}

export interface SnapshotTable {
  name: string;
  /** `""` for public. */
  schema: string;
  columns: Record<string, SnapshotColumn>;
  indexes: Record<string, SnapshotIndex>;
  foreignKeys: Record<string, SnapshotForeignKey>;
  compositePrimaryKeys?: Record<string, { name: string; columns: string[] }>;
  uniqueConstraints?: Record<string, { name?: string; columns: string[]; nullsNotDistinct?: boolean }>;
  policies?: Record<string, SnapshotPolicy>;
  checkConstraints?: Record<string, { name: string; value: string }>;
  isRLSEnabled?: boolean;
}

export interface SnapshotColumn {
  name: string;
  type: string;
  typeSchema?: string;
  primaryKey: boolean;
  notNull: boolean;
  default?: unknown;
  isUnique?: unknown;
  uniqueName?: string;
  nullsNotDistinct?: boolean;
  generated?: { type: "stored"; as: string };
  identity?: SnapshotSequence & { type: "always" | "byDefault" };
}

export interface SnapshotIndexColumn {
  expression: string;
  isExpression: boolean;
  asc: boolean;
  nulls?: string;
  opclass?: string;
}

export interface SnapshotIndex {
  name: string;
  columns: SnapshotIndexColumn[];
  isUnique: boolean;
  with?: Record<string, unknown>;
  method?: string;
  where?: string;
  concurrently?: boolean;
}

export interface SnapshotForeignKey {
  name: string;
  tableFrom: string;
  columnsFrom: string[];
  tableTo: string;
  schemaTo?: string;
  columnsTo: string[];
  onUpdate?: string;
  onDelete?: string;
}

export interface SnapshotSequence {
  name: string;
  schema: string;
  increment?: string;
  minValue?: string;
  maxValue?: string;
  startWith?: string;
  cache?: string;
  cycle?: boolean;
}

export interface SnapshotPolicy {
  name: string;
  as?: string;
  for?: string;
  to?: string[];
  using?: string;
  withCheck?: string;
}

export interface SnapshotView {
  name: string;
  schema: string;
  columns: Record<string, SnapshotColumn>;
  definition?: string;
  materialized: boolean;
  isExisting: boolean;
  with?: Record<string, unknown>;
}
