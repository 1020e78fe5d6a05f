/**
 * Replay time for a folder of N migrations (issue 3, "Measure it"): `driftcheck replay` as a whole
 * process on embedded PGlite vs on the PostgreSQL 15 server through a scratch database
 * (`--scratch-url`, which creates `driftcheck_replay_<random>` and drops it).
 *
 * The folder is written by hand in drizzle-kit 0.x's layout (meta/_journal.json + NNNN_tag.sql,
 * statements split by `--> statement-breakpoint`): replay reads only the journal and the .sql
 * files, and running `drizzle-kit generate` 100 times would take far longer than the replay.
 *
 *   npx tsx bench/replay-time.ts [--migrations 100] [--runs 5] [--skip-build]
 */
import { mkdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { median, round, timeProcess, type ProcessRun } from "./measure.js";
import { REPO_DIR, SERVER_URL, WORK_DIR } from "./generate-schema.js";

const DRIFTCHECK_BIN = path.join(REPO_DIR, "bin", "driftcheck.js");

function flag(argv: string[], name: string, fallback: number): number {
  const index = argv.indexOf(name);
  const value = index >= 0 ? Number(argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive integer`);
  return value;
}

const pad = (n: number): string => String(n).padStart(4, "0");

/**
 * Migration i (0-based): even steps create a table (with an enum every 10th step, a foreign key to
 * the previous table and an index), odd steps add columns, a unique constraint and a check to the
 * table created just before. So every migration depends on earlier ones, as in a real history.
 */
function migrationSql(i: number): string {
  const statements: string[] = [];
  if (i % 2 === 0) {
    const t = i / 2;
    if (t % 5 === 0) statements.push(`CREATE TYPE "public"."state_${pad(t)}" AS ENUM('new', 'active', 'gone');`);
    const enumColumn = t % 5 === 0 ? `,\n\t"state" "state_${pad(t)}" DEFAULT 'new' NOT NULL` : "";
    const parent = t > 0 ? `,\n\t"parent_id" integer` : "";
    statements.push(
      `CREATE TABLE "t${pad(t)}" (\n\t"id" serial PRIMARY KEY NOT NULL,\n\t"name" text NOT NULL,\n\t"created_at" timestamp with time zone DEFAULT now() NOT NULL${parent}${enumColumn}\n);`,
    );
    if (t > 0) {
      statements.push(
        `ALTER TABLE "t${pad(t)}" ADD CONSTRAINT "t${pad(t)}_parent_id_t${pad(t - 1)}_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."t${pad(t - 1)}"("id") ON DELETE cascade ON UPDATE no action;`,
        `CREATE INDEX "t${pad(t)}_parent_idx" ON "t${pad(t)}" USING btree ("parent_id");`,
      );
    }
  } else {
    const t = (i - 1) / 2;
    statements.push(
      `ALTER TABLE "t${pad(t)}" ADD COLUMN "score" numeric(10, 2) DEFAULT '0';`,
      `ALTER TABLE "t${pad(t)}" ADD COLUMN "tags" text[];`,
      `ALTER TABLE "t${pad(t)}" ADD COLUMN "email" varchar(320);`,
      `ALTER TABLE "t${pad(t)}" ADD CONSTRAINT "t${pad(t)}_email_unique" UNIQUE("email");`,
      `ALTER TABLE "t${pad(t)}" ADD CONSTRAINT "t${pad(t)}_score_check" CHECK ("t${pad(t)}"."score" >= 0);`,
    );
  }
  return statements.join("--> statement-breakpoint\n");
}

/** Writes `<WORK_DIR>/replay-<n>/drizzle` (recreated every run: it is cheap). */
export function writeMigrationsFolder(count: number): string {
  const drizzleDir = path.join(WORK_DIR, `replay-${count}`, "drizzle");
  rmSync(drizzleDir, { recursive: true, force: true });
  mkdirSync(path.join(drizzleDir, "meta"), { recursive: true });
  const when = Date.UTC(2026, 0, 1);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const tag = `${pad(i)}_step_${i}`;
    writeFileSync(path.join(drizzleDir, `${tag}.sql`), migrationSql(i) + "\n");
    entries.push({ idx: i, version: "7", when: when + i * 60_000, tag, breakpoints: true });
  }
  writeFileSync(
    path.join(drizzleDir, "meta", "_journal.json"),
    JSON.stringify({ version: "7", dialect: "postgresql", entries }, null, 2) + "\n",
  );
  return drizzleDir;
}

async function runReplay(drizzleDir: string, scratchUrl: string | undefined): Promise<ProcessRun> {
  const out = path.join(path.dirname(drizzleDir), scratchUrl === undefined ? "replay-pglite.json" : "replay-server.json");
  const args = [DRIFTCHECK_BIN, "replay", "--drizzle", drizzleDir, "--out", out];
  if (scratchUrl !== undefined) args.push("--scratch-url", scratchUrl);
  const run = await timeProcess(process.execPath, args, { cwd: REPO_DIR, timeoutMs: 300_000 });
  if (run.exitCode !== 0) {
    throw new Error(`driftcheck replay failed (exit ${run.exitCode}${run.timedOut ? ", timed out" : ""}):\n${run.stdout}\n${run.stderr}`);
  }
  return run;
}

async function main(argv: string[]): Promise<void> {
  const count = flag(argv, "--migrations", 100);
  const runs = flag(argv, "--runs", 5);
  if (!argv.includes("--skip-build") || !existsSync(path.join(REPO_DIR, "dist"))) {
    const build = spawnSync("npm", ["run", "build"], { cwd: REPO_DIR, stdio: "inherit" });
    if (build.status !== 0) throw new Error("npm run build failed");
  }
  const drizzleDir = writeMigrationsFolder(count);
  console.log(`replay: ${count} migrations in ${path.relative(REPO_DIR, drizzleDir)}, ${runs} runs each (interleaved)`);
  const pglite: number[] = [];
  const server: number[] = [];
  // Interleaved, so a burst of load from other work on the machine hits both sides alike.
  for (let run = 0; run < runs; run++) {
    const a = await runReplay(drizzleDir, undefined);
    pglite.push(a.ms);
    const b = await runReplay(drizzleDir, SERVER_URL);
    server.push(b.ms);
    console.log(`  run ${run + 1}: PGlite ${round(a.ms, 0)} ms, PG15 server ${round(b.ms, 0)} ms`);
  }
  const p = median(pglite);
  const s = median(server);
  console.log(`median of ${runs}: PGlite ${round(p, 0)} ms, PG15 server (scratch database) ${round(s, 0)} ms, PGlite/server = ${round(p / s, 2)}×`);
  console.log(JSON.stringify({ migrations: count, runs, pgliteMs: pglite.map((v) => round(v, 0)), serverMs: server.map((v) => round(v, 0)), pgliteMedianMs: round(p, 0), serverMedianMs: round(s, 0), ratio: round(p / s, 2) }));
}

await main(process.argv.slice(2));
