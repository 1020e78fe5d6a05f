/** Entry of the GitHub Action (bundled to action/dist/main.js by scripts/build-action.mjs). */
import { runAction } from "./run-action.js";

process.exitCode = await runAction({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});
