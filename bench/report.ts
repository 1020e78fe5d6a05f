/** Turns bench results into a console table and bench/RESULTS.md. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { BenchEnvironment } from "./environment.js";
import type { DriftcheckCpuResult } from "./cpu-driftcheck.js";
import type { DrizzleKitCpuResult } from "./cpu-drizzle-kit.js";
import type { GeneratedSchema } from "./generate-schema.js";
import { median, round, type Sample } from "./measure.js";

export interface ProcessRunResult {
  ms: number;
  exitCode: number | null;
  timedOut: boolean;
  /** Query + Parse messages counted at the proxy over all of the run's connections. */
  roundTrips: number;
  connections: number;
}

export interface SizeResult {
  tables: number;
  counts: GeneratedSchema["counts"];
  commands: { driftcheck: string; pull: string };
  driftcheck: { runs: (ProcessRunResult & { outcome: string })[] };
  pull: { runs: (ProcessRunResult & { outcome: string })[]; cap: string | null };
  inProcess: { runs: { ms: number; roundTrips: number; connections: number }[] };
  cpu: {
    driftcheck: DriftcheckCpuResult;
    fromEmpty: DrizzleKitCpuResult;
    fromPulled: DrizzleKitCpuResult | null;
    /** Set when the CPU part was re-measured alone (`--only cpu`) after the full run. */
    rerun?: CpuRerun;
  };
}

export interface CpuRerun {
  date: string;
  loadAverageAtStart: number[];
  gitHead: string;
  /** Date of the run whose generateMigration(pulled) figure was kept (no pulled snapshot on disk), else null. */
  fromPulledFrom: string | null;
}

export interface ReportSettings {
  sizes: number[];
  runs: number;
  rttMs: number;
  pullBudgetMs: number;
}

interface Figures {
  tables: number;
  driftcheckMs: number;
  driftcheckRoundTrips: number[];
  pullMs: number;
  pullRoundTrips: number[];
  pullRuns: number;
  speedup: number;
  inProcessMs: number;
  inProcessRoundTrips: number[];
  compareCpuMs: number;
  compareWallMs: number;
  emptyCpuMs: number;
  pulledCpuMs: number | null;
  /**
   * generateMigration(pulled, generated) ÷ driftcheck: the same pair driftcheck compares (the
   * database, as drizzle-kit's own pull snapshots it, against the folder's snapshot). Null
   * without a pulled snapshot.
   */
  samePairRatio: number | null;
  /** generateMigration(empty, generated) ÷ driftcheck: a different, smaller job (the snapshot against nothing); the rule until 2026-11-24. */
  emptyPairRatio: number;
}

const cpuMedian = (samples: Sample[]): number => median(samples.map((sample) => sample.cpuMs));
const unique = (values: number[]): number[] => [...new Set(values)].sort((a, b) => a - b);

function figures(result: SizeResult): Figures {
  const driftcheckMs = median(result.driftcheck.runs.map((run) => run.ms));
  const pullMs = median(result.pull.runs.map((run) => run.ms));
  const compareCpuMs = cpuMedian(result.cpu.driftcheck.samples);
  const emptyCpuMs = cpuMedian(result.cpu.fromEmpty.samples);
  const pulledCpuMs = result.cpu.fromPulled ? cpuMedian(result.cpu.fromPulled.samples) : null;
  return {
    tables: result.tables,
    driftcheckMs,
    driftcheckRoundTrips: unique(result.driftcheck.runs.map((run) => run.roundTrips)),
    pullMs,
    pullRoundTrips: unique(result.pull.runs.map((run) => run.roundTrips)),
    pullRuns: result.pull.runs.length,
    speedup: pullMs / driftcheckMs,
    inProcessMs: median(result.inProcess.runs.map((run) => run.ms)),
    inProcessRoundTrips: unique(result.inProcess.runs.map((run) => run.roundTrips)),
    compareCpuMs,
    compareWallMs: median(result.cpu.driftcheck.samples.map((sample) => sample.wallMs)),
    emptyCpuMs,
    pulledCpuMs,
    samePairRatio: pulledCpuMs === null ? null : pulledCpuMs / compareCpuMs,
    emptyPairRatio: emptyCpuMs / compareCpuMs,
  };
}

interface Target {
  name: string;
  measured: string;
  met: boolean | null;
}

