/**
 * Is the database's column type a safe widening of the code's? Then every value the code writes
 * is stored unchanged and reads come back as the same JavaScript type, so COLUMN_TYPE_MISMATCH
 * is a warning instead of an error (DESIGN.md).
 *
 * Decided widenings (both types in format_type() spelling, same array dimensions):
 *  - `character varying(n)` → `character varying(m)` with m > n, unbounded `character varying`, `text`
 *  - `numeric(p,s)` → `numeric(p2,s2)` with s2 ≥ s and p2 − s2 ≥ p − s, or unconstrained `numeric`
 *  - `smallint` → `integer` (both parse to a JS number)
 *  - `timestamp(p)` / `time(p)` (with the same time zone-ness) → higher precision
 * Not widenings: `integer` → `bigint` (node-postgres and Neon return int8 as a *string*, so
 * code typed for numbers breaks), `real` → `double precision` (different rounding on read),
 * `character(n)` → anything (blank-padding semantics).
 */
export function isSafeWidening(expected: string, actual: string): boolean {
  const e = splitArray(expected);
  const a = splitArray(actual);
  if (e.dims !== a.dims) return false;
  return isScalarWidening(e.base, a.base);
}

function splitArray(type: string): { base: string; dims: number } {
  let base = type;
  let dims = 0;
  while (base.endsWith("[]")) {
    base = base.slice(0, -2);
    dims += 1;
  }
  return { base, dims };
}

function isScalarWidening(expected: string, actual: string): boolean {
  const varchar = /^character varying(?:\((\d+)\))?$/;
  const ev = varchar.exec(expected);
  if (ev) {
    if (actual === "text") return true;
    const av = varchar.exec(actual);
    if (!av) return false;
    if (av[1] === undefined) return true;
    return ev[1] !== undefined && Number(av[1]) > Number(ev[1]);
  }
  const numeric = /^numeric(?:\((\d+)(?:,(\d+))?\))?$/;
  const en = numeric.exec(expected);
  if (en) {
    const an = numeric.exec(actual);
    if (!an) return false;
    if (an[1] === undefined) return en[1] !== undefined;
    if (en[1] === undefined) return false;
    const [ep, es] = [Number(en[1]), Number(en[2] ?? 0)];
    const [ap, as] = [Number(an[1]), Number(an[2] ?? 0)];
    return as >= es && ap - as >= ep - es && (ap !== ep || as !== es);
  }
  if (expected === "smallint") return actual === "integer";
  const temporal = /^(timestamp|time)(?:\((\d)\))? (with|without) time zone$/;
  const et = temporal.exec(expected);
  const at = temporal.exec(actual);
  if (et && at && et[1] === at[1] && et[3] === at[3]) {
    return Number(at[2] ?? 6) > Number(et[2] ?? 6);
  }
  return false;
}
