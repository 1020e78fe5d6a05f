/**
 * Request-body schemas for the few GitHub operations driftcheck calls, taken from GitHub's
 * published OpenAPI description (`@octokit/openapi`, api.github.com.json) — not transcribed by hand.
 *
 * The description is 13 MB; parsing it costs a few hundred milliseconds, so the operations we need
 * are extracted once (with their `$ref`s resolved) into node_modules/.cache, keyed by the package
 * version, and each process reads that small file at most once, on the first validation.
 *
 * OpenAPI 3.0 schemas are nearly JSON Schema: `nullable: true` becomes a `"null"` type, and the
 * annotation keywords (`example`, `examples`, `description`, `title`, `default`, `readOnly`…) are dropped.
 */
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** operation name → [path, method] in the description. */
export const GITHUB_OPERATIONS = {
  createCheckRun: ["/repos/{owner}/{repo}/check-runs", "post"],
  updateCheckRun: ["/repos/{owner}/{repo}/check-runs/{check_run_id}", "patch"],
  createComment: ["/repos/{owner}/{repo}/issues/{issue_number}/comments", "post"],
  updateComment: ["/repos/{owner}/{repo}/issues/comments/{comment_id}", "patch"],
  createCommitStatus: ["/repos/{owner}/{repo}/statuses/{sha}", "post"],
  createInstallationToken: ["/app/installations/{installation_id}/access_tokens", "post"],
} as const;

export type GitHubOperation = keyof typeof GITHUB_OPERATIONS;
export type JsonSchema = Record<string, unknown>;

const DROPPED_KEYWORDS = new Set(["example", "examples", "description", "title", "default", "readOnly", "writeOnly", "deprecated", "externalDocs", "xml", "discriminator"]);

const require = createRequire(import.meta.url);
let loaded: Record<GitHubOperation, JsonSchema> | undefined;

/** The JSON Schema of an operation's `application/json` request body (resolved, translated). */
export function githubRequestSchema(operation: GitHubOperation): JsonSchema {
  loaded ??= loadSchemas();
  return loaded[operation];
}

function loadSchemas(): Record<GitHubOperation, JsonSchema> {
  const packageJson = require.resolve("@octokit/openapi/package.json");
  const version = (JSON.parse(readFileSync(packageJson, "utf8")) as { version: string }).version;
  const cacheFile = join(dirname(packageJson), "..", "..", ".cache", "driftcheck", `github-openapi-${version}-${cacheKey()}.json`);
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, "utf8")) as Record<GitHubOperation, JsonSchema>;

  const description = JSON.parse(readFileSync(join(dirname(packageJson), "generated", "api.github.com.json"), "utf8")) as OpenApiDocument;
  const schemas = extractSchemas(description);
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    // Write-then-rename would be nicer, but concurrent writers produce identical content anyway.
    writeFileSync(cacheFile, JSON.stringify(schemas));
  } catch {
    // A read-only node_modules only costs the parse in every process.
  }
  return schemas;
}

function cacheKey(): string {
  // Changing the list of operations (or this translation's version) must not reuse an old cache.
  const text = "v1:" + JSON.stringify(GITHUB_OPERATIONS);
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0;
  return (hash >>> 0).toString(16);
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
  components?: { schemas?: Record<string, unknown> };
}

export function extractSchemas(description: OpenApiDocument): Record<GitHubOperation, JsonSchema> {
  const out = {} as Record<GitHubOperation, JsonSchema>;
  for (const [name, [path, method]] of Object.entries(GITHUB_OPERATIONS) as [GitHubOperation, readonly [string, string]][]) {
    const schema = description.paths[path]?.[method]?.requestBody?.content?.["application/json"]?.schema;
    if (!schema) throw new Error(`@octokit/openapi has no JSON request body for ${method.toUpperCase()} ${path}`);
    out[name] = translate(schema, description, []) as JsonSchema;
  }
  return out;
}

/** Resolves `#/components/...` refs inline and turns OpenAPI 3.0 keywords into JSON Schema. */
function translate(node: unknown, description: OpenApiDocument, refStack: string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => translate(item, description, refStack));
  if (node === null || typeof node !== "object") return node;
  const object = node as Record<string, unknown>;
  if (typeof object.$ref === "string") {
    const ref = object.$ref;
    if (refStack.includes(ref)) return {}; // a recursive schema: accept anything below the cycle
    const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
    const target = name === undefined ? undefined : description.components?.schemas?.[name];
    if (target === undefined) throw new Error(`unresolvable $ref ${ref} in @octokit/openapi`);
    return translate(target, description, [...refStack, ref]);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (DROPPED_KEYWORDS.has(key) || key.startsWith("x-") || key === "nullable") continue;
    // Under `properties` the keys are property names, not keywords: keep every one.
    out[key] = key === "properties" ? Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([p, s]) => [p, translate(s, description, refStack)])) : translate(value, description, refStack);
  }
  if (object.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

/**
 * A copy of `schema` in which every object that lists its properties refuses others
 * (`additionalProperties: false`) unless the schema already says otherwise. GitHub's description
 * never closes these objects — GitHub ignores unknown fields — so this is the stand-in's own
 * strictness, to catch typos in driftcheck's requests. Properties named only in `required`
 * stay allowed.
 */
export function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (schema === null || typeof schema !== "object") return schema;
  const object = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    out[key] = key === "properties" ? Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([p, s]) => [p, closeObjects(s)])) : closeObjects(value);
  }
  if (out.properties && typeof out.properties === "object" && !("additionalProperties" in out)) {
    const properties = { ...(out.properties as Record<string, unknown>) };
    for (const name of (out.required as string[] | undefined) ?? []) properties[name] ??= {};
    out.properties = properties;
    out.additionalProperties = false;
  }
  return out;
}
