/**
 * Command-line parsing with node:util parseArgs. Values are validated here so a typo fails
 * before anything runs, with a message naming the flag and the accepted values. Flag values
 * are never echoed back: `--database-url` carries a password.
 */
import { parseArgs } from "node:util";
import { userError } from "../core/errors.js";
import type { Severity } from "../core/findings.js";
import type { MigrationsTableRef } from "../core/introspect/types.js";

export type Command = "check" | "status" | "baseline" | "replay" | "verify" | "diff" | "fix-sql" | "vercel" | "github" | "neon" | "help" | "version";
export type ReportFormat = "text" | "json" | "markdown" | "sarif";
export type Environment = "production" | "preview";

export const FORMATS: readonly ReportFormat[] = ["text", "json", "markdown", "sarif"];
export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];
export const ENVIRONMENTS: readonly Environment[] = ["production", "preview"];

export interface CliArgs {
  command: Command;
  databaseUrl?: string;
  drizzle?: string;
  format?: ReportFormat;
  failOn?: Severity;
  environment?: Environment;
  migrationsTable?: MigrationsTableRef;
  ignore: string[];
  config?: string;
  /** `auto` (when absent), `snapshot`, `replay` or a path to an expected-schema JSON file (check, fix-sql). */
  expected?: string;
  /** replay: where to write the JSON (stdout when absent). */
  out?: string;
  /** replay / --expected replay: a server on which a throw-away database is created. */
  scratchUrl?: string;
  /** replay / verify / --expected replay: SQL run on the scratch database before the first migration. */
  replayPrelude?: string;
  /** diff: the reference database (what is expected) and the compared one. */
  from?: string;
  to?: string;
  /** fix-sql: include destructive steps. */
  allowDestructive?: boolean;
  /** Push workflow: TypeScript schema module(s) the expected schema is derived from. */
  schema?: string[];
  /** Query probe files (.sql: one query; .json: a list). */
  probe?: string[];
  /** vercel setup: the project (name or id), its team (id `team_…` or slug), the Worker's webhook URL. */
  project?: string;
  team?: string;
  webhookUrl?: string;
  /** vercel setup: the Vercel API's base URL, the project check's name, list without creating. */
  apiUrl?: string;
  checkName?: string;
  dryRun?: boolean;
  /** check: only MIGRATION_NOT_GENERATED (drizzle config `schema` vs the newest snapshot); no database. */
  noDatabase?: boolean;
  /** check, baseline: the baseline file (default: ./driftcheck.baseline.json). */
  baseline?: string;
  /** github setup: the Worker's URL; GitHub's web URL (stand-ins); create a new App although one is stored; print, do not store. */
  workerUrl?: string;
  githubUrl?: string;
  org?: string;
  force?: boolean;
  print?: boolean;
  /** neon setup: the read-only role's name. */
  role?: string;
}

const STRING_FLAGS = [
  "database-url",
  "drizzle",
  "format",
  "fail-on",
  "environment",
  "migrations-table",
  "ignore",
  "config",
  "expected",
  "out",
  "scratch-url",
  "replay-prelude",
  "from",
  "to",
  "schema",
  "probe",
  "project",
  "team",
  "webhook-url",
  "api-url",
  "check-name",
  "baseline",
  "worker-url",
  "github-url",
  "org",
  "role",
] as const;
const BOOLEAN_FLAGS = ["help", "version", "allow-destructive", "dry-run", "no-database", "force", "print"] as const;
const COMMANDS = ["check", "status", "baseline", "replay", "verify", "diff", "fix-sql", "vercel", "github", "neon", "help", "version"] as const;
/** Commands whose only subcommand is `setup`, with an example for the error message. */
const SETUP_COMMANDS: Record<string, string> = {
  github: "driftcheck github setup --worker-url https://driftcheck.example.workers.dev",
  neon: "driftcheck neon setup --database-url postgresql://OWNER:PASSWORD@HOST/neondb",
};
/** `driftcheck vercel <subcommand>`. */
const VERCEL_SUBCOMMANDS = ["setup"] as const;

const HELP_HINT = "Run `driftcheck --help` for the commands and flags.";

