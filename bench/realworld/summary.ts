/**
 * The person-readable side of the evaluation: an overview table and, per project, every finding
 * one line each (results.json holds them in full, expected/actual included).
 */
import type { CliRun, ProjectResult, ReportedFinding } from "./evaluate.js";

/** A person's verdict on one finding (judgements.json), keyed by project, mode, code and object. */
export interface Judgement {
  project: string;
  mode: "check" | "replay";
  code: string;
  object: string;
  verdict: "TRUE" | "FALSE";
  class: string;
  note: string;
}

export function judgementKey(project: string, mode: string, code: string, object: string): string {
  return `${project}|${mode}|${code}|${object}`;
}

interface Meta {
  generatedAt: string;
  driftcheck: string;
  server: string;
  replayOn: string;
}

function cell(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function bySeverity(findings: ReportedFinding[]): string {
  const count = (s: string): number => findings.filter((f) => f.severity === s).length;
  return `${findings.length} (${count("error")} E / ${count("warning")} W / ${count("info")} I)`;
}

function runCell(run: CliRun | undefined): string {
  if (!run) return "—";
  if (run.verdict === "error" || run.verdict === null) return `exit ${run.exitCode}, **could not run**`;
  return `exit ${run.exitCode}, ${bySeverity(run.findings)}`;
}

function errorText(error: unknown): string {
  if (error === null || error === undefined) return "";
  if (typeof error === "object" && "message" in error) return String((error as { message: unknown }).message);
  return JSON.stringify(error);
}

function compact(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

type Judge = (code: string, object: string) => Judgement | undefined;

function verdictCell(judgement: Judgement | undefined): string {
  if (!judgement) return "**unjudged**";
  return judgement.verdict === "TRUE" ? "TRUE" : `FALSE (${judgement.class})`;
}

function findingsTable(findings: ReportedFinding[], judge: Judge): string[] {
  if (findings.length === 0) return ["No findings.", ""];
  const lines = ["| # | judged | code | severity | object | expected | actual | message |", "|---|---|---|---|---|---|---|---|"];
  findings.forEach((f, i) => {
    lines.push(`| ${i + 1} | ${verdictCell(judge(f.code, f.object))} | ${f.code} | ${f.severity} | ${cell(f.object, 80)} | ${cell(compact(f.expected), 120)} | ${cell(compact(f.actual), 120)} | ${cell(f.message, 200)} |`);
  });
  lines.push("");
  return lines;
}

/** "T true, F false, U unjudged": how far a run is from the judged one (U > 0 needs a person). */
function judgedCounts(findings: ReportedFinding[], judge: Judge): string {
  let t = 0;
  let f = 0;
  let u = 0;
  for (const finding of findings) {
    const j = judge(finding.code, finding.object);
    if (!j) u++;
    else if (j.verdict === "TRUE") t++;
    else f++;
  }
  return `${t} / ${f} / ${u}`;
}

export function renderSummary(meta: Meta, results: ProjectResult[], judgements: Judgement[] = []): string {
  const byKey = new Map(judgements.map((j) => [judgementKey(j.project, j.mode, j.code, j.object), j]));
  const judgeFor = (project: string, mode: string): Judge => (code, object) => byKey.get(judgementKey(project, mode, code, object));
  const out = [
    "# Real-world evaluation: raw findings",
    "",
    `Generated ${meta.generatedAt} by bench/realworld/evaluate.ts with driftcheck ${meta.driftcheck}, PostgreSQL at ${meta.server}, replay on ${meta.replayOn}.`,
    "Judgements are in bench/RESULTS-realworld.md; every finding in full is in results.json.",
    "",
    "Judged: TRUE / FALSE / unjudged against judgements.json (a finding a person has not judged yet is **unjudged**).",
    "",
    "| project | migrations | tables | apply | check | judged (T / F / U) | `--expected replay` |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const r of results) {
    const apply = r.skipped ? `skipped: ${cell(r.skipped, 80)}` : r.prelude?.ok === false ? "prelude failed" : r.apply?.ok ? "ok" : `**failed**`;
    const judged = r.check ? judgedCounts(r.check.findings, judgeFor(r.entry.name, "check")) : "—";
    out.push(`| ${r.entry.name} | ${r.migrations} | ${r.apply?.tables ?? "—"} | ${apply} | ${runCell(r.check)} | ${judged} | ${runCell(r.replay)} |`);
  }
  out.push("");
  for (const r of results) {
    out.push(`## ${r.entry.name}`, "");
    out.push(`${r.entry.repo} @ ${r.entry.commit.slice(0, 12)}, \`${r.entry.folder}\` (${r.entry.layout}, ${r.migrations} migrations${r.entry.migrationsTable ? `, migrations table ${r.entry.migrationsTable}` : ""}${r.entry.prelude ? `, prelude ${r.entry.prelude}` : ""}, on ${r.server === "pglite" ? "PGlite (local socket)" : "PostgreSQL"})`, "");
    if (r.skipped) {
      out.push(`Skipped: ${r.skipped}`, "");
      continue;
    }
    if (r.prelude?.ok === false) out.push(`Prelude failed: ${cell(r.prelude.error ?? "", 400)}`, "");
    if (r.apply?.ok === false) out.push(`drizzle-orm's migrator failed: ${cell(r.apply.error ?? "", 400)}`, "");
    if (r.check) {
      out.push(`### check (${runCell(r.check)}, ${(r.check.ms / 1000).toFixed(1)} s)`, "");
      if (r.check.error) out.push(`Error: ${cell(errorText(r.check.error), 600)}`, "");
      out.push(...findingsTable(r.check.findings, judgeFor(r.entry.name, "check")));
    }
    if (r.replay) {
      out.push(`### --expected replay (${runCell(r.replay)}, ${(r.replay.ms / 1000).toFixed(1)} s)`, "");
      if (r.replay.error) out.push(`Error: ${cell(errorText(r.replay.error), 600)}`, "");
      out.push(...findingsTable(r.replay.findings, judgeFor(r.entry.name, "replay")));
    }
  }
  return `${out.join("\n")}\n`;
}
