/**
 * The pipeline: read the drizzle folder, introspect the database in one round trip, compare,
 * attribute findings to pending migrations, apply the team's policy, produce a verdict.
 * Never a silent pass: anything that stops the comparison yields verdict `error`.
 */
import type { CanonicalSchema } from "./model.js";
import type { Finding, Severity, Verdict } from "./findings.js";
import type { FileSource, ReadOnlyExecutor } from "./port.js";
import type { DatabaseInfo, MigrationsTableRef } from "./introspect/types.js";
import type { DrizzleFolder } from "./drizzle/types.js";
import type { MigrationStatus } from "./migrations/types.js";
import type { BaselineOutcome } from "./baseline.js";
import { errorToJson, type ErrorKind } from "./errors.js";
import { introspectWith } from "./introspect/index.js";
import { parseProbeResults, probeFindings, probeStatements, validateProbes, type Probe } from "./probes.js";
import { readDrizzleFolder } from "./drizzle/index.js";
import { unusableSnapshots } from "./drizzle/snapshot-files.js";
import { checkedFolderFindings, relaxUnsnapshotted } from "./drizzle/unsnapshotted.js";
import { migrationStatus, migrationsThatWillRun } from "./migrations/status.js";
import { diffSchemas } from "./diff/index.js";
import { attributePendingMigrations, attributionSnapshotTags } from "./attribution.js";
import { applyPolicy, compareFindings, type PolicyOptions } from "./policy.js";
import { verifyHintApplies, withVerifyHint } from "./verify/hint.js";

export const RESULT_FORMAT_VERSION = 1;

export interface CheckOptions {
  /** `check` compares schemas and migrations; `status` reports migration findings only. */
  mode: "check" | "status";
  environment: "production" | "preview";
  failOn: Severity;
  /** Ignore rules: `schema:NAME`, `table:GLOB`, `kind:KIND`, `code:CODE`. */
  ignore: string[];
  /** `push` teams have no migrations table: migration findings become info / are skipped. */
  migrations: "migrate" | "push";
  migrationsRunOnDeploy: boolean;
  migrationsTable: MigrationsTableRef;
  /** drizzle config `schemaFilter`: only these schemas are compared. */
  includeSchemas?: string[];
  /** drizzle config `tablesFilter`: globs on table names; others are left out. */
  tablesFilter?: string[];
  timeoutMs: number;
  /** Queries that must still compile (QUERY_PROBE_FAILED); prepared in the same round trip, `check` mode only. */
  probes?: Probe[];
}

export interface CheckInput {
  database: ReadOnlyExecutor;
  /** Where the expected schema comes from. */
  expected:
    | { kind: "folder"; files: FileSource }
    | {
        kind: "schema";
        schema: CanonicalSchema;
        source: string;
        /**
         * The drizzle folder, already read, when the expected schema comes from elsewhere (replay,
         * a JSON file): migration status and pending-migration attribution still come from it.
         */
        folder?: DrizzleFolder;
        /** Why this expected schema was chosen (`--expected auto`), shown in the report. */
        note?: string;
      };
  options: CheckOptions;
  /** Injected clock for timings (ms); defaults to Date.now. */
  now?: () => number;
}

export interface CheckSummary {
  error: number;
  warning: number;
  info: number;
  total: number;
  failOn: Severity;
  /** Findings listed in driftcheck.baseline.json (counted above too; they never fail the check). */
  known?: number;
}

export interface CheckResult {
  formatVersion: typeof RESULT_FORMAT_VERSION;
  verdict: Verdict;
  summary: CheckSummary;
  findings: Finding[];
  migrations: MigrationStatus | null;
  database: DatabaseInfo | null;
  expected: { source: string; layout: "0.x" | "1.x" | "json"; expectedFrom: string | null; migrations: number; note?: string } | null;
  error?: { kind: ErrorKind; message: string; hint?: string; code?: string };
  /** Present when a baseline file was applied: known findings and entries fixed since. */
  baseline?: BaselineOutcome;
  timings: { readMs: number; introspectMs: number; compareMs: number; totalMs: number };
}

export const DEFAULT_OPTIONS: CheckOptions = {
  mode: "check",
  environment: "production",
  failOn: "error",
  ignore: [],
  migrations: "migrate",
  migrationsRunOnDeploy: false,
  migrationsTable: { schema: "drizzle", table: "__drizzle_migrations" },
  timeoutMs: 15_000,
};