export function parseCliArgs(args: string[]): CliArgs {
  // strict:false + tokens: we report unknown flags ourselves, without parseArgs' wording
  // (which suggests `--` and could quote a value).
  const { tokens } = parseArgs({
    args,
    strict: false,
    allowPositionals: true,
    tokens: true,
    options: {
      ...Object.fromEntries(STRING_FLAGS.map((name) => [name, { type: "string" as const, multiple: true }])),
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
      "allow-destructive": { type: "boolean" },
      "dry-run": { type: "boolean" },
      "no-database": { type: "boolean" },
      force: { type: "boolean" },
      print: { type: "boolean" },
    },
  });

  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  let help = false;
  let version = false;
  let allowDestructive = false;
  let dryRun = false;
  let noDatabase = false;
  let force = false;
  let print = false;
  for (const token of tokens) {
    if (token.kind === "positional") positionals.push(token.value);
    if (token.kind !== "option") continue;
    const name = token.name;
    if ((BOOLEAN_FLAGS as readonly string[]).includes(name)) {
      if (token.value !== undefined) throw userError(`--${name} takes no value.`, HELP_HINT);
      if (name === "help") help = true;
      else if (name === "version") version = true;
      else if (name === "dry-run") dryRun = true;
      else if (name === "no-database") noDatabase = true;
      else if (name === "force") force = true;
      else if (name === "print") print = true;
      else allowDestructive = true;
      continue;
    }
    if (!(STRING_FLAGS as readonly string[]).includes(name)) {
      throw userError(`Unknown option ${token.rawName.startsWith("--") ? `--${name}` : `-${name}`}.`, HELP_HINT);
    }
    if (token.value === undefined || token.value === "") {
      throw userError(`--${name} needs a value.`, `Write it as \`--${name} VALUE\` or \`--${name}=VALUE\`. ${HELP_HINT}`);
    }
    values.set(name, [...(values.get(name) ?? []), token.value]);
  }

  if (help) return { command: "help", ignore: [] };
  if (version) return { command: "version", ignore: [] };

  const [commandName, ...extra] = positionals;
  if (commandName === undefined) return { command: "help", ignore: [] };
  if (!(COMMANDS as readonly string[]).includes(commandName)) {
    throw userError(`Unknown command "${printable(commandName)}".`, `Commands: ${COMMANDS.join(", ")}. ${HELP_HINT}`);
  }
  if (commandName === "vercel") {
    const [subcommand, ...rest] = extra;
    if (subcommand === undefined || !(VERCEL_SUBCOMMANDS as readonly string[]).includes(subcommand) || rest.length > 0) {
      throw userError("`driftcheck vercel` takes one subcommand: setup.", `For example: driftcheck vercel setup --project my-app --webhook-url https://WORKER/webhooks/vercel. ${HELP_HINT}`);
    }
  } else if (commandName in SETUP_COMMANDS) {
    const [subcommand, ...rest] = extra;
    if (subcommand !== "setup" || rest.length > 0) {
      throw userError(`\`driftcheck ${commandName}\` takes one subcommand: setup.`, `For example: ${SETUP_COMMANDS[commandName]}. ${HELP_HINT}`);
    }
  } else if (extra.length > 0) {
    throw userError(`Unexpected argument after "${commandName}".`, `Every input is a flag (e.g. --database-url, --drizzle). ${HELP_HINT}`);
  }

  const single = (name: string): string | undefined => {
    const given = values.get(name);
    if (given && given.length > 1) throw userError(`--${name} was given ${given.length} times; give it once.`, HELP_HINT);
    return given?.[0];
  };

  const parsed: CliArgs = { command: commandName as Command, ignore: values.get("ignore") ?? [] };
  const databaseUrl = single("database-url");
  if (databaseUrl !== undefined) parsed.databaseUrl = databaseUrl;
  const drizzle = single("drizzle");
  if (drizzle !== undefined) parsed.drizzle = drizzle;
  const config = single("config");
  if (config !== undefined) parsed.config = config;
  const format = single("format");
  if (format !== undefined) parsed.format = oneOf("--format", format, FORMATS);
  const failOn = single("fail-on");
  if (failOn !== undefined) parsed.failOn = oneOf("--fail-on", failOn, SEVERITIES);
  const environment = single("environment");
  if (environment !== undefined) parsed.environment = oneOf("--environment", environment, ENVIRONMENTS);
  const migrationsTable = single("migrations-table");
  if (migrationsTable !== undefined) parsed.migrationsTable = parseMigrationsTable(migrationsTable, "--migrations-table");
  for (const [flag, key] of [
    ["expected", "expected"],
    ["out", "out"],
    ["scratch-url", "scratchUrl"],
    ["replay-prelude", "replayPrelude"],
    ["from", "from"],
    ["to", "to"],
    ["project", "project"],
    ["team", "team"],
    ["webhook-url", "webhookUrl"],
    ["api-url", "apiUrl"],
    ["check-name", "checkName"],
    ["baseline", "baseline"],
    ["worker-url", "workerUrl"],
    ["github-url", "githubUrl"],
    ["org", "org"],
    ["role", "role"],
  ] as const) {
    const value = single(flag);
    if (value !== undefined) parsed[key] = value;
  }
  if (allowDestructive) parsed.allowDestructive = true;
  if (dryRun) parsed.dryRun = true;
  if (noDatabase) parsed.noDatabase = true;
  if (force) parsed.force = true;
  if (print) parsed.print = true;
  const schemaFiles = values.get("schema");
  if (schemaFiles) parsed.schema = schemaFiles;
  const probeFiles = values.get("probe");
  if (probeFiles) parsed.probe = probeFiles;
  checkFlagsApply(parsed);
  return parsed;
}

