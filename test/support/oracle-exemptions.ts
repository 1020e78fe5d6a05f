/**
 * The cross-check oracle's one list of fields a drizzle-kit snapshot cannot state exactly
 * (issue 3 point 3), and the field-by-field comparison it is applied in.
 *
 * The oracle derives the expected schema of each fixture twice: from its snapshots
 * (`readDrizzleFolder(...).expected`) and by replaying its migration SQL on a scratch database
 * (`replayMigrations`, which introspects with the check's own query). The two CanonicalSchemas
 * are walked leaf by leaf. A leaf may differ only when
 *   - it is an expression field and `compareExpressions` calls the two texts "equal" (the
 *     comparison the diff itself uses, so the oracle proves "no findings"); such spellings are
 *     reported as info;
 *   - or its path is covered by an exemption below, with the reason and the fixture that proves it.
 * Every exemption must be exercised: its `provenBy` fixture has to show the difference, so an
 * exemption a fixed normaliser made unnecessary turns the oracle red.
 *
 * Paths are dotted: `tables.public.users.columns.email.default`. Collection keys keep their own
 * dots (`tables.<schema.name>`), array elements are indexes (`views.<key>.columns.1`). In a
 * pattern, `*` matches any non-empty run of characters (so one key, even a qualified one); a
 * pattern covers the field it names and everything below it.
 */
import { compareExpressions } from "../../src/core/expressions/index.js";
import type { CanonicalSchema } from "../../src/core/model.js";

export interface OracleExemption {
  /** Dotted path pattern, `*` = any key. */
  path: string;
  /** Why the snapshot cannot state this field as PostgreSQL does. */
  reason: string;
  /** The fixture (test/fixtures/<name> or test/fixtures-1x/<name>) whose replay shows the difference. */
  provenBy: string;
  /**
   * Which differences the exemption accepts: `only-in-replay` = the field (an object, an array
   * element) exists in the replayed schema only; a value that differs, or something the snapshot
   * has and replay lacks, stays unexplained.
   */
  accepts: "only-in-replay" | "any-difference";
}

export const ORACLE_EXEMPTIONS: readonly OracleExemption[] = [
  {
    path: "tables.public.measurements",
    reason:
      "created by a hand-written `drizzle-kit generate --custom` migration (a partitioned table with its partitions): " +
      "no snapshot records what custom SQL creates, so only replay knows the table (a snapshot-based check reports it " +
      "as TABLE_EXTRA, info, listed in the fixture's inherentFindings)",
    provenBy: "partitioned",
    accepts: "only-in-replay",
  },
  {
    path: "views.*.columns",
    reason:
      "drizzle-kit's snapshot leaves out view fields declared as sql`…`.as(alias) (here `count(*) as total`), so the " +
      "database view has more columns than the snapshot lists; the diff treats a view's columns as a requirement " +
      "(each expected column must exist), which the extra column satisfies",
    provenBy: "views-rls",
    accepts: "only-in-replay",
  },
];

/**
 * The expression fields: compared with `compareExpressions`, as the diff compares them
 * (src/core/diff/columns.ts, constraints.ts, indexes.ts, policies.ts, views.ts).
 */
const EXPRESSION_FIELDS: readonly string[] = [
  "tables.*.columns.*.default",
  "tables.*.columns.*.generated.expression",
  "tables.*.checks.*.definition",
  "tables.*.indexes.*.columns.*.expression",
  "tables.*.indexes.*.where",
  "tables.*.policies.*.using",
  "tables.*.policies.*.withCheck",
  "views.*.definition",
];

/** `tables.public.users.checks.x.definition` → `users`: the own table whose qualifier is redundant. */
function tableOfPath(path: string): string | undefined {
  const key = /^tables\.(.+?)\.(?:columns|checks|indexes|policies)\./.exec(path)?.[1];
  return key?.slice(key.lastIndexOf(".") + 1);
}

function sameExpressionAsTheDiffSees(path: string, a: string, b: string): boolean {
  const comparison = compareExpressions(a, b, { table: tableOfPath(path) });
  // "unsettled" is reported by the diff (at most a warning), so it is no proof of "no findings"
  return comparison === "equal";
}

export interface FieldDifference {
  path: string;
  /** `undefined` when the snapshot side has no such field (an object only replay knows). */
  snapshot: unknown;
  replay: unknown;
}

export interface OracleComparison {
  /** Differences no exemption covers: each one is a bug in a normaliser or the introspection. */
  unexplained: FieldDifference[];
  /** Differences an exemption covers, with the exemption's pattern. */
  exempted: (FieldDifference & { exemption: string })[];
  /** Expression fields spelled differently but equivalent (not differences; info). */
  spellings: FieldDifference[];
}

function patternRegExp(pattern: string, prefix: boolean): RegExp {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".+");
  return new RegExp(prefix ? `^${body}(\\..+)?$` : `^${body}$`);
}

const exemptionPatterns = ORACLE_EXEMPTIONS.map((exemption) => ({ exemption, regexp: patternRegExp(exemption.path, true) }));
const expressionPatterns = EXPRESSION_FIELDS.map((pattern) => patternRegExp(pattern, false));

export function exemptionFor(difference: FieldDifference): OracleExemption | null {
  const match = exemptionPatterns.find(({ regexp }) => regexp.test(difference.path));
  if (!match) return null;
  if (match.exemption.accepts === "only-in-replay" && difference.snapshot !== undefined) return null;
  return match.exemption;
}

function isExpressionField(path: string): boolean {
  return expressionPatterns.some((regexp) => regexp.test(path));
}

/** Walks both schemas; every leaf (or object present on one side only) that differs is classified. */
export function compareForOracle(snapshot: CanonicalSchema, replay: CanonicalSchema): OracleComparison {
  const result: OracleComparison = { unexplained: [], exempted: [], spellings: [] };
  const record = (difference: FieldDifference) => {
    const exemption = exemptionFor(difference);
    if (exemption) result.exempted.push({ ...difference, exemption: exemption.path });
    else result.unexplained.push(difference);
  };
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (isContainer(a) && isContainer(b) && Array.isArray(a) === Array.isArray(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of keys) {
        const child = path === "" ? key : `${path}.${key}`;
        const inA = Object.hasOwn(a, key);
        const inB = Object.hasOwn(b, key);
        if (inA && inB) walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], child);
        else record({ path: child, snapshot: inA ? (a as Record<string, unknown>)[key] : undefined, replay: inB ? (b as Record<string, unknown>)[key] : undefined });
      }
      return;
    }
    if (Object.is(a, b)) return;
    if (typeof a === "string" && typeof b === "string" && isExpressionField(path) && sameExpressionAsTheDiffSees(path, a, b)) {
      result.spellings.push({ path, snapshot: a, replay: b });
      return;
    }
    record({ path, snapshot: a, replay: b });
  };
  walk(snapshot, replay, "");
  return result;
}

function isContainer(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}