export async function runCheck(input: CheckInput): Promise<CheckResult> {
  const now = input.now ?? (() => Date.now());
  const options = input.options;
  const started = now();
  const timings = { readMs: 0, introspectMs: 0, compareMs: 0, totalMs: 0 };
  let folder: DrizzleFolder | null = null;
  let expectedInfo: CheckResult["expected"] = null;
  let database: DatabaseInfo | null = null;
  let migrations: MigrationStatus | null = null;

  try {
    let expected: CanonicalSchema;
    if (input.expected.kind === "folder") {
      folder = await readDrizzleFolder(input.expected.files);
      expected = folder.expected;
      expectedInfo = {
        source: folder.source,
        layout: folder.layout,
        expectedFrom: folder.expectedFrom,
        migrations: folder.migrations.length,
      };
    } else {
      expected = input.expected.schema;
      folder = input.expected.folder ?? null;
      const ownSnapshot = folder !== null && expected === folder.expected;
      expectedInfo = {
        source: input.expected.source,
        // The folder's own snapshot handed over already read: described as the folder's.
        layout: ownSnapshot ? folder!.layout : "json",
        expectedFrom: ownSnapshot ? folder!.expectedFrom : null,
        migrations: folder?.migrations.length ?? 0,
      };
      if (input.expected.note !== undefined) expectedInfo.note = input.expected.note;
    }
    // The folder's snapshot is the expected schema (read here, or read earlier and passed in, as
    // the Worker and `--expected auto` do): it must be one that can be trusted, never nothing.
    const expectedIsFolders = folder !== null && (input.expected.kind === "folder" || input.expected.schema === folder.expected);
    if (folder && expectedIsFolders && options.mode === "check") {
      const unusable = unusableSnapshots(folder);
      if (unusable) throw unusable;
    }
    timings.readMs = now() - started;

    const probes = options.mode === "check" ? validateProbes(options.probes ?? []) : [];
    const introspectStarted = now();
    const { introspection: actual, extraResults } = await introspectWith(input.database, {
      migrationsTable: options.migrationsTable,
      ...(options.includeSchemas ? { includeSchemas: options.includeSchemas } : {}),
      excludeSchemas: ignoredSchemas(options.ignore),
      timeoutMs: options.timeoutMs,
    }, probes.length > 0 ? probeStatements(probes) : []);
    database = actual.database;
    timings.introspectMs = now() - introspectStarted;

    const compareStarted = now();
    const findings: Finding[] = [];
    if (folder) {
      const status = migrationStatus(folder, actual.migrationsTable, { migrations: options.migrations });
      migrations = status.status;
      findings.push(...status.findings);
      // Folder findings about the snapshots apply when the expected schema is the folder's own.
      if (options.mode === "check") findings.push(...checkedFolderFindings(folder.findings, { expectedIsSnapshot: expectedIsFolders, pending: status.status.pending }));
    }
    if (options.mode === "check") {
      const schemaFindings = diffSchemas(expected, actual.schema, {
        defaultOpclasses: actual.defaultOpclasses,
        ...(options.tablesFilter ? { tablesFilter: options.tablesFilter } : {}),
      });
      // Only migrations the migrator will actually run can fix a finding; SKIPPED ones never run.
      // An unreadable table leaves entries "unknown", so nothing is credited from it.
      const willRun = migrationsThatWillRun(migrations);
      // Older snapshots are read only now, and only those attribution compares (issue 12).
      if (folder?.loadSnapshots) await folder.loadSnapshots(attributionSnapshotTags(schemaFindings, folder, willRun));
      const attributed = folder ? attributePendingMigrations(schemaFindings, folder, willRun) : schemaFindings;
      // The expected schema is the folder's own snapshot: a stale one relaxes what the
      // snapshot-less migrations changed (at most a warning); a complete one on a fully migrated
      // database points to `verify` (the folder may disagree with itself).
      const relaxed = folder && expectedIsFolders ? relaxUnsnapshotted(attributed, folder.findings) : attributed;
      findings.push(...(folder && expectedIsFolders && verifyHintApplies(folder, migrations) ? withVerifyHint(relaxed) : relaxed));
    }
    if (probes.length > 0) findings.push(...probeFindings(parseProbeResults(extraResults, probes)));
    const decided = decideFindings(findings, { ignore: options.ignore, failOn: options.failOn, migrationsRunOnDeploy: options.migrationsRunOnDeploy });
    timings.compareMs = now() - compareStarted;
    timings.totalMs = now() - started;
    return {
      formatVersion: RESULT_FORMAT_VERSION,
      ...decided,
      migrations,
      database,
      expected: expectedInfo,
      timings,
    };
  } catch (error) {
    timings.totalMs = now() - started;
    return {
      formatVersion: RESULT_FORMAT_VERSION,
      verdict: "error",
      summary: summarize([], options.failOn),
      findings: [],
      migrations,
      database,
      expected: expectedInfo,
      error: errorToJson(error),
      timings,
    };
  }
}

function ignoredSchemas(rules: string[]): string[] {
  return rules.filter((rule) => rule.startsWith("schema:")).map((rule) => rule.slice("schema:".length));
}

/** The policy applied, the findings in report order, and their summary: what every result carries. */
export function decideFindings(findings: Finding[], policy: PolicyOptions): Pick<CheckResult, "verdict" | "summary" | "findings"> {
  const decided = applyPolicy(findings, policy);
  const sorted = decided.findings.sort(compareFindings);
  return { verdict: decided.verdict, summary: summarize(sorted, policy.failOn), findings: sorted };
}

export function summarize(findings: Finding[], failOn: Severity): CheckSummary {
  const summary: CheckSummary = { error: 0, warning: 0, info: 0, total: findings.length, failOn };
  for (const finding of findings) summary[finding.severity] += 1;
  return summary;
}
