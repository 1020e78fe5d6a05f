/**
 * `driftcheck replay --drizzle DIR [--out FILE] [--scratch-url URL]`: replay the folder's
 * migrations on a scratch database and write the resulting canonical schema as an
 * expected-schema document (see expected-file.ts) to FILE or stdout.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { userError } from "../core/errors.js";
import { plural } from "../core/report/describe.js";
import type { CliArgs } from "./args.js";
import { scrubbedIo } from "./check-command.js";
import { EXIT_COULD_NOT_RUN, EXIT_OK } from "./exit-codes.js";
import { expectedDocument } from "./expected-file.js";
import { assertDrizzleFolder } from "./expected-source.js";
import { writeLine, type CliIo } from "./io.js";
import { replayFolder, type ReplayDeps } from "./replay-folder.js";
import { errorResult, printError } from "./report-output.js";
import { resolveSettings } from "./settings.js";
import { packageVersion } from "./usage.js";

export async function runReplayCommand(args: CliArgs, rawIo: CliIo, deps: ReplayDeps = {}): Promise<number> {
  const io = scrubbedIo(args, rawIo);
  try {
    if (args.format !== undefined) throw userError("--format does not apply to `driftcheck replay` (it writes the expected-schema JSON).");
    const settings = await resolveSettings(args, io.env, io.cwd, (message) => writeLine(io.stderr, message));
    const label = assertDrizzleFolder(settings, io.cwd);
    const replayed = await replayFolder(settings, label, args.scratchUrl, io, deps);
    const text = `${JSON.stringify(expectedDocument(replayed.schema, replayed.source, `driftcheck ${packageVersion()}`), null, 2)}\n`;
    if (args.out === undefined) {
      io.stdout(text);
    } else {
      writeFileSync(resolve(io.cwd, args.out), text);
      const tables = Object.keys(replayed.schema.tables).length;
      writeLine(io.stderr, `driftcheck: replayed ${plural(replayed.folder.migrations.length, "migration")} (${plural(tables, "table")}) into ${args.out}`);
    }
    return EXIT_OK;
  } catch (error) {
    printError(errorResult(error, "error"), io);
    return EXIT_COULD_NOT_RUN;
  }
}
