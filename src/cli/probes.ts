/**
 * Query probes for `check`: `probes` in driftcheck.json plus every `--probe FILE`. A `.sql` file
 * is one probe named after the file; a `.json` file holds a list of `{ name, sql, paramTypes? }`
 * (or `{ "probes": [...] }`). Validated here (names unique, one statement each) so a bad probe
 * fails before the database is opened.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, isAbsolute, relative, resolve } from "node:path";
import { userError } from "../core/errors.js";
import { validateProbes, type Probe } from "../core/probes.js";
import type { DriftcheckConfig } from "./config-file.js";

export function loadProbes(configProbes: DriftcheckConfig["probes"], probeFiles: readonly string[], cwd: string): Probe[] {
  const fromConfig = (configProbes ?? []).map((probe, index) => ({
    name: probe.name ?? `probe ${index + 1}`,
    sql: probe.sql,
    ...(probe.paramTypes ? { paramTypes: probe.paramTypes } : {}),
  }));
  const fromFiles = probeFiles.flatMap((file) => readProbeFile(resolve(cwd, file), labelFor(cwd, resolve(cwd, file))));
  return validateProbes([...fromConfig, ...fromFiles]);
}

function readProbeFile(path: string, label: string): Probe[] {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw userError(`Probe file ${label} does not exist.`, "Pass --probe FILE.sql (one query) or FILE.json (a list of { name, sql, paramTypes? }).");
  }
  const text = readFileSync(path, "utf8");
  if (path.endsWith(".sql")) return [{ name: basename(path), sql: text }];
  if (!path.endsWith(".json")) {
    throw userError(`Probe file ${label} must end in .sql or .json.`, "A .sql file is one query; a .json file is a list of { name, sql, paramTypes? }.");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw userError(`${label}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { probes?: unknown } | null)?.probes;
  if (!Array.isArray(list)) throw userError(`${label} must hold a list of probes (or { "probes": [...] }).`);
  return list.map((entry, index) => probeFrom(entry, `${label}: probe #${index + 1}`));
}

function probeFrom(entry: unknown, where: string): Probe {
  const record = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !["name", "sql", "paramTypes"].includes(key));
  if (unknown.length > 0) throw userError(`${where} has an unknown property "${unknown[0]}".`, "A probe is { name, sql, paramTypes? }.");
  if (typeof record.name !== "string") throw userError(`${where} needs a "name" (a string).`);
  if (typeof record.sql !== "string") throw userError(`${where} needs "sql" (a string).`);
  const paramTypes = record.paramTypes;
  if (paramTypes !== undefined && !(Array.isArray(paramTypes) && paramTypes.every((type) => typeof type === "string"))) {
    throw userError(`${where}: "paramTypes" must be a list of type names.`, 'For example: "paramTypes": ["integer", "text"].');
  }
  return { name: record.name, sql: record.sql, ...(paramTypes ? { paramTypes: paramTypes as string[] } : {}) };
}

function labelFor(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
