/**
 * `npm run deploy` (scripts/deploy.mjs) against a stand-in wrangler (test/support/wrangler-stand-in.mjs):
 * on an empty account it creates the D1 database and both queues, applies the D1 migrations and
 * deploys; run again, it creates nothing; a failed step fails the script. Also: wrangler.jsonc,
 * .dev.vars.example and package.json `cloudflare.bindings` agree with the Worker's settings.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");
const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "driftcheck-deploy-"));
const statePath = join(dir, "state.json");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface State {
  d1: string[];
  queues: string[];
  calls: string[];
  failDeploy?: boolean;
}

async function deploy(state: State): Promise<{ code: number; output: string; state: State }> {
  writeFileSync(statePath, JSON.stringify(state));
  const env = { ...process.env, WRANGLER_STATE: statePath, DRIFTCHECK_WRANGLER: `${process.execPath} ${join(ROOT, "test", "support", "wrangler-stand-in.mjs")}` };
  try {
    const { stdout, stderr } = await exec(process.execPath, [join(ROOT, "scripts", "deploy.mjs")], { cwd: ROOT, env });
    return { code: 0, output: stdout + stderr, state: JSON.parse(readFileSync(statePath, "utf8")) as State };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr, state: JSON.parse(readFileSync(statePath, "utf8")) as State };
  }
}

describe("npm run deploy", () => {
  it("creates the missing D1 database and queues, applies the migrations, then deploys", async () => {
    const { code, state, output } = await deploy({ d1: [], queues: [], calls: [] });
    expect(output).not.toContain("failed");
    expect(code).toBe(0);
    expect(state.calls).toEqual([
      "d1 list --json",
      "d1 create driftcheck",
      "queues create driftcheck-checks",
      "queues create driftcheck-checks-dlq",
      "d1 migrations apply DB --remote",
      "deploy",
    ]);
    expect(state.d1).toEqual(["driftcheck"]);
    expect(state.queues.sort()).toEqual(["driftcheck-checks", "driftcheck-checks-dlq"]);
  }, 60_000);

  it("is idempotent: an account that has everything gets migrations and a deploy only", async () => {
    const { code, state, output } = await deploy({ d1: ["driftcheck"], queues: ["driftcheck-checks", "driftcheck-checks-dlq"], calls: [] });
    expect(code).toBe(0);
    expect(state.calls.filter((call) => call.startsWith("d1 create"))).toEqual([]);
    expect(state.d1).toEqual(["driftcheck"]);
    expect(output).toContain("queue driftcheck-checks: exists");
    expect(state.calls.slice(-2)).toEqual(["d1 migrations apply DB --remote", "deploy"]);
  }, 60_000);

  it("fails when wrangler deploy fails", async () => {
    const { code, output } = await deploy({ d1: ["driftcheck"], queues: [], calls: [], failDeploy: true });
    expect(code).toBe(1);
    expect(output).toContain("`wrangler deploy` failed");
  }, 60_000);
});

describe("the Deploy to Cloudflare files", () => {
  const configSource = readFileSync(join(ROOT, "src", "worker", "config.ts"), "utf8");
  const schemaBlock = configSource.slice(configSource.indexOf("const EnvSchema = z.object({"), configSource.indexOf("});", configSource.indexOf("const EnvSchema")));
  const settings = [...schemaBlock.matchAll(/^ {2}([A-Z][A-Z0-9_]+): (.*)$/gm)].map(([, name, rest]) => ({ name: name!, optional: /\.(optional|default)\(/.test(rest!) || /z\.preprocess/.test(rest!) }));
  const wranglerVars = Object.keys((JSON.parse(readFileSync(join(ROOT, "wrangler.jsonc"), "utf8").replace(/^\s*\/\/.*$/gm, "")) as { vars: Record<string, string> }).vars);
  const exampleKeys = readFileSync(join(ROOT, ".dev.vars.example"), "utf8").split("\n").filter((line) => /^[A-Z]/.test(line)).map((line) => line.slice(0, line.indexOf("=")));
  const bindings = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { cloudflare: { bindings: Record<string, { description: string }> } }).cloudflare.bindings;

  it("lists every required setting that is not a var in .dev.vars.example, and nothing the Worker does not read", () => {
    expect(settings.length).toBeGreaterThan(20);
    const required = settings.filter((s) => !s.optional && !wranglerVars.includes(s.name)).map((s) => s.name);
    expect(required.filter((name) => !exampleKeys.includes(name))).toEqual([]);
    expect(exampleKeys.filter((name) => !settings.some((s) => s.name === name))).toEqual([]);
  });

  it("describes every secret and binding in package.json cloudflare.bindings", () => {
    for (const name of [...exampleKeys, "PUBLIC_URL", "DB", "CHECKS", "CHECKS_DLQ"]) expect(bindings[name]?.description.length ?? 0, name).toBeGreaterThan(20);
  });

  it("names the D1 database without an account-specific id (the Deploy button and wrangler provision it by name)", () => {
    const config = JSON.parse(readFileSync(join(ROOT, "wrangler.jsonc"), "utf8").replace(/^\s*\/\/.*$/gm, "")) as { d1_databases: Record<string, string>[] };
    expect(config.d1_databases).toEqual([{ binding: "DB", database_name: "driftcheck", migrations_dir: "drizzle" }]);
  });
});
