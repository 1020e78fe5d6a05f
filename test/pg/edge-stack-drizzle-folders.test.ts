/**
 * The local edge stack on a drizzle folder of either layout (`npm start -- --drizzle DIR`, issue
 * 12): a branch in the `all-but-last` state holds every migration but the folder's last, applied
 * by the drizzle-orm migrator of the folder's layout — 0.45's for a drizzle-kit 0.x folder
 * (examples/soundcloud), 1.x's from tools/drizzle-kit-1 for a 1.x folder (test/fixtures-1x shop,
 * snapshot versions 8 and 9) — on PGlite (what `npm start` runs) and on PostgreSQL 15 (the
 * workerd e2e tests' backend); `migrateAll` then applies the last one. A folder that is neither
 * layout is refused before anything listens. The Worker's check of such a branch, end to end, is
 * test/reliability/local/start-drizzle.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { readDrizzleFolder } from "../../src/core/drizzle/index.js";
import { DEFAULT_PROJECT_ID, EXAMPLE_DRIZZLE_DIR, migrationsLayout, startEdgeStack, type BranchHandle } from "../support/edge-stack.js";
import { FIXTURES_1X_DIR } from "../support/fixtures-1x.js";

const FOLDERS = [
  { name: "shop-v9 (drizzle-kit 1.x, snapshot v9)", dir: join(FIXTURES_1X_DIR, "shop-v9"), layout: "1.x", lastTable: "order_lines", beforeLast: "order_items" },
  { name: "shop-v8 (drizzle-kit 1.x, snapshot v8)", dir: join(FIXTURES_1X_DIR, "shop-v8"), layout: "1.x", lastTable: "order_lines", beforeLast: "order_items" },
  { name: "examples/soundcloud (drizzle-kit 0.x)", dir: EXAMPLE_DRIZZLE_DIR, layout: "0.x", lastTable: null, beforeLast: null },
] as const;

/** What drizzle-orm's migrator recorded on the branch, oldest first: `hash` (0.x) or `name hash` (1.x). */
async function recorded(branch: BranchHandle, layout: "0.x" | "1.x"): Promise<string[]> {
  const rows = await branch.query(`select ${layout === "1.x" ? "name || ' ' || hash" : "hash"} as entry from drizzle.__drizzle_migrations order by id`);
  return rows.map((row) => String(row.entry));
}

async function tableExists(branch: BranchHandle, table: string): Promise<boolean> {
  const rows = await branch.query(`select to_regclass('public.${table}') is not null as present`);
  return rows[0]?.present === true;
}

describe("the edge stack migrates --drizzle folders of both layouts, all but the last migration", () => {
  for (const backend of ["pglite", "pg"] as const) {
    for (const folder of FOLDERS) {
      it(`${folder.name} on ${backend}`, async () => {
        expect(await migrationsLayout(folder.dir)).toBe(folder.layout);
        const { migrations } = await readDrizzleFolder(createDiskFileSource(folder.dir));
        expect(migrations.length).toBeGreaterThan(1);
        const entries = migrations.map((migration) => (folder.layout === "1.x" ? `${migration.tag} ${migration.hash}` : migration.hash));

        const stack = await startEdgeStack({ backend, drizzleDir: folder.dir });
        try {
          const branch = await stack.addBranch({ projectId: DEFAULT_PROJECT_ID, name: "main", default: true, state: "all-but-last" });
          expect(await recorded(branch, folder.layout)).toEqual(entries.slice(0, -1));
          if (folder.lastTable && folder.beforeLast) {
            // shop's last migration renames order_items to order_lines: not run yet.
            expect(await tableExists(branch, folder.beforeLast)).toBe(true);
            expect(await tableExists(branch, folder.lastTable)).toBe(false);
          }

          await branch.migrateAll();
          expect(await recorded(branch, folder.layout)).toEqual(entries);
          if (folder.lastTable && folder.beforeLast) {
            expect(await tableExists(branch, folder.beforeLast)).toBe(false);
            expect(await tableExists(branch, folder.lastTable)).toBe(true);
          }
        } finally {
          await stack.close();
        }
      });
    }
  }
});

describe("a folder that is neither layout is refused, saying what --drizzle needs", () => {
  const scratch = mkdtempSync(join(tmpdir(), "driftcheck-edge-layout-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const folder = (name: string, files: Record<string, string>): string => {
    const dir = join(scratch, name);
    mkdirSync(dir, { recursive: true });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };
  const needs = "a drizzle-kit migrations folder: 0.x (holding meta/_journal.json) or 1.x (one <YYYYMMDDHHMMSS>_<name>/ sub-folder per migration, holding migration.sql)";

  it("missing, empty, something else, or both layouts at once", async () => {
    const cases = [
      { dir: join(scratch, "does-not-exist"), problem: "is missing or empty" },
      { dir: folder("empty", {}), problem: "is missing or empty" },
      { dir: folder("other", { "schema.sql": "select 1;", "notes/readme.md": "hi" }), problem: "holds neither meta/_journal.json nor" },
      { dir: folder("mixed", { "meta/_journal.json": '{"version":"7","dialect":"postgresql","entries":[]}', "20250101120000_init/migration.sql": "select 1;" }), problem: "mixes both layouts" },
    ];
    for (const { dir, problem } of cases) {
      const refused = await startEdgeStack({ backend: "pglite", drizzleDir: dir }).then(
        async (stack) => {
          await stack.close();
          return null;
        },
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      expect(refused, dir).toContain(needs);
      expect(refused, dir).toContain(`${dir} ${problem}`);
    }
  });
});
