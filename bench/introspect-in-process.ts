/**
 * driftcheck's introspection called in-process (no CLI start-up), through the delay proxy:
 * a fresh node-postgres executor per run, so each time includes connecting (TCP + start-up
 * message at the proxy's latency) as a real check would.
 */
import { introspect, introspectionStatements } from "../src/core/introspect/index.js";
import type { IntrospectionResult } from "../src/core/introspect/types.js";
import { createNodePostgresExecutor } from "../src/adapters/node-postgres/index.js";

export const MIGRATIONS_TABLE = { schema: "drizzle", table: "__drizzle_migrations" };

export async function introspectOnce(url: string): Promise<{ ms: number; result: IntrospectionResult }> {
  const started = performance.now();
  const executor = await createNodePostgresExecutor(url);
  try {
    const result = await introspect(executor, { migrationsTable: MIGRATIONS_TABLE, timeoutMs: 120_000 });
    return { ms: performance.now() - started, result };
  } finally {
    await executor.close?.();
  }
}

/** The catalog document as the server sends it (the introspection batch's second result), unparsed. */
export async function readCatalogText(url: string): Promise<string> {
  const executor = await createNodePostgresExecutor(url);
  try {
    const results = await executor.runReadOnly(introspectionStatements({ migrationsTable: MIGRATIONS_TABLE }), { timeoutMs: 120_000 });
    const text = results[1]?.[0]?.[0];
    if (typeof text !== "string") throw new Error("the introspection batch returned no catalog document");
    return text;
  } finally {
    await executor.close?.();
  }
}
