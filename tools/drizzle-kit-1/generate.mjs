#!/usr/bin/env node
/**
 * Regenerates the drizzle-kit 1.x fixture folders under test/fixtures-1x/ by running the real
 * `drizzle-kit generate` once per migration step.
 *
 *   node tools/drizzle-kit-1/generate.mjs            # snapshot v9 (drizzle-kit 1.0.0-rc.5, this folder)
 *   node tools/drizzle-kit-1/generate.mjs --v8       # snapshot v8 (drizzle-kit 1.0.0-rc.4, ../drizzle-kit-1-v8)
 *
 * drizzle-kit must load schemas that import the SAME drizzle-orm major it was built against, so
 * each case file is copied into the kit folder's own `.work/` before generating: Node resolves
 * `drizzle-orm` from the nearest node_modules, i.e. that kit's pinned version.
 * Folder names are pinned by fixed-clock.cjs (one day per step), so they are reproducible.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const v8 = process.argv.includes("--v8");
const kitDir = v8 ? resolve(here, "../drizzle-kit-1-v8") : here;
const suffix = v8 ? "v8" : "v9";

/**
 * case → its migrations, one per FIXTURE_STEP. `hints` answer drizzle-kit's rename-or-create
 * questions non-interactively (`generate --hints`).
 */
const CASES = {
  shop: [
    { name: "init" },
    { name: "more_columns" },
    {
      name: "audit_and_cleanup",
      hints: [
        { type: "create", kind: "table", entity: ["public", "audit_log"] },
        { type: "rename", kind: "column", from: ["public", "orders", "placed_at"], to: ["public", "orders", "ordered_at"] },
      ],
    },
    // A table rename: drizzle-kit moves its columns, keys and indexes with it (rename deltas).
    { name: "rename_lines", hints: [{ type: "rename", kind: "table", from: ["public", "order_items"], to: ["public", "order_lines"] }] },
  ],
  secure: [{ name: "init" }, { name: "sequences_and_views" }, { name: "notes" }],
  rules: [{ name: "init" }, { name: "indexes_and_keys" }, { name: "nickname" }],
};

const only = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const workDir = join(kitDir, ".work");
mkdirSync(workDir, { recursive: true });

for (const [name, steps] of Object.entries(CASES)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const out = join(repo, "test/fixtures-1x", `${name}-${suffix}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const schemaPath = join(workDir, `${name}.ts`);
  copyFileSync(join(here, "cases", `${name}.ts`), schemaPath);
  const configPath = join(workDir, `${name}.config.ts`);
  writeFileSync(configPath, `export default ${JSON.stringify({ dialect: "postgresql", schema: schemaPath, out })};\n`);
  steps.forEach(({ name: stepName, hints }, index) => {
    const step = index + 1;
    // 2025-01-0<step> 12:00:00 UTC: one folder per day keeps the order obvious.
    const now = Date.UTC(2025, 0, step, 12, 0, 0);
    execFileSync(process.execPath, [join(kitDir, "node_modules/drizzle-kit/bin.cjs"), "generate", "--config", configPath, "--name", stepName, ...(hints ? ["--hints", JSON.stringify(hints)] : [])], {
      cwd: kitDir,
      stdio: "inherit",
      env: {
        ...process.env,
        TZ: "UTC",
        FIXTURE_STEP: String(step),
        FIXTURE_NOW: String(now),
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${join(here, "fixed-clock.cjs")}`.trim(),
      },
    });
  });
  console.log(`${name}-${suffix}: ${readdirSync(out).sort().join(", ")}`);
}
