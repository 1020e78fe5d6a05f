/**
 * `driftcheck verify [--drizzle DIR] [--scratch-url URL] [--replay-prelude FILE]`: the folder
 * checked against itself (see core/verify). Replays the migrations up to the newest snapshot's on
 * a scratch database and compares with that snapshot. No database URL: nothing but the folder
 * (and the scratch database) is read. Exit codes as `check`: 0 pass, 2 findings at or above
 * --fail-on, 1 could not run.
 */
import { DEFAULT_OPTIONS, type CheckResult } from "../core/check.js";
import { userError } from "../core/errors.js";
import { readDrizzleFolder, type DrizzleFolder } from "../core/drizzle/index.js";
import { verifyFolder } from "../core/verify/index.js";
import { createDiskFileSource } from "../adapters/fs/index.js";
import type { CliArgs } from "./args.js";
import { scrubbedIo, type CommandOutcome } from "./check-command.js";
import { exitCodeFor } from "./exit-codes.js";
import { assertDrizzleFolder } from "./expected-source.js";
import { writeLine, type CliIo } from "./io.js";
import { replayFolder, type ReplayDeps } from "./replay-folder.js";
import { errorResult, printResult } from "./report-output.js";
import { sarifOptions } from "./sarif-output.js";
import { resolveSettings, type ResolvedSettings } from "./settings.js";

export async function runVerifyCommand(args: CliArgs, rawIo: CliIo, deps: ReplayDeps = {}): Promise<CommandOutcome> {
  const io = scrubbedIo(args, rawIo);
  let settings: ResolvedSettings | null = null;
  let folder: DrizzleFolder | null = null;
  let result: CheckResult;
  try {
    settings = await resolveSettings(args, io.env, io.cwd, (message) => writeLine(io.stderr, message));
    const label = assertDrizzleFolder(settings, io.cwd);
    const started = Date.now();
    folder = await readDrizzleFolder(createDiskFileSource(settings.drizzleDir, label));
    const newest = folder.expectedFrom;
    if (newest === null) {
      throw userError(`${label} has no snapshot to verify the migrations against.`, "verify compares the migrations' SQL with the newest meta/*_snapshot.json; run `npx drizzle-kit generate` to write one.");
    }
    const after = folder.migrations.length - 1 - folder.migrations.findIndex((migration) => migration.tag === newest);
    if (after > 0) {
      writeLine(io.stderr, `driftcheck: note: the newest snapshot is ${newest}'s; the ${after} later migration${after === 1 ? "" : "s"} without one ${after === 1 ? "is" : "are"} not verified.`);
    }
    const replayed = await replayFolder(settings, label, args.scratchUrl, io, deps, { folder, upTo: newest });
    const replayedAt = Date.now();
    result = verifyFolder({
      folder,
      replayed,
      options: {
        failOn: settings.options.failOn,
        ignore: settings.options.ignore,
        ...(settings.options.tablesFilter ? { tablesFilter: settings.options.tablesFilter } : {}),
      },
    });
    const done = Date.now();
    result.timings = { readMs: 0, introspectMs: replayedAt - started, compareMs: done - replayedAt, totalMs: done - started };
  } catch (error) {
    result = errorResult(error, settings?.options.failOn ?? args.failOn ?? DEFAULT_OPTIONS.failOn);
  }
  const format = settings?.format ?? args.format ?? "text";
  const sarif = format === "sarif" ? sarifOptions(io.cwd, settings?.drizzleDir ?? null, folder) : undefined;
  printResult(result, format, io, sarif);
  return { exitCode: exitCodeFor(result.verdict), result };
}
