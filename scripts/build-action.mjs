#!/usr/bin/env node
/**
 * Bundles the GitHub Action (src/action/main.ts) into action/dist/main.js with esbuild, so
 * `uses: <owner>/driftcheck@<tag>` runs with no install step. The bundle is committed;
 * test/unit/action-bundle.test.ts fails when it is not what this script builds now.
 *
 * Left out of the bundle: the project's own drizzle-kit (resolved from the checked-out project,
 * as the CLI does). PGlite (embedded replay) is bundled; the files it loads next to itself
 * (`new URL("./pglite.wasm", import.meta.url)` …) are copied beside the bundle.
 * `node build-action.mjs --outfile FILE` writes elsewhere (the freshness test).
 *
 * The bundle sits two folders below the repository root, like dist/cli/main.js, so the files the
 * CLI reads relative to itself (package.json, driftcheck.schema.json) are found the same way.
 */
import { copyFile, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfileFlag = process.argv.indexOf("--outfile");
const outfile = outfileFlag > 0 ? process.argv[outfileFlag + 1] : join(root, "action", "dist", "main.js");

/**
 * Lazy `createRequire(import.meta.url)("x")` calls, which esbuild cannot follow, become plain
 * `require("x")` so the module is bundled (and still loaded only when first needed): ajv in
 * config-file.ts, jiti's Babel transform in jiti/lib/jiti.mjs.
 */
const LAZY_REQUIRES = [
  { filter: /src[\\/]cli[\\/]config-file\.ts$/, loader: "ts", call: 'createRequire(import.meta.url)("ajv")', module: "ajv" },
  { filter: /jiti[\\/]lib[\\/]jiti\.mjs$/, loader: "js", call: 'createRequire(import.meta.url)("../dist/babel.cjs")', module: "../dist/babel.cjs" },
];
const bundleLazyRequires = {
  name: "bundle-lazy-requires",
  setup(pluginBuild) {
    for (const lazy of LAZY_REQUIRES) {
      pluginBuild.onLoad({ filter: lazy.filter }, async (args) => {
        const source = await readFile(args.path, "utf8");
        const rewritten = source.replace(lazy.call, `require(${JSON.stringify(lazy.module)})`);
        if (rewritten === source) throw new Error(`build-action: ${args.path} no longer contains ${lazy.call}; update LAZY_REQUIRES`);
        return { contents: rewritten, loader: lazy.loader };
      });
    }
  },
};

await build({
  absWorkingDir: root,
  entryPoints: ["src/action/main.ts"],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["drizzle-kit", "drizzle-kit/*", "pg-native"],
  // Bundled CommonJS packages call require() for Node's built-ins.
  banner: { js: 'import { createRequire as __driftcheckCreateRequire } from "node:module";\nconst require = __driftcheckCreateRequire(import.meta.url);' },
  legalComments: "none",
  logLevel: "warning",
  plugins: [bundleLazyRequires],
});

/** What PGlite and pgvector load relative to their own module, now the bundle. */
const ASSETS = [
  "node_modules/@electric-sql/pglite/dist/pglite.wasm",
  "node_modules/@electric-sql/pglite/dist/pglite.data",
  "node_modules/@electric-sql/pglite/dist/initdb.wasm",
  "node_modules/@electric-sql/pglite-pgvector/dist/vector.tar.gz",
];
for (const asset of ASSETS) await copyFile(join(root, asset), join(dirname(outfile), asset.slice(asset.lastIndexOf("/") + 1)));
