/**
 * The GitHub Actions runner contract, the parts this action uses: inputs arrive as `INPUT_<NAME>`
 * (upper-cased, spaces to `_`, hyphens kept), outputs and the job summary are files named by
 * `GITHUB_OUTPUT` / `GITHUB_STEP_SUMMARY`, annotations and masks are `::command::` lines on stdout.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
import { appendFileSync } from "node:fs";
import { randomBytes } from "node:crypto";

export type Env = Record<string, string | undefined>;

export function input(env: Env, name: string): string | undefined {
  const key = `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
  const value = env[key] ?? env[key.replace(/-/g, "_")];
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}

export function booleanInput(env: Env, name: string, fallback: boolean): boolean {
  const value = input(env, name);
  if (value === undefined) return fallback;
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new Error(`Input ${name} must be true or false (got "${value}").`);
}

/** Appends `name=value` (a heredoc block for multi-line values) to the GITHUB_OUTPUT file. */
export function setOutputs(env: Env, outputs: Record<string, string | number>): void {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  const lines = Object.entries(outputs).map(([name, raw]) => {
    const value = String(raw);
    if (!value.includes("\n")) return `${name}=${value}\n`;
    const delimiter = `ghadelimiter_${randomBytes(8).toString("hex")}`;
    return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  });
  appendFileSync(file, lines.join(""));
}

export function appendSummary(env: Env, markdown: string): void {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, markdown.endsWith("\n") ? markdown : `${markdown}\n`);
}

function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** `::error file=…,line=…,title=…::message` */
export function annotation(level: "error" | "warning" | "notice", message: string, properties: { file?: string; line?: number; title?: string } = {}): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(",");
  return `::${level}${props ? ` ${props}` : ""}::${escapeData(message)}`;
}

export function maskCommand(secret: string): string {
  return `::add-mask::${escapeData(secret)}`;
}
