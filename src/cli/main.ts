/** Composition root of the CLI: the real process wired into `run()`. */
import { run } from "./run.js";

export { run } from "./run.js";

export async function main(): Promise<number> {
  return run(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  });
}
