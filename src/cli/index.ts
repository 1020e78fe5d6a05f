export { run, type CliIo } from "./run.js";
export { main } from "./main.js";
export { runCheckCommand, type CheckDeps, type CommandOutcome } from "./check-command.js";
export { parseCliArgs, type CliArgs } from "./args.js";
export { exitCodeFor, EXIT_OK, EXIT_FINDINGS, EXIT_COULD_NOT_RUN } from "./exit-codes.js";
