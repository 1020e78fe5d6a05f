/**
 * Identity columns and stand-alone sequences: drizzle-kit stores the options as strings (or
 * leaves them out); PostgreSQL fills the gaps with per-type defaults (`DefineSequence`):
 * increment 1; ascending: min 1, max = type max, start = min; descending: min = type min,
 * max -1, start = max; cache 1; no cycle.
 */
import type { IdentityDef, SequenceDef } from "../model.js";

const RANGES: Record<string, { min: string; max: string }> = {
  smallint: { min: "-32768", max: "32767" },
  integer: { min: "-2147483648", max: "2147483647" },
  bigint: { min: "-9223372036854775808", max: "9223372036854775807" },
};

export interface SnapshotSequenceOptions {
  increment?: string | number | undefined;
  minValue?: string | number | undefined;
  maxValue?: string | number | undefined;
  startWith?: string | number | undefined;
  cache?: string | number | undefined;
  cycle?: boolean | undefined;
}

type SequenceOptions = Omit<SequenceDef, "schema" | "name" | "dataType">;

/** Sequence options with PostgreSQL's defaults filled in for `dataType`. */
export function sequenceOptions(options: SnapshotSequenceOptions, dataType: string): SequenceOptions {
  const range = RANGES[dataType] ?? RANGES.bigint!;
  const increment = decimal(options.increment) ?? "1";
  const descending = increment.startsWith("-");
  const min = decimal(options.minValue) ?? (descending ? range.min : "1");
  const max = decimal(options.maxValue) ?? (descending ? "-1" : range.max);
  const start = decimal(options.startWith) ?? (descending ? max : min);
  return { start, increment, min, max, cache: decimal(options.cache) ?? "1", cycle: options.cycle ?? false };
}

export function normaliseIdentity(
  identity: SnapshotSequenceOptions & { type?: string },
  columnType: string,
): IdentityDef {
  return {
    generation: identity.type === "always" ? "always" : "by default",
    ...sequenceOptions(identity, columnType in RANGES ? columnType : "integer"),
  };
}

export function normaliseSequence(
  sequence: SnapshotSequenceOptions & { name: string; schema?: string | undefined },
  schema: string,
  name: string,
): SequenceDef {
  // drizzle-kit 0.31 ignores `as` and writes `CREATE SEQUENCE` without a type: always bigint.
  return { schema, name, dataType: "bigint", ...sequenceOptions(sequence, "bigint") };
}

/** `"10"`, `10`, `" 10 "` → `"10"`; absent or non-numeric → undefined. */
function decimal(value: string | number | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  return BigInt(text).toString();
}