function targets(all: Figures[], settings: ReportSettings): Target[] {
  const list: Target[] = [];
  const roundTrips = all.flatMap((f) => [...f.driftcheckRoundTrips, ...f.inProcessRoundTrips]);
  list.push({
    name: "driftcheck: 1 round trip per check (every run, every size, CLI and in-process)",
    measured: `round trips seen: ${unique(roundTrips).join(", ")}`,
    met: roundTrips.length > 0 && roundTrips.every((count) => count === 1),
  });
  const thousand = all.find((f) => f.tables === 1000);
  list.push({
    name: "1,000 tables: driftcheck ≥ 100× faster than drizzle-kit 0.31 pull (whole processes, medians)",
    measured: thousand
      ? `${round(thousand.speedup)}× (${round(thousand.pullMs / 1000, 2)} s vs ${round(thousand.driftcheckMs / 1000, 3)} s)` +
        (thousand.pullRuns < settings.runs ? `; drizzle-kit pull ran ${thousand.pullRuns} of ${settings.runs} times (time budget), so its figure is not a median of ${settings.runs}` : "")
      : "not measured",
    met: thousand ? thousand.speedup >= 100 : null,
  });
  const allPulled = all.every((f) => f.samePairRatio !== null);
  list.push({
    name: "parse + normalise + diff ≥ 10× less CPU than drizzle-kit generateMigration, judged on the same pair (every size; prev = the database as `drizzle-kit pull` snapshots it, cur = the folder's snapshot)",
    measured: all.map((f) => `${f.tables}: ${f.samePairRatio === null ? "no pulled snapshot" : `${round(f.samePairRatio)}×`}`).join("; "),
    met: all.length === 0 || !allPulled ? null : all.every((f) => f.samePairRatio! >= 10),
  });
  list.push({
    name: "the same target judged against generateMigration(empty, generated) instead (the rule until 2026-11-24: the cheaper of the two pairs)",
    measured: all.map((f) => `${f.tables}: ${round(f.emptyPairRatio)}×`).join("; "),
    met: all.length > 0 ? all.every((f) => f.emptyPairRatio >= 10) : null,
  });
  list.push({
    name: "parse + normalise + diff ≤ 50 ms CPU at 1,000 tables",
    measured: thousand ? `${round(thousand.compareCpuMs, 2)} ms` : "not measured",
    met: thousand ? thousand.compareCpuMs <= 50 : null,
  });
  return list;
}

/**
 * What each side's timed region leaves out, and the same-pair ratio by wall time: CPU time counts
 * V8's helper threads (GC, compiler), a large part of the smallest figures.
 */
function leftOutLines(results: SizeResult[]): string[] {
  const withPulled = results.filter((result) => result.cpu.fromPulled);
  const wallMedian = (samples: Sample[]): number => median(samples.map((sample) => sample.wallMs));
  const lines = [
    "Each side's timed region leaves something out: drizzle-kit's `generateMigration` receives both snapshots already parsed (no `JSON.parse`); driftcheck's receives the database already turned into the model (that conversion is part of introspection, in the in-process introspection time above).",
  ];
  const withCatalog = results.filter((result) => result.cpu.driftcheck.catalogParse?.length);
  if (withCatalog.length > 0) {
    const counted = withCatalog.filter((result) => result.cpu.fromPulled);
    lines.push(
      "",
      `Measured apart, driftcheck's conversion of the catalog document into the model (\`parseCatalogText\`, warm calls) is ${withCatalog
        .map((result) => `${ms(cpuMedian(result.cpu.driftcheck.catalogParse!))} ms at ${result.tables}`)
        .join(", ")} tables.` +
        (counted.length === 0
          ? ""
          : ` Counted into driftcheck's figure, the same-pair ratio would be ${counted
              .map((result) => `${round(cpuMedian(result.cpu.fromPulled!.samples) / (cpuMedian(result.cpu.driftcheck.samples) + cpuMedian(result.cpu.driftcheck.catalogParse!)))}× at ${result.tables}`)
              .join(", ")} tables.`),
    );
  }
  if (withPulled.length > 0) {
    lines.push(
      "",
      `By wall time instead of CPU time (CPU time also counts V8's garbage-collector and compiler threads), the same-pair ratio is ${withPulled
        .map((result) => `${round(wallMedian(result.cpu.fromPulled!.samples) / wallMedian(result.cpu.driftcheck.samples))}× at ${result.tables}`)
        .join(", ")} tables.`,
    );
  }
  return lines;
}

