#!/usr/bin/env node
/**
 * A stand-in for the `wrangler` commands scripts/deploy.mjs runs, over a JSON state file
 * (WRANGLER_STATE): D1 databases and queues of a pretend account, and every call in order.
 * Answers like wrangler does where the script reads the answer: `d1 list --json` prints JSON,
 * `queues create` of an existing queue fails with Cloudflare's "already taken" error,
 * `secret list --format json` lists names, `secret put NAME` reads the value from stdin.
 */
import { readFileSync, writeFileSync } from "node:fs";

const statePath = process.env.WRANGLER_STATE;
const state = JSON.parse(readFileSync(statePath, "utf8"));
const args = process.argv.slice(2);
state.calls.push(args.join(" "));
const save = () => writeFileSync(statePath, JSON.stringify(state, null, 2));
let code = 0;
const [group, verb, name] = args;
if (group === "d1" && verb === "list") {
  process.stdout.write(JSON.stringify(state.d1.map((n) => ({ uuid: `uuid-${n}`, name: n }))));
} else if (group === "d1" && verb === "create") {
  state.d1.push(name);
  process.stdout.write(`✅ Successfully created DB '${name}'\n`);
} else if (group === "queues" && verb === "create") {
  if (state.queues.includes(name)) {
    process.stderr.write(`✘ [ERROR] A request to the Cloudflare API failed. Queue name '${name}' is already taken. Please use a different name and try again. [code: 11009]\n`);
    code = 1;
  } else {
    state.queues.push(name);
    process.stdout.write(`Created queue ${name}.\n`);
  }
} else if (group === "d1" && verb === "migrations") {
  if (!state.d1.length) code = 1;
} else if (group === "secret" && verb === "list") {
  process.stdout.write(JSON.stringify(Object.keys(state.secrets ?? {}).map((n) => ({ name: n, type: "secret_text" }))));
} else if (group === "secret" && verb === "put") {
  state.secrets = { ...(state.secrets ?? {}), [name]: readFileSync(0, "utf8") };
  process.stdout.write(`✨ Success! Uploaded secret ${name}\n`);
} else if (group === "deploy") {
  if (state.failDeploy) code = 1;
} else {
  process.stderr.write(`stand-in wrangler: unexpected command ${args.join(" ")}\n`);
  code = 2;
}
save();
process.exit(code);
