/**
 * One side of the CPU comparison, measured in a process of its own (spawned by bench/cpu.ts).
 *
 * Why a process per side: in one shared heap each tool's iterations also paid for the other's
 * garbage (a scavenge or concurrent marking triggered by drizzle-kit's allocations lands in
 * driftcheck's next iterations, and the reverse), which moved the small-schema medians by more
 * than the work being measured. Here each tool warms up and runs on a heap only it has used.
 *
 * Usage: tsx bench/cpu-child.ts '<CpuJob as JSON>' — prints one JSON line (the result).
 */
import { parseCatalogText } from "../src/core/introspect/parse-catalog.js";
import { measureDriftcheckCompare, type DriftcheckCpuResult } from "./cpu-driftcheck.js";
import { EMPTY_SNAPSHOT, measureGenerateMigration, readSnapshot } from "./cpu-drizzle-kit.js";
import { sampleRepeated, type CpuBudget } from "./measure.js";
import { readCatalogText } from "./introspect-in-process.js";

export type CpuJob =
  | { tool: "driftcheck"; drizzleDir: string; databaseUrl: string; budget: CpuBudget }
  /** `prevFile` null: generateMigration from an empty snapshot. */
  | { tool: "generateMigration"; prevFile: string | null; curFile: string; budget: CpuBudget };

async function runJob(job: CpuJob): Promise<unknown> {
  if (job.tool === "driftcheck") {
    // The database is read here, outside the timed region: the target covers readDrizzleFolder +
    // diffSchemas, as in a check after its one round trip. Turning the catalog document into the
    // model belongs to introspection; it is measured too, apart, so a reader can add it.
    const catalogText = await readCatalogText(job.databaseUrl);
    const compare = await measureDriftcheckCompare(job.drizzleDir, parseCatalogText(catalogText).schema, job.budget);
    const catalog = await sampleRepeated(() => catalogText, async (text) => parseCatalogText(text), job.budget);
    return { ...compare, catalogParse: catalog.samples } satisfies DriftcheckCpuResult;
  }
  const prev = job.prevFile === null ? EMPTY_SNAPSHOT : readSnapshot(job.prevFile);
  return measureGenerateMigration(prev, readSnapshot(job.curFile), job.budget);
}

const job = JSON.parse(process.argv[2] ?? "null") as CpuJob | null;
if (job === null) throw new Error("usage: tsx bench/cpu-child.ts '<CpuJob as JSON>'");
process.stdout.write(`${JSON.stringify(await runJob(job))}\n`);
