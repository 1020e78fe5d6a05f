/**
 * The matching rule of DESIGN.md: objects are paired by name first; what is left over on both
 * sides is then paired by definition (a pair found this way is a NAME_MISMATCH, not a
 * missing/extra pair). Deterministic: leftovers are visited in name order and each takes the
 * first equivalent candidate in name order.
 */
/** Code-unit order: deterministic and locale-independent. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface Matched<E, A> {
  /** Same name on both sides. */
  byName: { name: string; expected: E; actual: A }[];
  /** Same definition, different name. */
  byDefinition: { expected: E; actual: A; expectedName: string; actualName: string }[];
  /**
   * Different names, definitions that normalisation could neither prove equal nor different
   * (`possiblySame`): one object whose definition may differ — a definition mismatch at warning,
   * never a missing/extra pair (DESIGN.md: an unsettled difference is at most a warning).
   */
  byPossibleDefinition: { expected: E; actual: A; expectedName: string; actualName: string }[];
  missing: { name: string; expected: E }[];
  extra: { name: string; actual: A }[];
}

export function matchObjects<E, A>(
  expected: Record<string, E>,
  actual: Record<string, A>,
  sameDefinition: (expected: E, actual: A) => boolean,
  possiblySame?: (expected: E, actual: A) => boolean,
): Matched<E, A> {
  const result: Matched<E, A> = { byName: [], byDefinition: [], byPossibleDefinition: [], missing: [], extra: [] };
  const leftoverExpected: string[] = [];
  for (const name of Object.keys(expected).sort(compareText)) {
    if (Object.prototype.hasOwnProperty.call(actual, name)) result.byName.push({ name, expected: expected[name]!, actual: actual[name]! });
    else leftoverExpected.push(name);
  }
  const leftoverActual = Object.keys(actual)
    .sort(compareText)
    .filter((name) => !Object.prototype.hasOwnProperty.call(expected, name));
  const taken = new Set<string>();
  const unmatched: string[] = [];
  for (const name of leftoverExpected) {
    const e = expected[name]!;
    const match = leftoverActual.find((candidate) => !taken.has(candidate) && sameDefinition(e, actual[candidate]!));
    if (match === undefined) {
      unmatched.push(name);
    } else {
      taken.add(match);
      result.byDefinition.push({ expected: e, actual: actual[match]!, expectedName: name, actualName: match });
    }
  }
  // Proven pairs first, so an unsettled candidate never takes the partner of an equal one.
  for (const name of unmatched) {
    const e = expected[name]!;
    const match = possiblySame ? leftoverActual.find((candidate) => !taken.has(candidate) && possiblySame(e, actual[candidate]!)) : undefined;
    if (match === undefined) {
      result.missing.push({ name, expected: e });
    } else {
      taken.add(match);
      result.byPossibleDefinition.push({ expected: e, actual: actual[match]!, expectedName: name, actualName: match });
    }
  }
  for (const name of leftoverActual) if (!taken.has(name)) result.extra.push({ name, actual: actual[name]! });
  return result;
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/**
 * drizzle-kit's `tablesFilter` semantics: globs on table names (`*`, `?`), `!` negates.
 * A name is kept when it matches a positive pattern (or there is none) and no negative one.
 */
export function tableFilter(patterns: string[] | undefined): (name: string) => boolean {
  if (!patterns || patterns.length === 0) return () => true;
  const positive = patterns.filter((p) => !p.startsWith("!")).map(globToRegExp);
  const negative = patterns.filter((p) => p.startsWith("!")).map((p) => globToRegExp(p.slice(1)));
  return (name) => (positive.length === 0 || positive.some((re) => re.test(name))) && !negative.some((re) => re.test(name));
}

export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (const c of glob) {
    if (c === "*") source += ".*";
    else if (c === "?") source += ".";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}
