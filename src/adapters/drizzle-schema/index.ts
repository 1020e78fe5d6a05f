/**
 * The expected schema of a push-workflow team (no migrations folder, `drizzle-kit push`),
 * derived from the TypeScript schema itself (issue 3, point 4): the schema modules are loaded
 * with jiti (as drizzle-kit loads them), drizzle-kit 0.31's own `generateDrizzleJson` turns their
 * exports into the version-7 snapshot `drizzle-kit generate` would write, and the snapshot
 * reader every other path uses maps it to the canonical model. Node-only.
 *
 * drizzle-kit is resolved from the schema's project first (so it pairs with the project's
 * drizzle-orm), then from driftcheck's own dependencies.
 *
 * drizzle-kit reports invalid schemas (e.g. duplicate constraint names) with `console.log` and
 * `process.exit(1)`. For the duration of the synchronous call both are intercepted: its messages
 * never reach stdout (where a JSON report goes), and an exit becomes a user error quoting them.
 */
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { DriftcheckError, userError } from "../../core/errors.js";
import type { CanonicalSchema } from "../../core/model.js";
import { snapshotToSchema } from "../../core/drizzle/snapshot-v7.js";
import type { SnapshotV7 } from "../../core/drizzle/snapshot-types.js";

export interface SchemaFilesOptions {
  /** Paths in messages are shown relative to it. */
  cwd: string;
  /** drizzle config `schemaFilter`: only these schemas' objects are generated. */
  schemaFilter?: string[];
  /** drizzle config `casing`, for columns declared without a name. */
  casing?: "snake_case" | "camelCase";
}

export interface SchemaFilesExpected {
  schema: CanonicalSchema;
  /** e.g. `src/db/schema.ts (drizzle-kit 0.31 generateDrizzleJson)`. */
  source: string;
  snapshot: SnapshotV7;
  /** What drizzle-kit printed while generating (e.g. skipped policies), ANSI codes removed. */
  warnings: string[];
}

type GenerateDrizzleJson = (imports: Record<string, unknown>, prevId?: string, schemaFilters?: string[], casing?: "snake_case" | "camelCase") => unknown;

export async function expectedFromSchemaFiles(files: readonly string[], options: SchemaFilesOptions): Promise<SchemaFilesExpected> {
  if (files.length === 0) throw userError("No schema file given.", "Pass --schema PATH (the file drizzle.config's `schema` points at).");
  const paths = files.map((file) => resolve(options.cwd, file));
  const labels = paths.map((path) => labelFor(options.cwd, path));
  const imports: Record<string, unknown> = {};
  for (const [index, path] of paths.entries()) {
    const exported = await loadSchemaModule(path, labels[index]!);
    // Keyed per file: two files may export the same name; drizzle-kit only reads the values.
    for (const [key, value] of Object.entries(exported)) imports[`${index}:${key}`] = value;
  }
  const generate = await loadGenerateDrizzleJson(paths[0]!);
  const label = labels.join(", ");
  const { value, printed } = interceptingExit(label, () => generate(imports, undefined, options.schemaFilter, options.casing));
  const snapshot = value as SnapshotV7;
  if (typeof snapshot !== "object" || snapshot === null || snapshot.dialect !== "postgresql" || snapshot.version !== "7") {
    throw new DriftcheckError("internal", "drizzle-kit's generateDrizzleJson did not return a PostgreSQL version-7 snapshot.", {
      hint: "driftcheck supports drizzle-kit 0.31 for --schema; check the project's drizzle-kit version.",
    });
  }
  if (Object.keys(snapshot.tables).length === 0 && Object.keys(snapshot.enums ?? {}).length === 0) {
    throw userError(`${label} exports no tables or enums.`, "Point --schema at the module(s) that export your pgTable(...) definitions.");
  }
  return {
    schema: snapshotToSchema(snapshot, label),
    source: `${label} (drizzle-kit generateDrizzleJson)`,
    snapshot,
    warnings: printed,
  };
}

async function loadSchemaModule(path: string, label: string): Promise<Record<string, unknown>> {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw userError(`Schema file ${label} does not exist.`, "Pass the TypeScript (or JavaScript) module that exports your drizzle tables.");
  }
  try {
    const { createJiti } = await import("jiti"); // loaded only when schema files are read
    const jiti = createJiti(path, { moduleCache: false, fsCache: false, interopDefault: false });
    const exported = await jiti.import(path);
    return typeof exported === "object" && exported !== null ? (exported as Record<string, unknown>) : {};
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    throw userError(`${label} could not be loaded: ${reason}`, "The schema module must load the way drizzle-kit loads it (`npx drizzle-kit push --strict` or `check`).");
  }
}

async function loadGenerateDrizzleJson(schemaPath: string): Promise<GenerateDrizzleJson> {
  let api: Record<string, unknown> | null = null;
  try {
    const fromProject = createRequire(schemaPath).resolve("drizzle-kit/api");
    api = (await import(pathToFileURL(fromProject).href)) as Record<string, unknown>;
  } catch {
    try {
      api = (await import("drizzle-kit/api")) as Record<string, unknown>;
    } catch {
      api = null;
    }
  }
  const generate = api?.generateDrizzleJson ?? (api?.default as Record<string, unknown> | undefined)?.generateDrizzleJson;
  if (typeof generate !== "function") {
    throw userError("--schema needs drizzle-kit, which could not be loaded.", "Install it in the project: npm install --save-dev drizzle-kit@0.31");
  }
  return generate as GenerateDrizzleJson;
}

class DrizzleKitExit extends Error {}

/** Runs drizzle-kit synchronously with console.log captured and process.exit turned into a throw. */
function interceptingExit<T>(label: string, work: () => T): { value: T; printed: string[] } {
  const printed: string[] = [];
  const originalLog = console.log;
  const originalExit = process.exit;
  console.log = (...args: unknown[]) => {
    printed.push(stripAnsi(args.map(String).join(" ")).trim());
  };
  process.exit = ((code?: number) => {
    throw new DrizzleKitExit(`exit ${code ?? 0}`);
  }) as typeof process.exit;
  try {
    return { value: work(), printed: printed.filter((line) => line !== "") };
  } catch (error) {
    if (error instanceof DrizzleKitExit) {
      const said = printed.filter((line) => line !== "").join(" ").replace(/\s+/g, " ");
      throw userError(`drizzle-kit rejected ${label}: ${said || "it exited without a message"}`, "Fix the schema; `drizzle-kit push` would stop there too.");
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw userError(`drizzle-kit could not read ${label}: ${reason}`, "Check that the module exports drizzle-orm pg-core tables.");
  } finally {
    console.log = originalLog;
    process.exit = originalExit;
  }
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}

function labelFor(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

