/**
 * Regenerates the drizzle-kit 0.31 migrations of every golden fixture (or the ones named):
 *   npx tsx scripts/generate-fixtures.ts [case ...]
 *
 * A case folder `test/fixtures/<case>/` holds its steps, applied in order into `migrations/`:
 *   - `schema.ts`                         one step, or
 *   - `schema.<n>[.<name>].ts`            `drizzle-kit generate` of that schema version;
 *   - `custom.<n>[.<name>].sql`           `drizzle-kit generate --custom` (the snapshot is copied
 *                                         from the previous step) filled with this SQL, for what
 *                                         drizzle cannot declare (e.g. partitioned tables).
 * `<name>` becomes the migration tag (`0001_<name>`), so tags are stable across regenerations.
 * A schema step that makes drizzle-kit ask (a table rename) has a sibling `<step file>.answers`:
 * one key per line (`down`, `up`, `enter`) typed into drizzle-kit's prompt through a
 * pseudo-terminal (util-linux `script`), since drizzle-kit only asks on a TTY.
 * No drizzle.config.ts is needed: dialect, schema and out are passed as flags.
 * `"prefix"` in the case's fixture.json is passed as `--prefix` (drizzle-kit's `migrations.prefix`);
 * then drizzle-kit runs with its clock pinned (tools/drizzle-kit-1/fixed-clock.cjs), one minute
 * per step, so timestamp and unix tags and snapshot names are stable too.
 *
 * Refuses to run with CI=true: CI checks the committed files, it never rewrites them.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURES = path.join(ROOT, "test", "fixtures");
const DRIZZLE_KIT = path.join(ROOT, "node_modules", ".bin", "drizzle-kit");
const DRIZZLE_KIT_BIN = path.join(ROOT, "node_modules", "drizzle-kit", "bin.cjs");
const FIXED_CLOCK = path.join(ROOT, "tools", "drizzle-kit-1", "fixed-clock.cjs");
/** 2026-05-28T20:26:40Z: the pinned clock of the first step of a case with a prefix. */
const PREFIX_CASES_NOW = 1_780_000_000_000;

interface Step {
  order: number;
  kind: "schema" | "custom";
  file: string;
  name: string;
}

export function caseSteps(caseDir: string): Step[] {
  const steps: Step[] = [];
  for (const file of readdirSync(caseDir)) {
    const match = /^(schema|custom)\.(\d+)(?:\.([a-z0-9_]+))?\.(ts|sql)$/.exec(file);
    if (!match) continue;
    const [, kind, order, name, ext] = match;
    if ((kind === "schema") !== (ext === "ts")) throw new Error(`${caseDir}/${file}: schema steps are .ts, custom steps .sql`);
    steps.push({ order: Number(order), kind: kind as Step["kind"], file, name: name ?? `step${order}` });
  }
  if (steps.length === 0 && existsSync(path.join(caseDir, "schema.ts"))) {
    steps.push({ order: 0, kind: "schema", file: "schema.ts", name: "init" });
  }
  steps.sort((a, b) => a.order - b.order);
  if (steps[0]?.kind !== "schema") throw new Error(`${caseDir}: the first step must be a schema`);
  return steps;
}

function generateCase(caseName: string): void {
  const caseDir = path.join(FIXTURES, caseName);
  const out = path.join(caseDir, "migrations");
  rmSync(out, { recursive: true, force: true });
  const optionsPath = path.join(caseDir, "fixture.json");
  const prefix = existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, "utf8")) as { prefix?: string }).prefix : undefined;
  let lastSchema = "";
  for (const step of caseSteps(caseDir)) {
    if (step.kind === "schema") lastSchema = path.join(caseDir, step.file);
    // drizzle-kit prefixes `./` to --out, so both paths are given relative to the repo root.
    const args = ["generate", "--dialect", "postgresql", "--schema", path.relative(ROOT, lastSchema), "--out", path.relative(ROOT, out), "--name", step.name];
    if (step.kind === "custom") args.push("--custom");
    const answers = path.join(caseDir, `${step.file}.answers`);
    if (existsSync(answers)) runAnswering(args, readFileSync(answers, "utf8"));
    else if (prefix === undefined) execFileSync(DRIZZLE_KIT, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    else {
      execFileSync(process.execPath, ["--require", FIXED_CLOCK, DRIZZLE_KIT_BIN, ...args, "--prefix", prefix], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, FIXTURE_NOW: String(PREFIX_CASES_NOW + step.order * 60_000) },
      });
    }
    const journal = JSON.parse(readFileSync(path.join(out, "meta", "_journal.json"), "utf8")) as {
      entries: { tag: string }[];
    };
    const tag = journal.entries.at(-1)?.tag;
    if (!tag || !tag.endsWith(`_${step.name}`)) {
      throw new Error(`${caseName}: step ${step.file} generated no migration (identical to the previous step, or drizzle-kit wanted to ask about a rename: never add and drop columns of one table in the same step)`);
    }
    if (step.kind === "custom") writeFileSync(path.join(out, `${tag}.sql`), readFileSync(path.join(caseDir, step.file), "utf8"));
    console.log(`${caseName}: ${tag}`);
  }
}

const KEYS: Record<string, string> = { down: "\u001b[B", up: "\u001b[A", enter: "\r" };

/** drizzle-kit under a pseudo-terminal, the keys typed after its prompt has had time to appear. */
function runAnswering(args: string[], answers: string): void {
  const keys = answers.split("\n").map((line) => line.trim()).filter(Boolean).map((key) => {
    const code = KEYS[key];
    if (code === undefined) throw new Error(`unknown key "${key}" in an .answers file (use down, up, enter)`);
    return code;
  });
  const quoted = [DRIZZLE_KIT, ...args].map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(" ");
  const typing = keys.map((code) => `sleep 1; printf '${code.replace(/\u001b/g, "\\033").replace(/\r/g, "\\r")}'`).join("; ");
  execFileSync("sh", ["-c", `(sleep 6; ${typing}; sleep 6) | script -qfec ${JSON.stringify(quoted)} /dev/null`], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
}

function main(): void {
  if (process.env.CI === "true") {
    console.error("generate-fixtures refuses to run with CI=true: CI checks the committed fixtures, it never rewrites them.");
    process.exit(1);
  }
  const requested = process.argv.slice(2);
  const cases = requested.length > 0 ? requested : readdirSync(FIXTURES).filter((name) => !name.startsWith("."));
  for (const name of cases) {
    if (!existsSync(path.join(FIXTURES, name))) throw new Error(`no fixture folder test/fixtures/${name}`);
    generateCase(name);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
