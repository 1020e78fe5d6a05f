/**
 * Query probes: "the queries this release runs still compile against this branch", checked
 * without touching data (issue 3, point 6). Each probe is PREPAREd — parsed, name-resolved and
 * planned, never executed — and DEALLOCATEd again, inside the check's one read-only round trip.
 *
 * PostgreSQL aborts a transaction at its first error, so the probes run in ONE `DO` block in
 * which every probe has its own `BEGIN … EXCEPTION WHEN OTHERS` sub-block (a subtransaction):
 * a failing probe is recorded and the next one runs. A `DO` block cannot return rows, so it
 * leaves the results in a transaction-local setting (`driftcheck.probe_results`) that the
 * statement after it reads. Prepared statements are not transactional: each one gets a name
 * unique to this check and is deallocated right after it was prepared, in the same
 * sub-block, so nothing outlives the batch on a pooled or long-lived session.
 *
 * Probes compile with the database's default `search_path` (what a fresh application
 * connection gets), not the empty one the catalog query uses. `lock_timeout` and
 * `statement_timeout` are those of the batch; a timeout is not caught (`OTHERS` excludes
 * `query_canceled`), so it ends the check as an error instead of hiding probes.
 *
 * The server's cursor position of an error cannot be read in PL/pgSQL (GET STACKED DIAGNOSTICS
 * has no such item), so `position` is located here: the first place in the probe's code where
 * the name the error message quotes appears (see `errorPosition`).
 */
import { DriftcheckError, userError } from "./errors.js";
import type { Finding } from "./findings.js";
import type { RawRow, Statement } from "./port.js";
import { quoteLiteral } from "./sql/literal.js";
import { locateInCode, singleStatement } from "./probes-text.js";

export interface Probe {
  /** Shown in findings (the finding's `object`); unique within a check. */
  name: string;
  /** One SELECT / INSERT / UPDATE / DELETE / MERGE / VALUES statement, `$1`… for parameters. */
  sql: string;
  /** Types of `$1`, `$2`, … as PostgreSQL type names; unlisted ones are inferred. */
  paramTypes?: string[];
}

export interface ProbeFailure {
  /** SQLSTATE, e.g. 42703 (undefined column). */
  code: string;
  message: string;
  detail: string | null;
  hint: string | null;
  /** 1-based character position in the probe's SQL, located by driftcheck; null when unknown. */
  position: number | null;
}

export interface ProbeResult {
  probe: Probe;
  /** null: the probe compiled. */
  failure: ProbeFailure | null;
}

/** Setting through which the DO block hands its results to the next statement. */
export const PROBE_RESULTS_SETTING = "driftcheck.probe_results";

/** Checks names, strips trailing semicolons, and refuses multi-statement probes (user errors). */
export function validateProbes(probes: readonly Probe[]): Probe[] {
  const seen = new Set<string>();
  return probes.map((probe, index) => {
    const name = typeof probe.name === "string" ? probe.name.trim() : "";
    if (name === "") throw userError(`Probe #${index + 1} has no name.`, 'Give every probe a "name".');
    if (seen.has(name)) throw userError(`Two probes are named "${name}".`, "Probe names must be unique: findings are keyed by them.");
    seen.add(name);
    if (typeof probe.sql !== "string" || probe.sql.trim() === "") throw userError(`Probe "${name}" has no SQL.`);
    const sql = singleStatement(probe.sql, name);
    if (sql === "") throw userError(`Probe "${name}" has no SQL.`);
    const paramTypes = probe.paramTypes ?? [];
    if (!Array.isArray(paramTypes) || paramTypes.some((type) => typeof type !== "string" || type.trim() === "")) {
      throw userError(`Probe "${name}": paramTypes must be a list of type names.`, 'For example: "paramTypes": ["integer", "text"].');
    }
    return paramTypes.length > 0 ? { name, sql, paramTypes: paramTypes.map((type) => type.trim()) } : { name, sql };
  });
}

/**
 * The two statements that run the probes: the DO block, then the read of its results.
 * `suffix` makes the prepared names unique to this check (default: random).
 */
export function probeStatements(probes: readonly Probe[], suffix: string = randomSuffix()): Statement[] {
  if (!/^[a-z0-9]{1,16}$/.test(suffix)) throw new DriftcheckError("internal", "Probe name suffixes are 1-16 lowercase letters or digits.");
  const payload = JSON.stringify(
    probes.map((probe, index) => ({
      prepared: `driftcheck_probe_${suffix}_${index + 1}`,
      sql: probe.sql,
      paramTypes: probe.paramTypes ?? [],
    })),
  );
  const tag = `$driftcheck_probes_${suffix}$`;
  const literal = quoteLiteral(payload);
  if (literal.includes(tag)) throw new DriftcheckError("internal", "A probe's text contains the batch's dollar-quote tag; run the check again.");
  return [{ sql: `DO ${tag}\n${doBody(literal)}\n${tag}`, params: [] }, { sql: RESULTS_SQL, params: [] }];
}

