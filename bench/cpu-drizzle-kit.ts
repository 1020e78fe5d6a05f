/**
 * drizzle-kit 0.31's side of the CPU comparison: `generateMigration(prev, cur)` from
 * `drizzle-kit/api`, the function its `generate` and `push` use to compare two snapshots.
 * It gets already-parsed objects (fresh clones made outside the timed region), so JSON parsing
 * is not counted for it (it is for driftcheck): the comparison leans in drizzle-kit's favour.
 */
import { readFileSync } from "node:fs";
import { generateMigration } from "drizzle-kit/api";
import { sampleRepeated, type Sample } from "./measure.js";

export type Snapshot = Parameters<typeof generateMigration>[0];

export interface CpuBudget {
  warmup: number;
  minIterations: number;
  maxIterations: number;
  budgetMs: number;
}

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
  /** Statements generateMigration returned (0 when the pair is equivalent). */
  statements: number;
}

export async function measureGenerateMigration(prev: Snapshot, cur: Snapshot, budget: CpuBudget): Promise<DrizzleKitCpuResult> {
  const statements = (await generateMigration(structuredClone(prev), structuredClone(cur))).length;
  const samples = await sampleRepeated({
    prepare: () => ({ prev: structuredClone(prev), cur: structuredClone(cur) }),
    work: (pair) => generateMigration(pair.prev, pair.cur),
    ...budget,
  });
  return { samples, statements };
}

export function readSnapshot(file: string): Snapshot {
  return JSON.parse(readFileSync(file, "utf8")) as Snapshot;
}
