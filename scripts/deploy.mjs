#!/usr/bin/env node
/**
 * `npm run deploy`: the Worker in one step, idempotent.
 *  1. creates the D1 database(s) of wrangler.jsonc that the account lacks (`wrangler d1 list --json`,
 *     then `wrangler d1 create NAME`);
 *  2. creates every queue it names (producers, consumers, dead-letter queues); a queue that exists
 *     already is left alone;
 *  3. applies the D1 migrations remotely (`wrangler d1 migrations apply BINDING --remote`);
 *  4. `wrangler deploy` (extra arguments go to it).
 * Secrets are not set here: `wrangler secret put NAME` for each line of .dev.vars.example, or the
 * guided setups (`driftcheck github setup`, `driftcheck neon setup`).
 * DRIFTCHECK_WRANGLER overrides the wrangler command (tests use a stand-in).
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const wrangler = (process.env.DRIFTCHECK_WRANGLER ?? "npx wrangler").split(" ").filter(Boolean);

function run(args, { allowFailure = false, quiet = false } = {}) {
  if (!quiet) console.log(`$ wrangler ${args.join(" ")}`);
  const result = spawnSync(wrangler[0], [...wrangler.slice(1), ...args], { cwd: root, encoding: "utf8", stdio: quiet ? "pipe" : ["inherit", "pipe", "pipe"] });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (!quiet && output.trim()) process.stdout.write(output.endsWith("\n") ? output : `${output}\n`);
  if (result.status !== 0 && !allowFailure) {
    console.error(`driftcheck deploy: \`wrangler ${args.join(" ")}\` failed (exit ${result.status}).`);
    process.exit(1);
  }
  return { ok: result.status === 0, output, stdout: result.stdout ?? "" };
}

const { unstable_readConfig } = await import("wrangler");
const config = unstable_readConfig({ config: join(root, "wrangler.jsonc") }, {});

// 1. D1
const databases = config.d1_databases ?? [];
if (databases.length > 0) {
  const listed = run(["d1", "list", "--json"], { quiet: true });
  let existing;
  try {
    existing = new Set(JSON.parse(listed.stdout).map((database) => database.name));
  } catch {
    console.error(`driftcheck deploy: could not read \`wrangler d1 list --json\`:\n${listed.output}`);
    process.exit(1);
  }
  for (const database of databases) {
    if (existing.has(database.database_name)) console.log(`D1 database ${database.database_name}: exists`);
    else run(["d1", "create", database.database_name]);
  }
}

// 2. Queues
const queueNames = new Set([
  ...(config.queues?.producers ?? []).map((producer) => producer.queue),
  ...(config.queues?.consumers ?? []).flatMap((consumer) => [consumer.queue, consumer.dead_letter_queue]),
].filter(Boolean));
for (const name of queueNames) {
  const created = run(["queues", "create", name], { allowFailure: true, quiet: true });
  if (created.ok) console.log(`queue ${name}: created`);
  else if (/already (exists|taken)|11009/i.test(created.output)) console.log(`queue ${name}: exists`);
  else {
    console.error(`driftcheck deploy: \`wrangler queues create ${name}\` failed:\n${created.output}`);
    process.exit(1);
  }
}

// 3. D1 migrations, 4. deploy
for (const database of databases) {
  if (database.migrations_dir) run(["d1", "migrations", "apply", database.binding, "--remote"]);
}
run(["deploy", ...process.argv.slice(2)]);
console.log("driftcheck deploy: done. Secrets: `wrangler secret put NAME` for each line of .dev.vars.example (see README \"Deploy\").");
