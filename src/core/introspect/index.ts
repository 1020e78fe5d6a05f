/**
 * Introspection: the live catalog and the migrations table, read in ONE call of the port
 * (one read-only transaction, one round trip): [setup, catalog query, migrations read].
 *
 * A result too large for the transport is raised by the adapter as a `user` DriftcheckError
 * (see `resultTooLargeError`): the fix is to narrow the schemas read (schemaFilter or
 * `--ignore schema:NAME`). PostgreSQL's own limit of 1 GB for one value, which the catalog
 * document reaches first (SQLSTATE 54000, e.g. "Cannot enlarge string buffer"), is a user error
 * with the same fix. A cut-off document that still arrives is caught by the JSON parse.
 */
import type { RawRow, ReadOnlyExecutor, Statement } from "../port.js";
import { DriftcheckError } from "../errors.js";
import { CATALOG_SQL, MIGRATIONS_SQL, SETUP_SQL } from "./catalog-sql.js";
import { parseCatalogText } from "./parse-catalog.js";
import { parseMigrationsText } from "./parse-migrations.js";
import type { IntrospectOptions, IntrospectionResult } from "./types.js";

export { resultTooLargeError } from "./result-too-large.js";

/** Schemas of the platform, not of the app: left out unless explicitly included. */
export const PLATFORM_SCHEMAS: readonly string[] = ["neon_auth"];

export const DEFAULT_TIMEOUT_MS = 15_000;

export function introspectionStatements(options: IntrospectOptions): Statement[] {
  const timeoutMs = String(Math.max(1, Math.round(options.timeoutMs ?? DEFAULT_TIMEOUT_MS)));
  const include = options.includeSchemas && options.includeSchemas.length > 0 ? options.includeSchemas : null;
  const exclude = [...(options.excludeSchemas ?? []), ...PLATFORM_SCHEMAS.filter((s) => !include?.includes(s))];
  const { schema, table } = options.migrationsTable;
  return [
    { sql: SETUP_SQL, params: [timeoutMs, timeoutMs] },
    { sql: CATALOG_SQL, params: [include ? JSON.stringify(include) : null, JSON.stringify(exclude), schema, table] },
    { sql: MIGRATIONS_SQL, params: [schema, table] },
  ];
}

export async function introspect(executor: ReadOnlyExecutor, options: IntrospectOptions): Promise<IntrospectionResult> {
  return (await introspectWith(executor, options, [])).introspection;
}

/**
 * Introspection plus the caller's own statements (query probes) appended to the same batch:
 * still one call of the port, one round trip. `extraResults` holds their rows, in order.
 */
export async function introspectWith(
  executor: ReadOnlyExecutor,
  options: IntrospectOptions,
  extra: readonly Statement[],
): Promise<{ introspection: IntrospectionResult; extraResults: RawRow[][] }> {
  const own = introspectionStatements(options);
  const statements = [...own, ...extra];
  const results = await runBatch(executor, statements, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if (results.length !== statements.length) {
    throw new DriftcheckError("internal", `The executor returned ${results.length} results for ${statements.length} statements.`);
  }
  const { schema, database, defaultOpclasses } = parseCatalogText(results[1]?.[0]?.[0]);
  const migrationsTable = parseMigrationsText(results[2]?.[0]?.[0], options.migrationsTable);
  return { introspection: { schema, database, migrationsTable, defaultOpclasses }, extraResults: results.slice(own.length) };
}

/** SQLSTATE 54000, program_limit_exceeded: here, a value past PostgreSQL's 1 GB limit. */
const PROGRAM_LIMIT_EXCEEDED = "54000";

async function runBatch(executor: ReadOnlyExecutor, statements: Statement[], timeoutMs: number): Promise<RawRow[][]> {
  try {
    return await executor.runReadOnly(statements, { timeoutMs });
  } catch (error) {
    if (error instanceof DriftcheckError && error.code === PROGRAM_LIMIT_EXCEEDED) {
      // No transport helps here: the server itself cannot build the value. Only reading less does.
      const said = [error.message, error.detail].filter(Boolean).join(" ");
      throw new DriftcheckError("user", `The database catalog is larger than PostgreSQL can return as one value (1 GB). The server said: ${said}`, {
        hint: "Limit the schemas read with drizzle's schemaFilter or --ignore schema:NAME.",
        cause: error,
      });
    }
    throw error;
  }
}
