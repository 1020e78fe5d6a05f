/**
 * Extensions for replay: which ones some SQL creates (`CREATE EXTENSION [IF NOT EXISTS] name`,
 * also inside a `DO $$ … $$` body), so embedded PGlite loads exactly those, and which ones a
 * database has (one read-only query), so the scratch database can get them too.
 */
import type { ReadOnlyExecutor } from "../port.js";
import { tokenize } from "../expressions/tokenize.js";

/** Names of the extensions the SQL creates, in order of first appearance, without duplicates. */
export function createdExtensions(sql: string): string[] {
  const found = new Set<string>();
  collect(sql, "extension", found, 0);
  return [...found];
}

/** Names of the schemas the SQL creates (`CREATE SCHEMA [IF NOT EXISTS] name`). */
export function createdSchemas(sql: string): string[] {
  const found = new Set<string>();
  collect(sql, "schema", found, 0);
  return [...found];
}

function collect(sql: string, kind: "extension" | "schema", found: Set<string>, depth: number): void {
  if (!new RegExp(`create\\s+${kind}`, "i").test(sql)) return;
  const tokens = tokenize(sql);
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    // A DO block's body is a string token: it runs, so look inside it (a function body does not run).
    if (token.t === "str" && depth < 3 && isDoBody(tokens, i)) collect(token.v, kind, found, depth + 1);
    if (!(token.t === "id" && token.v === "create" && isWord(tokens[i + 1], kind))) continue;
    let at = i + 2;
    if (isWord(tokens[at], "if") && isWord(tokens[at + 1], "not") && isWord(tokens[at + 2], "exists")) at += 3;
    const name = tokens[at];
    if (name && (name.t === "id" || name.t === "qid")) found.add(name.v);
  }
}

/** `DO 'body'` or `DO LANGUAGE plpgsql 'body'`. */
function isDoBody(tokens: { t: string; v: string }[], at: number): boolean {
  return isWord(tokens[at - 1], "do") || (isWord(tokens[at - 2], "language") && isWord(tokens[at - 3], "do"));
}

function isWord(token: { t: string; v: string } | undefined, word: string): boolean {
  return token !== undefined && token.t === "id" && token.v === word;
}

/** An extension installed in a database, and the schema holding its objects. */
export interface InstalledExtension {
  name: string;
  schema: string;
}

/** plpgsql is in every database already. */
const BUILT_IN = new Set(["plpgsql"]);

export const INSTALLED_EXTENSIONS_SQL =
  "SELECT e.extname, n.nspname FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace ORDER BY e.extname";

/** The extensions a database has (plpgsql left out), in one read-only round trip. */
export async function installedExtensions(database: ReadOnlyExecutor, timeoutMs: number): Promise<InstalledExtension[]> {
  const [rows = []] = await database.runReadOnly([{ sql: INSTALLED_EXTENSIONS_SQL }], { timeoutMs });
  return rows.flatMap(([name, schema]) => (name && schema && !BUILT_IN.has(name) ? [{ name, schema }] : []));
}