/** Flags that only some commands read: a misplaced one is an error, not silently ignored. */
const COMMAND_FLAGS: Partial<Record<keyof CliArgs, { flag: string; commands: Command[] }>> = {
  expected: { flag: "--expected", commands: ["check", "fix-sql", "baseline"] },
  out: { flag: "--out", commands: ["replay"] },
  scratchUrl: { flag: "--scratch-url", commands: ["replay", "verify", "check", "fix-sql", "baseline"] },
  replayPrelude: { flag: "--replay-prelude", commands: ["replay", "verify", "check", "fix-sql", "baseline"] },
  from: { flag: "--from", commands: ["diff"] },
  to: { flag: "--to", commands: ["diff"] },
  allowDestructive: { flag: "--allow-destructive", commands: ["fix-sql"] },
  schema: { flag: "--schema", commands: ["check", "fix-sql", "baseline"] },
  probe: { flag: "--probe", commands: ["check", "baseline"] },
  databaseUrl: { flag: "--database-url", commands: ["check", "status", "fix-sql", "baseline", "neon"] },
  project: { flag: "--project", commands: ["vercel"] },
  team: { flag: "--team", commands: ["vercel"] },
  webhookUrl: { flag: "--webhook-url", commands: ["vercel"] },
  apiUrl: { flag: "--api-url", commands: ["vercel", "github"] },
  checkName: { flag: "--check-name", commands: ["vercel"] },
  dryRun: { flag: "--dry-run", commands: ["vercel"] },
  noDatabase: { flag: "--no-database", commands: ["check"] },
  baseline: { flag: "--baseline", commands: ["check", "status", "baseline"] },
  workerUrl: { flag: "--worker-url", commands: ["github"] },
  githubUrl: { flag: "--github-url", commands: ["github"] },
  org: { flag: "--org", commands: ["github"] },
  force: { flag: "--force", commands: ["github"] },
  print: { flag: "--print", commands: ["github"] },
  role: { flag: "--role", commands: ["neon"] },
};

/** Flags every check-like command reads; `driftcheck vercel setup` reads none of them. */
const CHECK_FLAGS: Partial<Record<keyof CliArgs, string>> = {
  drizzle: "--drizzle",
  format: "--format",
  failOn: "--fail-on",
  environment: "--environment",
  migrationsTable: "--migrations-table",
  config: "--config",
};

function checkFlagsApply(parsed: CliArgs): void {
  for (const [key, rule] of Object.entries(COMMAND_FLAGS)) {
    if (parsed[key as keyof CliArgs] === undefined || !rule) continue;
    if (!rule.commands.includes(parsed.command)) {
      throw userError(`${rule.flag} does not apply to \`driftcheck ${parsed.command}\` (only to ${rule.commands.join(", ")}).`, HELP_HINT);
    }
  }
  if (parsed.command === "vercel" || parsed.command === "github" || parsed.command === "neon") {
    for (const [key, flag] of Object.entries(CHECK_FLAGS)) {
      if (parsed[key as keyof CliArgs] !== undefined) throw userError(`${flag} does not apply to \`driftcheck ${parsed.command} setup\`.`, HELP_HINT);
    }
    if (parsed.ignore.length > 0) throw userError(`--ignore does not apply to \`driftcheck ${parsed.command} setup\`.`, HELP_HINT);
  }
  if (parsed.noDatabase) {
    const clash = [["databaseUrl", "--database-url"], ["schema", "--schema"], ["expected", "--expected"], ["probe", "--probe"], ["scratchUrl", "--scratch-url"]] as const;
    for (const [key, flag] of clash) {
      if (parsed[key] !== undefined) throw userError(`${flag} does not apply with --no-database (it reads no database).`, HELP_HINT);
    }
  }
  if (parsed.command === "fix-sql" && parsed.format !== undefined) {
    throw userError("--format does not apply to `driftcheck fix-sql` (it prints SQL).", HELP_HINT);
  }
}

export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw userError(`${flag} must be one of ${allowed.join(", ")} (got "${printable(value)}").`, HELP_HINT);
}

/** `schema.table`, or a bare `table` in drizzle-orm's default schema `drizzle`. */
export function parseMigrationsTable(value: string, where: string): MigrationsTableRef {
  const parts = value.split(".");
  const valid = parts.length <= 2 && parts.every((part) => part.length > 0);
  if (!valid) {
    throw userError(`${where} must be "schema.table" or "table" (got "${printable(value)}").`, 'For example: drizzle.__drizzle_migrations');
  }
  return parts.length === 2 ? { schema: parts[0]!, table: parts[1]! } : { schema: "drizzle", table: parts[0]! };
}

/** Short, single-line rendering of user input for messages. */
export function printable(value: string): string {
  const oneLine = value.replace(/\s+/g, " ");
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

/**
 * Best-effort look at `--format` in arguments that failed to parse, so `--format json` still
 * gets a JSON error report.
 */
export function sniffFormat(args: string[]): ReportFormat | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    const value = arg === "--format" ? args[i + 1] : arg.startsWith("--format=") ? arg.slice("--format=".length) : undefined;
    if (value !== undefined && (FORMATS as readonly string[]).includes(value)) return value as ReportFormat;
  }
  return undefined;
}
