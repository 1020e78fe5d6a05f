/**
 * `driftcheck.json` at the commit being checked (DESIGN.md "Configuration"), validated with zod
 * to the same shape as the committed JSON Schema (driftcheck.schema.json). The CLI validates that
 * file with ajv, which compiles validators with `new Function`: workerd forbids code generation,
 * so the Worker mirrors the schema here instead. Unknown properties are refused, as in the schema.
 */
import { parseJsonWithinLimits } from "../../core/input-limits.js";
import * as z from "zod";
import { userError } from "../../core/errors.js";

export const REPO_CONFIG_FILE = "driftcheck.json";

const severity = z.enum(["error", "warning", "info"]);
const name = z.string().min(1);

const EnvironmentSettings = z.strictObject({
  failOn: severity.optional(),
  onError: z.enum(["fail", "neutral"]).optional(),
  migrationsRunOnDeploy: z.boolean().optional(),
});

export const RepoConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  drizzle: name.optional(),
  migrationsTable: z.string().regex(/^[^.]+(\.[^.]+)?$/, 'must be "schema.table" or "table"').optional(),
  migrations: z.enum(["migrate", "push"]).optional(),
  neon: z
    .strictObject({
      projectId: name.optional(),
      database: name.optional(),
      role: name.optional(),
      branches: z.strictObject({ production: name.optional(), preview: name.optional() }).optional(),
    })
    .optional(),
  ignore: z.array(z.string().regex(/^(schema|table|kind|code):.+$/, "must be a rule like schema:NAME, table:GLOB, kind:KIND or code:CODE")).optional(),
  environments: z.strictObject({ production: EnvironmentSettings.optional(), preview: EnvironmentSettings.optional() }).optional(),
  probes: z.array(z.strictObject({ name: name.optional(), sql: name, paramTypes: z.array(name).optional() })).optional(),
  // Read by the CLI only (the Worker cannot replay); accepted so one file serves both.
  replay: z.strictObject({ prelude: name.optional() }).optional(),
});

export type RepoConfig = z.infer<typeof RepoConfigSchema>;

/** Parses the file's text (null when the commit has none: every default applies). */
export function parseRepoConfig(text: string | null): RepoConfig {
  if (text === null) return {};
  const value = parseJsonWithinLimits(text, REPO_CONFIG_FILE, (error) => {
    throw userError(
      `${REPO_CONFIG_FILE}: not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
      "Fix the syntax; the file must be one JSON object.",
    );
  });
  const parsed = RepoConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const at = issue.path.length === 0 ? "(top level)" : `/${issue.path.join("/")}`;
    return `${REPO_CONFIG_FILE}: ${at} ${issue.message}`;
  });
  throw userError([...new Set(problems)].join("\n"), "Fix the file to match driftcheck.schema.json (documented in docs/configuration.md).");
}