/** Cold (first-call) CPU per size; results measured before cold calls were recorded have none. */
function coldLines(results: SizeResult[]): string[] {
  return results.flatMap((result) => {
    const ours = result.cpu.driftcheck.cold;
    const pulled = result.cpu.fromPulled?.cold;
    const empty = result.cpu.fromEmpty.cold;
    if (!ours?.length || !empty?.length) return [];
    const oursMs = cpuMedian(ours);
    const pulledPart = pulled?.length ? `, generateMigration(pulled) ${ms(cpuMedian(pulled))} ms (${round(cpuMedian(pulled) / oursMs)}×)` : "";
    return [`- ${result.tables} tables: driftcheck ${ms(oursMs)} ms${pulledPart}, generateMigration(empty) ${ms(cpuMedian(empty))} ms (${round(cpuMedian(empty) / oursMs)}×)`];
  });
}

const verdict = (met: boolean | null): string => (met === null ? "not measured" : met ? "met" : "NOT met");
const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

function tableRows(all: Figures[]): string[][] {
  return all.map((f) => [
    String(f.tables),
    ms(f.driftcheckMs),
    f.driftcheckRoundTrips.join("/"),
    ms(f.pullMs),
    `${f.pullRoundTrips.join("/")} (${f.pullRuns} run${f.pullRuns === 1 ? "" : "s"})`,
    `${round(f.speedup)}×`,
    ms(f.inProcessMs),
    f.inProcessRoundTrips.join("/"),
    f.compareCpuMs.toFixed(2),
    ms(f.emptyCpuMs),
    f.pulledCpuMs === null ? "–" : ms(f.pulledCpuMs),
    f.samePairRatio === null ? "–" : `${round(f.samePairRatio)}×`,
    `${round(f.emptyPairRatio)}×`,
  ]);
}

const HEADER = [
  "tables",
  "driftcheck CLI ms",
  "RT",
  "drizzle-kit pull ms",
  "RT",
  "speed-up",
  "in-process introspect ms",
  "RT",
  "parse+diff CPU ms",
  "generateMigration CPU ms (prev=empty)",
  "(prev=pulled)",
  "CPU ratio, same pair",
  "(prev=empty)",
];

export function printSummary(results: SizeResult[], settings: ReportSettings): void {
  const all = results.map(figures);
  const rows = [HEADER, ...tableRows(all)];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  console.log("");
  for (const row of rows) console.log(row.map((cell, column) => cell.padStart(widths[column]!)).join("  "));
  console.log("");
  for (const target of targets(all, settings)) console.log(`${verdict(target.met).padEnd(12)} ${target.name}: ${target.measured}`);
}

function markdownTable(header: string[], rows: string[][]): string {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}

