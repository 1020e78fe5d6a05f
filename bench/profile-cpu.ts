/**
 * A quick profile of driftcheck's CPU side at one size (not part of `npm run bench`):
 * stage times of readDrizzleFolder and diffSchemas over many iterations, for use with
 * `node --cpu-prof --import tsx bench/profile-cpu.ts 1000`. The introspected schema of the
 * migrated database is cached in bench/.work/<n>/actual.json (created once: migrate a fresh
 * database, introspect it directly, drop it).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CanonicalSchema } from "../src/core/model.js";
import { readDrizzleFolder } from "../src/core/drizzle/index.js";
import { diffSchemas } from "../src/core/diff/index.js";
import { introspect } from "../src/core/introspect/index.js";
import { createNodePostgresExecutor } from "../src/adapters/node-postgres/index.js";
import { createBenchDatabase, generateSchema } from "./generate-schema.js";
import { memoryFileSource } from "./cpu-driftcheck.js";
import { MIGRATIONS_TABLE } from "./introspect-in-process.js";
import { median } from "./measure.js";

async function actualSchema(tables: number): Promise<CanonicalSchema> {
  const schema = generateSchema(tables, console.log);
  const file = path.join(schema.dir, "actual.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as CanonicalSchema;
  const database = await createBenchDatabase(schema);
  try {
    const executor = await createNodePostgresExecutor(database.url);
    try {
      const result = await introspect(executor, { migrationsTable: MIGRATIONS_TABLE, timeoutMs: 300_000 });
      writeFileSync(file, JSON.stringify(result.schema));
      return result.schema;
    } finally {
      await executor.close?.();
    }
  } finally {
    await database.drop();
  }
}

const tables = Number(process.argv[2] ?? "1000");
const iterations = Number(process.argv[3] ?? "20");
const actual = await actualSchema(tables);
const files = memoryFileSource(generateSchema(tables).drizzleDir);
const read: number[] = [];
const diff: number[] = [];
let findings = 0;
for (let i = 0; i < iterations; i++) {
  const c0 = process.cpuUsage();
  const folder = await readDrizzleFolder(files);
  const c1 = process.cpuUsage(c0);
  const c2 = process.cpuUsage();
  findings = diffSchemas(folder.expected, actual, {}).length;
  const c3 = process.cpuUsage(c2);
  read.push((c1.user + c1.system) / 1000);
  diff.push((c3.user + c3.system) / 1000);
}
const skip = Math.min(3, iterations - 1);
const stats = (values: number[]): string => {
  const sorted = values.slice(skip).sort((a, b) => a - b);
  return `median ${median(sorted).toFixed(1)} / p25 ${sorted[Math.floor(sorted.length / 4)]!.toFixed(1)} / min ${sorted[0]!.toFixed(1)} ms`;
};
console.log(`${tables} tables, ${iterations} iterations (first ${skip} dropped), ${findings} findings, CPU:`);
console.log(`  readDrizzleFolder ${stats(read)}`);
console.log(`  diffSchemas       ${stats(diff)}`);
console.log(`  total             ${stats(read.map((r, i) => r + diff[i]!))}`);
