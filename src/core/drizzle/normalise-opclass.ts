/**
 * Operator classes as the snapshot records them: what the code wrote with `.op(…)` (drizzle-kit
 * insists on `.op(…)` for pgvector columns, so `ivfflat (embedding vector_l2_ops)` is written
 * out), without a `public.` / `pg_catalog.` qualifier (pg_get_indexdef prints none for an opclass
 * on the search path, and the catalog query reads bare names).
 *
 * Whether a written opclass is the default PostgreSQL leaves out of pg_get_indexdef is the
 * database's answer, not the snapshot's: the comparison asks the catalog
 * (src/core/diff/default-opclasses.ts).
 */
export function normaliseOpclass(written: string | undefined): string | null {
  if (!written) return null;
  return written.replace(/^(public|pg_catalog)\./, "");
}
