/**
 * A serial column's default, whatever its sequence is called. `serial` creates a sequence named
 * after the table and column and makes the column own it; renaming the table (or a name already
 * taken, which makes PostgreSQL append a number) leaves the column with
 * `nextval('public.acct_temp_id_seq'::regclass)` where a snapshot that says `serial` expects
 * `nextval('public.acct_id_seq'::regclass)`. Both mean "the next value of the sequence this column
 * owns", so the model spells a default that takes nextval of the column's OWN sequence (pg_depend
 * 'a', what `OWNED BY` / serial record) with the sequence name serial would choose today.
 * A default taking another sequence's nextval keeps its text and still differs.
 */
import { quoteQualified, serialSequenceName } from "../drizzle/normalise-names.js";

export function ownedSequenceDefault(
  table: { schema: string; name: string },
  column: string,
  defaultExpression: string | null,
  ownedSequence: string | null | undefined,
): string | null {
  if (defaultExpression === null || !ownedSequence) return defaultExpression;
  const quoted = ownedSequence.replace(/'/g, "''");
  if (defaultExpression !== `nextval('${quoted}'::regclass)`) return defaultExpression;
  const serialName = quoteQualified(table.schema, serialSequenceName(table.name, column));
  return `nextval('${serialName.replace(/'/g, "''")}'::regclass)`;
}
