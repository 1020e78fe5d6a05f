/**
 * The npm package: what `npm install driftcheck` gets. The CLI's runtime packages are exactly the
 * `dependencies` (the Worker's libraries are bundled by wrangler from the repository, never
 * installed with the CLI), heavy optional parts load only when used, and the manifest ships the
 * built CLI, its types and the documents a published package needs.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { importGraph } from "../support/import-graph.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  private?: boolean;
  files?: string[];
  bin: Record<string, string>;
  main?: string;
  types?: string;
  exports?: Record<string, unknown>;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};
const graph = importGraph([join(ROOT, "src/cli/main.ts"), join(ROOT, "src/cli/api.ts")]);
const optionalPeers = Object.keys(manifest.peerDependenciesMeta ?? {}).filter((name) => manifest.peerDependenciesMeta?.[name]?.optional);

describe("package.json dependencies", () => {
  it("lists every package the CLI and API load, and nothing else", () => {
    const loaded = [...graph.allPackages].filter((name) => !optionalPeers.includes(name)).sort();
    expect(Object.keys(manifest.dependencies).sort()).toEqual(loaded);
  });

  it("keeps the Worker's libraries out of the runtime dependencies", () => {
    for (const workerOnly of ["hono", "@neondatabase/serverless", "zod", "drizzle-orm"]) {
      expect(manifest.dependencies[workerOnly], workerOnly).toBeUndefined();
      expect(manifest.devDependencies[workerOnly], workerOnly).toBeDefined();
      expect(graph.allPackages.has(workerOnly), workerOnly).toBe(false);
    }
  });

  it("loads PGlite, pgvector, jiti, ajv and drizzle-kit only when a feature needs them", () => {
    for (const heavy of ["@electric-sql/pglite", "@electric-sql/pglite-pgvector", "jiti", "ajv", "drizzle-kit"]) {
      expect(graph.allPackages.has(heavy), `${heavy} is used somewhere`).toBe(true);
      expect(graph.staticPackages.has(heavy), `${heavy} is imported statically`).toBe(false);
    }
    expect([...graph.staticPackages]).toEqual(["pg"]);
  });

  it("declares drizzle-kit as an optional peer (the project's own drizzle-kit is used)", () => {
    expect(optionalPeers).toContain("drizzle-kit");
    expect(manifest.dependencies["drizzle-kit"]).toBeUndefined();
  });
});

describe("package.json publishing fields", () => {
  it("is publishable and ships the built CLI, its types, the JSON Schema and the documents", () => {
    expect(manifest.private).toBeUndefined();
    expect(manifest.files).toEqual(
      expect.arrayContaining(["dist/**/*.js", "dist/**/*.d.ts", "bin/", "driftcheck.schema.json", "README.md", "LICENSE", "CHANGELOG.md"]),
    );
    for (const document of ["LICENSE", "CHANGELOG.md", "README.md", "driftcheck.schema.json"]) expect(existsSync(join(ROOT, document)), document).toBe(true);
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(/^MIT License/);
  });

  it("builds on prepack, so the tarball carries dist/ and an install needs no TypeScript", () => {
    expect(manifest.scripts.prepack).toBe("npm run build");
    expect(manifest.scripts.build).toMatch(/^tsc -p tsconfig\.build\.json$/);
    expect(existsSync(join(ROOT, manifest.bin.driftcheck!))).toBe(true);
    const tsconfig = JSON.parse(readFileSync(join(ROOT, "tsconfig.build.json"), "utf8")) as { compilerOptions: { declaration?: boolean } };
    expect(tsconfig.compilerOptions.declaration).toBe(true);
  });

  it("exports the programmatic API with its types, from the built src/cli/api.ts", () => {
    expect(manifest.exports?.["."]).toEqual({ types: "./dist/cli/api.d.ts", default: "./dist/cli/api.js" });
    expect(manifest.types).toBe("./dist/cli/api.d.ts");
    expect(manifest.main).toBe("./dist/cli/api.js");
    expect(existsSync(join(ROOT, "src/cli/api.ts"))).toBe(true);
  });
});