const RESULTS_SQL = `SELECT pg_catalog.current_setting('${PROBE_RESULTS_SETTING}', true) AS probe_results`;

function doBody(probesLiteral: string): string {
  return `DECLARE
  probes jsonb := ${probesLiteral};
  probe jsonb;
  results jsonb := '[]';
  probe_path text := (SELECT s.reset_val FROM pg_catalog.pg_settings s WHERE s.name = 'search_path');
  param_list text;
  err_code text;
  err_message text;
  err_detail text;
  err_hint text;
BEGIN
  FOR probe IN SELECT p.value FROM pg_catalog.jsonb_array_elements(probes) AS p LOOP
    BEGIN
      -- Compile as the application would; the rollback of a failed sub-block restores ''.
      PERFORM pg_catalog.set_config('search_path', probe_path, true);
      SELECT pg_catalog.string_agg(t.value::pg_catalog.regtype::pg_catalog.text, ', ' ORDER BY t.ord)
        INTO param_list
        FROM pg_catalog.jsonb_array_elements_text(probe -> 'paramTypes') WITH ORDINALITY AS t(value, ord);
      EXECUTE pg_catalog.format('PREPARE %I%s AS %s', probe ->> 'prepared',
        COALESCE('(' || param_list || ')', ''), probe ->> 'sql');
      EXECUTE pg_catalog.format('DEALLOCATE %I', probe ->> 'prepared');
      PERFORM pg_catalog.set_config('search_path', '', true);
      results := results || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('ok', true));
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS err_code = RETURNED_SQLSTATE, err_message = MESSAGE_TEXT,
        err_detail = PG_EXCEPTION_DETAIL, err_hint = PG_EXCEPTION_HINT;
      results := results || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
        'ok', false, 'code', err_code, 'message', err_message,
        'detail', NULLIF(err_detail, ''), 'hint', NULLIF(err_hint, '')));
    END;
  END LOOP;
  PERFORM pg_catalog.set_config('${PROBE_RESULTS_SETTING}', results::text, true);
END`;
}

/** The results of `probeStatements`' two statements, one per probe, in order. */
export function parseProbeResults(rows: readonly RawRow[][], probes: readonly Probe[]): ProbeResult[] {
  const text = rows[1]?.[0]?.[0];
  let parsed: unknown;
  try {
    parsed = typeof text === "string" && text !== "" ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== probes.length) {
    throw new DriftcheckError("internal", `The probes returned no result list for ${probes.length} probe(s).`);
  }
  return probes.map((probe, index) => {
    const entry = (parsed as unknown[])[index] as Record<string, unknown> | null;
    if (entry?.ok === true) return { probe, failure: null };
    const message = typeof entry?.message === "string" ? entry.message : "unknown error";
    return {
      probe,
      failure: {
        code: typeof entry?.code === "string" ? entry.code : "XX000",
        message,
        detail: typeof entry?.detail === "string" ? entry.detail : null,
        hint: typeof entry?.hint === "string" ? entry.hint : null,
        position: errorPosition(probe.sql, message),
      },
    };
  });
}

export function probeFindings(results: readonly ProbeResult[]): Finding[] {
  return results.flatMap(({ probe, failure }) =>
    failure
      ? [
          {
            code: "QUERY_PROBE_FAILED" as const,
            severity: "error" as const,
            kind: "probe" as const,
            object: probe.name,
            expected: probe.sql,
            actual: failure,
            message: `Probe "${probe.name}" no longer compiles against this database: ${failure.message} (SQLSTATE ${failure.code}).`,
            fixSql: null,
            pendingMigration: null,
          },
        ]
      : [],
  );
}

/**
 * Where the error points, found from its message: `at end of input` → just past the text;
 * otherwise the name it quotes (`column "x"`, `relation "s.t"`, `at or near "y"`) or the bare
 * `column t.x` / `function f(integer)` forms, at its first occurrence in code (a qualified name
 * written with quotes falls back to its first part, where PostgreSQL's cursor points).
 */
export function errorPosition(sql: string, message: string): number | null {
  if (/at end of input$/.test(message)) return sql.length + 1;
  const quoted =
    /"([^"]+)"/.exec(message)?.[1] ??
    /^column (\S+) does not exist$/.exec(message)?.[1] ??
    /^function ([^\s(]+)\(.*\) does not exist$/.exec(message)?.[1];
  if (quoted === undefined) return null;
  const found = locateInCode(sql, quoted);
  if (found !== null || !quoted.includes(".")) return found;
  return locateInCode(sql, quoted.slice(0, quoted.indexOf(".")));
}

function randomSuffix(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
