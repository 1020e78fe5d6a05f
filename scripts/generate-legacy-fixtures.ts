/**
 * Regenerates the legacy fixture folders test/fixtures-legacy/v5 and v6 with the REAL old
 * drizzle-kit releases that write PostgreSQL snapshot versions 5 and 6:
 *   npm ci --prefix tools/drizzle-kit-legacy      # once; only needed to regenerate
 *   npx tsx scripts/generate-legacy-fixtures.ts [v5|v6 ...]
 *
 * Each folder holds `schema.ts` (the committed input; FIXTURE_STEP 1..n selects the schema as of
 * each migration) and `migrations/`, drizzle-kit's output, rewritten here and committed as is.
 * drizzle-kit loads the schema with its own loader, so the schema must import the drizzle-orm it
 * accepts (0.30.10, not the project's 0.45): it is copied into tools/drizzle-kit-legacy/.work/
 * first, where Node resolves `drizzle-orm` from that install. fixed-clock.cjs pins the clock
 * (the journal's `when`) and Math.random (drizzle-kit 0.20's random tags), so a regeneration
 * only changes the snapshot ids. The script then checks that the journal and every snapshot
 * carry the expected version, so the wrong release cannot write these folders unnoticed.
 *
 * Refuses to run with CI=true: CI checks the committed files, it never rewrites them.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const KIT_DIR = path.join(ROOT, "tools", "drizzle-kit-legacy");
const FIXTURES = path.join(ROOT, "test", "fixtures-legacy");

interface Legacy {
  /** Folder under test/fixtures-legacy/ and the snapshot version its release writes. */
  folder: "v5" | "v6";
  version: "5" | "6";
  /** Package alias in tools/drizzle-kit-legacy/package.json and the release it must be. */
  alias: string;
  release: string;
  /** The generate command of that release. */
  command: string[];
  /** drizzle-kit 0.20 has no `--name`: its tags are random words (seeded, see fixed-clock.cjs). */
  acceptsName: boolean;
  /** The journal's `when` of step n is this day + (n - 1) days, 12:00 UTC. */
  firstDay: [number, number, number];
}

export const LEGACY: Legacy[] = [
  { folder: "v5", version: "5", alias: "drizzle-kit-v5", release: "0.20.18", command: ["generate:pg"], acceptsName: false, firstDay: [2024, 2, 1] },
  { folder: "v6", version: "6", alias: "drizzle-kit-v6", release: "0.21.4", command: ["generate", "--dialect", "postgresql"], acceptsName: true, firstDay: [2024, 4, 1] },
];

/** One migration per step; FIXTURE_STEP = index + 1. */
export const STEPS = ["init", "paid_at_and_payments"];

function kitBin(legacy: Legacy): string {
  const manifest = path.join(KIT_DIR, "node_modules", legacy.alias, "package.json");
  if (!existsSync(manifest)) {
    throw new Error(`${legacy.alias} is not installed: run \`npm ci --prefix tools/drizzle-kit-legacy\` first (only needed to regenerate).`);
  }
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  if (version !== legacy.release) throw new Error(`${legacy.alias} is drizzle-kit ${version}, expected ${legacy.release}: run \`npm ci --prefix tools/drizzle-kit-legacy\`.`);
  return path.join(KIT_DIR, "node_modules", legacy.alias, "bin.cjs");
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

function generate(legacy: Legacy): void {
  const bin = kitBin(legacy);
  const caseDir = path.join(FIXTURES, legacy.folder);
  const out = path.join(caseDir, "migrations");
  const workDir = path.join(KIT_DIR, ".work", legacy.folder);
  rmSync(out, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const schema = path.join(workDir, "schema.ts");
  copyFileSync(path.join(caseDir, "schema.ts"), schema);

  STEPS.forEach((name, index) => {
    const step = index + 1;
    const [year, month, day] = legacy.firstDay;
    const now = Date.UTC(year, month, day + index, 12, 0, 0);
    // Paths relative to the kit folder (the working directory): old releases prefix `./`.
    const args = [bin, ...legacy.command, "--schema", path.relative(KIT_DIR, schema), "--out", path.relative(KIT_DIR, out)];
    if (legacy.acceptsName) args.push("--name", name);
    execFileSync(process.execPath, args, {
      cwd: KIT_DIR,
      stdio: ["ignore", "pipe", "inherit"],
      env: {
        ...process.env,
        TZ: "UTC",
        FIXTURE_STEP: String(step),
        FIXTURE_NOW: String(now),
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${path.join(KIT_DIR, "fixed-clock.cjs")}`.trim(),
      },
    });
    const journal = readJson<{ entries: { tag: string; when: number }[] }>(path.join(out, "meta", "_journal.json"));
    const entry = journal.entries[index];
    if (journal.entries.length !== step || !entry || entry.when !== now || (legacy.acceptsName && !entry.tag.endsWith(`_${name}`))) {
      throw new Error(`${legacy.folder}: step ${step} (${name}) did not add journal entry ${index} at ${now}: ${JSON.stringify(journal.entries)}`);
    }
    console.log(`${legacy.folder}: ${entry.tag}`);
  });

  assertVersion(legacy, out);
}

/** The journal, its entries and every snapshot must say the version this release is chosen for. */
function assertVersion(legacy: Legacy, out: string): void {
  const journal = readJson<{ version: string; entries: { version: string }[] }>(path.join(out, "meta", "_journal.json"));
  const versions = [journal.version, ...journal.entries.map((entry) => entry.version)];
  for (const file of readdirSync(path.join(out, "meta")).filter((name) => name.endsWith("_snapshot.json"))) {
    versions.push(readJson<{ version: string }>(path.join(out, "meta", file)).version);
  }
  if (versions.some((version) => version !== legacy.version)) {
    throw new Error(`${legacy.folder}: drizzle-kit ${legacy.release} wrote versions ${JSON.stringify(versions)}, expected "${legacy.version}" everywhere.`);
  }
}

function main(): void {
  if (process.env.CI === "true") {
    console.error("generate-legacy-fixtures refuses to run with CI=true: CI checks the committed fixtures, it never rewrites them.");
    process.exit(1);
  }
  const requested = process.argv.slice(2);
  for (const name of requested) {
    if (!LEGACY.some((legacy) => legacy.folder === name)) throw new Error(`unknown legacy fixture ${name}: expected one of ${LEGACY.map((l) => l.folder).join(", ")}`);
  }
  for (const legacy of LEGACY) {
    if (requested.length === 0 || requested.includes(legacy.folder)) generate(legacy);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
