/**
 * `npm run demo`: the motivating failure, reproduced and caught.
 *
 * 1. Start embedded PGlite (Postgres in WASM, nothing to install).
 * 2. Apply every migration of examples/soundcloud except the last one, with drizzle-orm's own
 *    migrator, exactly as a deploy that "forgot" to migrate would leave production.
 * 3. Run `driftcheck check` through the CLI's own command function (same settings resolution,
 *    drizzle.config.ts loading, pipeline and report) with the PGlite executor injected.
 *
 * The check itself exits 2 (the drift is the point); the demo exits 0 when driftcheck reported
 * COLUMN_MISSING for soundcloud_tracks.updated_at with the pending migration and fix SQL, and 1
 * otherwise. Extra arguments are passed to the check: `npm run demo -- --format json`.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { openPGlite } from "../src/adapters/pglite/index.js";
import { parseCliArgs } from "../src/cli/args.js";
import { runCheckCommand } from "../src/cli/check-command.js";
import { loadDrizzleConfig } from "../src/cli/drizzle-config.js";
import { EXIT_FINDINGS } from "../src/cli/exit-codes.js";

const EXPECTED_OBJECT = "soundcloud_tracks.updated_at";

async function demo(): Promise<number> {
  const example = join(dirname(fileURLToPath(import.meta.url)), "..", "examples", "soundcloud");
  const config = await loadDrizzleConfig(example);
  const folder = config?.out ?? join(example, "drizzle");
  const journal = JSON.parse(readFileSync(join(folder, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
  const last = journal.entries.at(-1);
  if (!last) throw new Error(`${folder} has no migrations`);

  // The migrator applies whatever its journal lists: give it a copy that stops before the last entry.
  const partial = mkdtempSync(join(tmpdir(), "driftcheck-demo-"));
  const { db, executor } = await openPGlite();
  try {
    cpSync(folder, partial, { recursive: true });
    writeFileSync(join(partial, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, -1) }, null, 2));
    await migrate(drizzle(db), { migrationsFolder: partial });
    const args = parseCliArgs(["check", ...process.argv.slice(2)]);
    const write = (text: string) => process.stdout.write(text);
    // Narration goes to stdout only for the text report, so `--format json` stays parseable.
    const narrate = (text: string) => (args.format === undefined || args.format === "text" ? write(text) : process.stderr.write(text));
    narrate(
      `driftcheck demo: PGlite migrated with drizzle-orm's migrator through ${journal.entries.length - 1} of ` +
        `${journal.entries.length} migrations of examples/soundcloud; "${last.tag}" never ran.\n` +
        `Running: ${["driftcheck check", ...process.argv.slice(2)].join(" ")}\n\n`,
    );

    const { exitCode, result } = await runCheckCommand(
      args,
      {
        stdout: write,
        stderr: (text) => process.stderr.write(text),
        env: process.env,
        cwd: example,
        isTTY: process.stdout.isTTY === true,
      },
      { executor },
    );

    const caught = result?.findings.find(
      (finding) =>
        finding.code === "COLUMN_MISSING" &&
        (finding.object === EXPECTED_OBJECT || finding.object.endsWith(`.${EXPECTED_OBJECT}`)) &&
        finding.pendingMigration === last.tag &&
        finding.fixSql !== null,
    );
    if (exitCode === EXIT_FINDINGS && caught) {
      process.stderr.write(
        `\ndriftcheck demo: as expected, the check failed (driftcheck exits ${exitCode}) with COLUMN_MISSING ${EXPECTED_OBJECT}, ` +
          `pending migration ${last.tag}. The demo itself exits 0.\n`,
      );
      return 0;
    }
    process.stderr.write(
      `\ndriftcheck demo: UNEXPECTED — driftcheck exited ${exitCode} without reporting COLUMN_MISSING ${EXPECTED_OBJECT} ` +
        `attributed to ${last.tag} with fix SQL.\n`,
    );
    return 1;
  } finally {
    await executor.close?.();
    rmSync(partial, { recursive: true, force: true });
  }
}

process.exitCode = await demo();