export function renderResults(results: SizeResult[], environment: BenchEnvironment, settings: ReportSettings): string {
  const all = results.map(figures);
  const out: string[] = [];
  out.push("# driftcheck benchmark results", "");
  out.push(`Generated by \`npm run bench\` (bench/run.ts) on ${environment.date}. See bench/README.md for the method.`, "");
  out.push("## Machine and versions", "");
  out.push(`- CPUs (nproc): ${environment.cpus}, model: ${environment.cpuModel}, memory: ${environment.memoryGiB} GiB`);
  out.push(`- Load average at start (1/5/15 min): ${environment.loadAverageAtStart.join(" / ")} — the machine is shared; other processes ran during the bench`);
  out.push(`- Node ${environment.node}; ${environment.postgres}`);
  out.push(`- Packages: ${Object.entries(environment.packages).map(([name, version]) => `${name} ${version}`).join(", ")}`);
  out.push(`- driftcheck source: ${environment.gitHead}`);
  out.push(`- Settings: sizes ${settings.sizes.join(", ")}; ${settings.runs} runs per tool; ${settings.rttMs} ms round trip added by bench/delay-proxy.ts (${settings.rttMs / 2} ms each way); drizzle-kit pull budget ${settings.pullBudgetMs / 1000} s per size`, "");

  out.push("## Summary (medians)", "");
  out.push(markdownTable(HEADER, tableRows(all)), "");
  out.push("RT = round trips (Query + Parse messages after start-up) counted at the proxy; several values mean runs differed. CPU ratio = drizzle-kit `generateMigration` CPU ÷ driftcheck's parse + normalise + diff CPU; “same pair” is prev = the database as `drizzle-kit pull` snapshots it (what driftcheck compares: the database against the folder), “(prev=empty)” the folder's snapshot against an empty one (see Notes).", "");
  const reruns = results.filter((result) => result.cpu.rerun);
  if (reruns.length > 0) {
    out.push(
      `The CPU columns of ${reruns.map((result) => result.tables).join(", ")} tables were re-measured alone (\`--only cpu\`) on ${[...new Set(reruns.map((result) => result.cpu.rerun!.date))].join(", ")} against driftcheck source ${[...new Set(reruns.map((result) => result.cpu.rerun!.gitHead))].join(", ")}; the other columns are from the full run. See each size's raw runs.`,
      "",
    );
  }

  out.push("## Targets", "");
  for (const target of targets(all, settings)) out.push(`- **${verdict(target.met)}** — ${target.name}: ${target.measured}`);
  out.push("");
  out.push(...leftOutLines(results), "");
  const cold = coldLines(results);
  if (cold.length > 0) {
    out.push(
      "The targets are judged on warmed-up calls (steady state). For comparison, the first call in each measuring process — what a one-shot CLI run pays: unoptimised code, a small heap — median over the processes (one per round; driftcheck's process has read and parsed the catalog document just before, which warms the little code the two share):",
      "",
      ...cold,
      "",
    );
  }

  out.push("## Commands", "");
  out.push("Both tools run as whole processes from `bench/.work/<n>/`, through the proxy at `<proxy>`:", "");
  const first = results[0];
  if (first) {
    out.push("```", first.commands.driftcheck.replace(`/${first.tables}/`, "/<n>/"), first.commands.pull.replace(`/${first.tables}/`, "/<n>/"), "```", "");
  }
  out.push(
    "In-process introspection: `introspect(await createNodePostgresExecutor(url), { migrationsTable, timeoutMs })` with a fresh executor per run (the time includes connecting). " +
      "CPU: `readDrizzleFolder(memoryFileSource) + diffSchemas(expected, introspected actual)` vs `generateMigration(prev, generated snapshot)` from `drizzle-kit/api` with prev = an empty snapshot and prev = the snapshot `drizzle-kit pull` wrote for the same database; CPU time is `process.cpuUsage()` (user + system) around each iteration; each side runs in a process of its own (bench/cpu-child.ts: its own heap, so neither pays for the other's garbage), in 3 interleaved rounds (driftcheck, then drizzle-kit's pairs, each process with a third of the iterations) so both see the same background load; each process makes one cold call, warms up for 2 s (at least 5 calls for driftcheck, 2 for drizzle-kit), then records.",
    "",
  );

  out.push("## Raw runs", "");
  for (const result of results) {
    const f = figures(result);
    out.push(`### ${result.tables} tables`, "");
    out.push(`Objects: ${Object.entries(result.counts).map(([name, count]) => `${count} ${name}`).join(", ")}.`, "");
    const processRows = [
      ...result.driftcheck.runs.map((run, i) => ["driftcheck CLI", String(i + 1), ms(run.ms), String(run.roundTrips), String(run.connections), String(run.exitCode), run.outcome]),
      ...result.pull.runs.map((run, i) => ["drizzle-kit pull", String(i + 1), ms(run.ms), String(run.roundTrips), String(run.connections), String(run.exitCode), run.outcome]),
      ...result.inProcess.runs.map((run, i) => ["in-process introspect", String(i + 1), ms(run.ms), String(run.roundTrips), String(run.connections), "–", "–"]),
    ];
    out.push(markdownTable(["what", "run", "ms", "round trips", "connections", "exit", "outcome"], processRows), "");
    if (result.pull.cap) out.push(`drizzle-kit pull was ${result.pull.cap}.`, "");
    out.push(`Medians: driftcheck CLI ${ms(f.driftcheckMs)} ms, drizzle-kit pull ${ms(f.pullMs)} ms (${round(f.speedup)}×), in-process introspection ${ms(f.inProcessMs)} ms.`);
    const latencyFloor = Math.max(...f.pullRoundTrips) * settings.rttMs;
    out.push(
      `Latency alone accounts for ${round(latencyFloor / 1000, 1)} s of drizzle-kit pull's ${round(f.pullMs / 1000, 1)} s (${Math.max(...f.pullRoundTrips)} sequential round trips × ${settings.rttMs} ms); the rest is server time for its catalog queries and its own processing.`,
      "",
    );
    const rerun = result.cpu.rerun;
    if (rerun) {
      out.push(
        `CPU re-measured alone (\`npm run bench -- --only cpu --sizes ${result.tables}\`) on ${rerun.date}, load average at start ${rerun.loadAverageAtStart.join(" / ")}, driftcheck source ${rerun.gitHead}, on a freshly migrated database introspected directly; the process and introspection figures above are from the full run.` +
          (rerun.fromPulledFrom ? ` generateMigration(pulled, generated) is from the run of ${rerun.fromPulledFrom} (its pulled snapshot is not kept on disk).` : ""),
        "",
      );
    }
    const cpuLine = (label: string, measured: { samples: Sample[]; cold?: Sample[] }, extra: string): string =>
      `- ${label}: median CPU ${cpuMedian(measured.samples).toFixed(2)} ms, median wall ${median(measured.samples.map((s) => s.wallMs)).toFixed(2)} ms over ${measured.samples.length} iterations${extra}; CPU ms per iteration: ${measured.samples.map((s) => s.cpuMs.toFixed(1)).join(", ")}` +
      (measured.cold?.length ? `; first call per process (cold): ${measured.cold.map((s) => s.cpuMs.toFixed(1)).join(", ")}` : "");
    const codes = Object.entries(result.cpu.driftcheck.findingCodes).map(([code, count]) => `${code} ×${count}`).join(", ");
    const catalog = result.cpu.driftcheck.catalogParse;
    out.push(cpuLine("driftcheck readDrizzleFolder + diffSchemas", result.cpu.driftcheck, ` (${result.cpu.driftcheck.findings} findings${codes ? `: ${codes}` : ""})`));
    if (catalog?.length) out.push(cpuLine("driftcheck parseCatalogText (introspection; not in the target)", { samples: catalog }, ""));
    out.push(cpuLine("drizzle-kit generateMigration(empty, generated)", result.cpu.fromEmpty, ` (${result.cpu.fromEmpty.statements} statements)`));
    if (result.cpu.fromPulled) {
      out.push(cpuLine("drizzle-kit generateMigration(pulled, generated)", result.cpu.fromPulled, ` (${result.cpu.fromPulled.statements} statements)`));
    }
    out.push("");
  }

  out.push("## Notes", "");
  out.push(
    "- Both tools are started as `node <entry>` rather than through `npx`, so neither pays npm's start-up; `npx drizzle-kit pull …` and `npx driftcheck check …` run the same entry points.",
    "- driftcheck's round-trip count covers the whole check: the catalog query and the migrations-table read travel as one simple-protocol message. Connection start-up (startup packet, authentication) is not counted for either tool but its latency is in both tools' wall times.",
    "- drizzle-kit pull issues its catalog queries one after another on one connection, so its time grows with the number of tables × the round-trip time.",
    "- Which pair is \"the same pair\" (issue 2: CPU \"vs drizzle-kit's generateMigration on the same pair\"): driftcheck compares the database with the folder's snapshot; in drizzle-kit's terms the database is the snapshot its own `drizzle-kit pull` writes, so the target is judged on `generateMigration(pulled, generated)`. That pair is far from empty for drizzle-kit: its pull and its generate spell the same database differently, so it emits more statements on it than from an empty snapshot (the counts above), while driftcheck finds nothing to report — part of drizzle-kit's figure on this pair is work caused by that mismatch. `generateMigration(empty, generated)` compares the snapshot with nothing, a different and smaller job; until 2026-11-24 the target was judged against the cheaper of the two pairs (in practice this one), and the Targets section gives the verdict under both rules.",
    "- drizzle-kit's `generateMigration` receives parsed objects; driftcheck's time includes `JSON.parse` of the snapshot and journal and hashing the migration files, but not turning the database's catalog document into the model (see the paragraph after Targets for that figure).",
    "- Timings on a shared 2-core machine are noisy; medians are reported and every raw run is listed.",
    "",
  );
  return out.join("\n");
}

/**
 * Writes the rendered report, keeping the sections other scripts or people added after its
 * `## Notes` (github-requests.ts, webhook-ingest.ts, the issue 3 figures): a re-render replaces
 * only what renderResults produces.
 */
export function writeResults(file: string, rendered: string): void {
  const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
  writeFileSync(file, `${rendered.trimEnd()}\n${appendedSections(previous)}`);
}

/** Everything from the first `## ` heading after `## Notes` to the end, with a blank line before it; "" when none. */
export function appendedSections(results: string): string {
  const notes = results.search(/^## Notes$/m);
  if (notes < 0) return "";
  const next = results.slice(notes + 1).search(/^## /m);
  return next < 0 ? "" : `\n${results.slice(notes + 1 + next).trimEnd()}\n`;
}
