/**
 * Check runs: create (`POST /repos/{o}/{r}/check-runs`) and update (`PATCH .../check-runs/{id}`).
 * GitHub takes at most 50 annotations per request and appends annotations sent in later
 * updates, so extra annotations go out in further PATCHes of 50; summary and text are cut to
 * 65,535 characters with a visible note. https://docs.github.com/en/rest/checks/runs
 */
import { hasNumericId } from "./api-errors.js";
import { repoPath, type GitHubHttp } from "./http.js";
import type { RepoRef } from "./types.js";

export const MAX_ANNOTATIONS_PER_REQUEST = 50;
export const MAX_OUTPUT_TEXT = 65_535;

export type CheckRunStatus = "queued" | "in_progress" | "completed";
export type CheckRunConclusion = "success" | "failure" | "neutral" | "cancelled" | "skipped" | "timed_out" | "action_required";

export interface CheckRunAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckRunAnnotation[];
}

/** A button on the check run (GitHub: label ≤ 20, description ≤ 40, identifier ≤ 20 characters; at most 3). */
export interface CheckRunAction {
  label: string;
  description: string;
  identifier: string;
}

export interface CheckRunFields {
  status?: CheckRunStatus;
  conclusion?: CheckRunConclusion;
  details_url?: string;
  external_id?: string;
  started_at?: string;
  completed_at?: string;
  output?: CheckRunOutput;
  /** Replaces the run's buttons; `[]` removes them. */
  actions?: CheckRunAction[];
}

export interface CreateCheckRunInput extends CheckRunFields {
  name: string;
  head_sha: string;
}

export interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  html_url?: string;
  /** Requests this call sent (1 + annotation batches). */
  requests: number;
}

export async function createCheckRun(http: GitHubHttp, ref: RepoRef, input: CreateCheckRunInput): Promise<CheckRun> {
  const { output, ...fields } = input;
  const [first, rest] = splitOutput(output);
  const created = await http.json<Omit<CheckRun, "requests">>("POST", `${repoPath(ref.owner, ref.repo)}/check-runs`, {
    body: { ...fields, ...(first ? { output: first } : {}) },
    shape: hasNumericId,
  });
  const extra = await sendRemainingAnnotations(http, ref, created.id, rest);
  return { ...pick(created), requests: 1 + extra };
}

export async function updateCheckRun(http: GitHubHttp, ref: RepoRef, checkRunId: number, fields: CheckRunFields & { name?: string }): Promise<CheckRun> {
  const { output, ...rest } = fields;
  const [first, more] = splitOutput(output);
  const updated = await http.json<Omit<CheckRun, "requests">>("PATCH", checkRunPath(ref, checkRunId), {
    body: { ...rest, ...(first ? { output: first } : {}) },
    shape: hasNumericId,
  });
  const extra = await sendRemainingAnnotations(http, ref, checkRunId, more);
  return { ...pick(updated), requests: 1 + extra };
}

/** Output for the first request plus the later annotation batches, each repeating title and summary (GitHub requires them). */
function splitOutput(output: CheckRunOutput | undefined): [CheckRunOutput | undefined, CheckRunOutput[]] {
  if (!output) return [undefined, []];
  const base = {
    title: truncate(output.title, 255),
    summary: truncate(output.summary, MAX_OUTPUT_TEXT),
    ...(output.text === undefined ? {} : { text: truncate(output.text, MAX_OUTPUT_TEXT) }),
  };
  const annotations = output.annotations ?? [];
  const batches: CheckRunAnnotation[][] = [];
  for (let i = 0; i < annotations.length; i += MAX_ANNOTATIONS_PER_REQUEST) batches.push(annotations.slice(i, i + MAX_ANNOTATIONS_PER_REQUEST));
  const first = batches.length > 0 ? { ...base, annotations: batches[0]! } : base;
  const rest = batches.slice(1).map((batch) => ({ title: base.title, summary: base.summary, annotations: batch }));
  return [first, rest];
}

async function sendRemainingAnnotations(http: GitHubHttp, ref: RepoRef, checkRunId: number, outputs: CheckRunOutput[]): Promise<number> {
  // Sequential: GitHub appends in arrival order, and parallel PATCHes would race.
  for (const output of outputs) await http.request("PATCH", checkRunPath(ref, checkRunId), { body: { output } });
  return outputs.length;
}

function checkRunPath(ref: RepoRef, id: number): string {
  return `${repoPath(ref.owner, ref.repo)}/check-runs/${encodeURIComponent(String(id))}`;
}

const TRUNCATION_NOTE = "\n\n… (truncated: GitHub limits this field to 65,535 characters)";

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = max >= 1000 ? TRUNCATION_NOTE : "…";
  let cut = max - note.length;
  // Do not split a surrogate pair (an emoji in a finding would turn into garbage).
  if (/[\uDC00-\uDFFF]/.test(text.charAt(cut))) cut--;
  return text.slice(0, cut) + note;
}

function pick(run: Omit<CheckRun, "requests">): Omit<CheckRun, "requests"> {
  return {
    id: run.id,
    name: run.name,
    head_sha: run.head_sha,
    status: run.status,
    conclusion: run.conclusion ?? null,
    ...(run.html_url === undefined ? {} : { html_url: run.html_url }),
  };
}
