/**
 * driftcheck's side of the CPU comparison: readDrizzleFolder (JSON parse + normalise the
 * drizzle-kit snapshot, hash the migrations) + diffSchemas against the introspected actual
 * schema, in-process. Files are held in memory, so disk I/O is not measured.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { CanonicalSchema } from "../src/core/model.js";
import type { FileSource } from "../src/core/port.js";
import { readDrizzleFolder } from "../src/core/drizzle/index.js";
import { nodeSha256Hex } from "../src/adapters/fs/index.js";
import { diffSchemas } from "../src/core/diff/index.js";
import { sampleRepeated, type CpuBudget, type Sample } from "./measure.js";

/** Every file under `dir`, held in memory, behind the core's FileSource port — hashing as the CLI's disk source does (src/adapters/fs). */
export function memoryFileSource(dir: string): FileSource {
  const files = new Map<string, string>();
  const dirs = new Map<string, string[]>();
  const walk = (relative: string): void => {
    const names = readdirSync(path.join(dir, relative)).sort();
    dirs.set(relative, names);
    for (const name of names) {
      const child = relative === "" ? name : `${relative}/${name}`;
      if (statSync(path.join(dir, child)).isDirectory()) walk(child);
      else files.set(child, readFileSync(path.join(dir, child), "utf8"));
    }
  };
  walk("");
  return {
    readText: async (file) => files.get(file) ?? null,
    list: async (folder) => dirs.get(folder.replace(/\/$/, "")) ?? [],
    describe: () => dir,
    sha256Hex: nodeSha256Hex,
  };
}

export interface DriftcheckCpuResult {
  samples: Sample[];
  /** The first call in each measuring process (one per round). */
  cold: Sample[];
  findings: number;
  findingCodes: Record<string, number>;
  /** parseCatalogText of the database's catalog document (part of introspection, not of the target), warm calls. */
  catalogParse?: Sample[];
}

export async function measureDriftcheckCompare(drizzleDir: string, actual: CanonicalSchema, budget: CpuBudget): Promise<DriftcheckCpuResult> {
  const files = memoryFileSource(drizzleDir);
  const sampled = await sampleRepeated(
    () => undefined,
    async () => {
      const folder = await readDrizzleFolder(files);
      return diffSchemas(folder.expected, actual, {});
    },
    budget,
  );
  const findingCodes: Record<string, number> = {};
  for (const finding of sampled.first) findingCodes[finding.code] = (findingCodes[finding.code] ?? 0) + 1;
  return { samples: sampled.samples, cold: [sampled.cold], findings: sampled.first.length, findingCodes };
}
