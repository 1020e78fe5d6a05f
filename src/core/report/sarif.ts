/**
 * SARIF 2.1.0 (`--format sarif`) for GitHub code scanning and other SARIF viewers.
 *
 *  - one rule per finding code (id = code), default level from DESIGN.md's severity;
 *  - one result per finding, level from its own severity (error → error, warning → warning,
 *    info → note), located at the migration `.sql` line that creates the object (see
 *    sarif-locate.ts), with the object path as a logical location and the fix SQL in `properties`;
 *  - artifact URIs relative to the repository root: the caller passes the drizzle folder's path
 *    from the root (`folderUri`), because only it knows the working directory;
 *  - a check that could not run is an unsuccessful invocation with the error as a notification.
 * Validated against the SARIF 2.1.0 JSON schema committed in test/schemas/.
 */
import type { CheckResult } from "../check.js";
import { FINDING_CODES, type Finding, type Severity } from "../findings.js";
import { RULES } from "./sarif-rules.js";
import { locateFinding, type LocateContext, type SarifMigration } from "./sarif-locate.js";

export type { SarifMigration } from "./sarif-locate.js";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

export interface SarifOptions {
  toolVersion: string;
  /**
   * The drizzle folder relative to the repository root, `/`-separated, no trailing slash
   * (`""` when the folder is the root); null when there is no folder (`driftcheck diff`).
   */
  folderUri: string | null;
  migrations?: SarifMigration[];
  /** The snapshot the expected schema came from, relative to the folder. */
  snapshotPath?: string | null;
  /** The journal, relative to the folder (`meta/_journal.json` for 0.x). */
  journalPath?: string | null;
}

const LEVELS: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

export function renderSarif(result: CheckResult, options: SarifOptions): string {
  const context: LocateContext = {
    migrations: options.folderUri === null ? [] : (options.migrations ?? []),
    snapshotPath: options.folderUri === null ? null : (options.snapshotPath ?? null),
    journalPath: options.folderUri === null ? null : (options.journalPath ?? null),
  };
  const rules = FINDING_CODES.map((code) => ({
    id: code,
    name: pascalCase(code),
    shortDescription: { text: RULES[code].description },
    defaultConfiguration: { level: LEVELS[RULES[code].severity] },
  }));
  const run: Record<string, unknown> = {
    tool: { driver: { name: "driftcheck", version: options.toolVersion, rules } },
    results: result.findings.map((finding) => sarifResult(finding, context, options.folderUri)),
    invocations: [invocation(result)],
  };
  const log = { $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function sarifResult(finding: Finding, context: LocateContext, folderUri: string | null): Record<string, unknown> {
  const where = folderUri === null ? null : locateFinding(finding, context);
  const logical = { fullyQualifiedName: finding.object, kind: finding.kind };
  const location: Record<string, unknown> = { logicalLocations: [logical] };
  if (where) {
    location.physicalLocation = {
      artifactLocation: { uri: joinUri(folderUri ?? "", where.path) },
      region: { startLine: where.line },
    };
  }
  const properties: Record<string, unknown> = { object: finding.object, severity: finding.severity, kind: finding.kind };
  if (finding.fixSql !== null) properties.fixSql = finding.fixSql;
  if (finding.pendingMigration !== null) properties.pendingMigration = finding.pendingMigration;
  const fix = finding.fixSql === null ? "" : `\nFix: ${finding.fixSql}`;
  return {
    ruleId: finding.code,
    ruleIndex: FINDING_CODES.indexOf(finding.code),
    level: LEVELS[finding.severity],
    message: { text: `${finding.object}: ${finding.message}${fix}` },
    locations: [location],
    // Stable across runs, so code scanning tracks one alert per object and code.
    partialFingerprints: { "driftcheckObject/v1": `${finding.code}:${finding.object}` },
    properties,
  };
}

function invocation(result: CheckResult): Record<string, unknown> {
  if (result.verdict !== "error" || !result.error) return { executionSuccessful: true };
  const hint = result.error.hint ? ` Hint: ${result.error.hint}` : "";
  return {
    executionSuccessful: false,
    toolExecutionNotifications: [{ level: "error", message: { text: `${result.error.kind} error: ${result.error.message}${hint}` } }],
  };
}

function joinUri(folder: string, path: string): string {
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  const base = folder.split("/").filter((part) => part !== "" && part !== ".").map(encodeURIComponent).join("/");
  return base === "" ? encoded : `${base}/${encoded}`;
}

function pascalCase(code: string): string {
  return code
    .toLowerCase()
    .split("_")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}
