/**
 * drizzle-kit 0.31's side of the CPU comparison: `generateMigration(prev, cur)` from
 * `drizzle-kit/api`, the function its `generate` and `push` use to compare two snapshots.
 * It gets already-parsed objects (fresh clones made outside the timed region), so JSON parsing
 * is not counted for it; driftcheck's side counts parsing the folder's snapshot but not turning
 * the database's catalog document into the model (introspection; measured apart, see report.ts).
 */
import { readFileSync } from "node:fs";
import { generateMigration } from "drizzle-kit/api";
import { sampleRepeated, type CpuBudget, type Sample } from "./measure.js";

export type Snapshot = Parameters<typeof generateMigration>[0];

export const EMPTY_SNAPSHOT = {
  id: "00000000-0000-0000-0000-000000000000",
  prevId: "",
  version: "7",
  dialect: "postgresql",
  tables: {},
  enums: {},
  schemas: {},
  sequences: {},
  roles: {},
  policies: {},
  views: {},
  _meta: { schemas: {}, tables: {}, columns: {} },
} as unknown as Snapshot;

export interface DrizzleKitCpuResult {
  samples: Sample[];
  /** The first call in each measuring process (one per round). */
  cold: Sample[];
  /** Statements generateMigration returned (0 when the pair is equivalent). */
  statements: number;
}

export async function measureGenerateMigration(prev: Snapshot, cur: Snapshot, budget: CpuBudget): Promise<DrizzleKitCpuResult> {
  const sampled = await sampleRepeated(
    () => ({ prev: structuredClone(prev), cur: structuredClone(cur) }),
    (pair) => generateMigration(pair.prev, pair.cur),
    budget,
  );
  return { samples: sampled.samples, cold: [sampled.cold], statements: sampled.first.length };
}

export function readSnapshot(file: string): Snapshot {
  return JSON.parse(readFileSync(file, "utf8")) as Snapshot;
}
