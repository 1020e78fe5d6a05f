/**
 * The committed drizzle-kit 1.x fixtures (test/fixtures-1x/, written by tools/drizzle-kit-1's
 * generate.mjs): version 8 (drizzle-kit 1.0.0-rc.4, full `ddl` per migration) and version 9
 * (rc.5, base + diffs) of the same schema history must read to the same expected schema after
 * every migration — two independent encodings, one answer. Also the migration metadata
 * drizzle-orm 1.x's migrator uses: folder name, UTC folder time, sha256 of migration.sql.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createDiskFileSource } from "../../src/adapters/fs/index.js";
import { readFolderWithAllSnapshots } from "../support/read-folder.js";

const fixturesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures-1x");
const read = (name: string) => readFolderWithAllSnapshots(createDiskFileSource(join(fixturesDir, name)));

describe("drizzle-kit 1.x fixtures", () => {
  for (const name of ["shop", "secure"]) {
    it(`${name}: snapshot v8 and v9 give the same schema after every migration`, async () => {
      const v8 = await read(`${name}-v8`);
      const v9 = await read(`${name}-v9`);
      expect(JSON.parse(readFileSync(join(fixturesDir, `${name}-v8`, v8.migrations[0]!.tag, "snapshot.json"), "utf8")).version).toBe("8");
      const v9Snapshots = v9.migrations.map((m) => JSON.parse(readFileSync(join(fixturesDir, `${name}-v9`, m.tag, "snapshot.json"), "utf8")) as { version: string; type: string });
      expect(v9Snapshots.map((s) => `${s.version}/${s.type}`)).toEqual(["9/base", ...v9.migrations.slice(1).map(() => "9/diff")]);

      expect(v8.migrations.map((m) => m.tag)).toEqual(v9.migrations.map((m) => m.tag));
      v8.migrations.forEach((migration, index) => {
        expect(migration.snapshot, migration.tag).toEqual(v9.migrations[index]!.snapshot);
      });
      expect(v8.expected).toEqual(v9.expected);
      expect(v8.findings).toEqual([]);
      expect(v9.findings).toEqual([]);
    });
  }

  it("migration metadata is what drizzle-orm 1.x's migrator records", async () => {
    const folder = await read("shop-v9");
    const onDisk = readdirSync(join(fixturesDir, "shop-v9")).sort();
    expect(folder.layout).toBe("1.x");
    expect(folder.migrations.map((m) => m.tag)).toEqual(onDisk);
    for (const migration of folder.migrations) {
      const bytes = readFileSync(join(fixturesDir, "shop-v9", migration.tag, "migration.sql"));
      expect(migration.sqlPath).toBe(`${migration.tag}/migration.sql`);
      expect(migration.snapshotPath).toBe(`${migration.tag}/snapshot.json`);
      expect(migration.hash).toBe(createHash("sha256").update(bytes.toString()).digest("hex"));
    }
    // Folder names are pinned by the generator: 2025-01-0<step> 12:00:00 UTC.
    expect(folder.migrations.map((m) => new Date(m.when).toISOString())).toEqual([
      "2025-01-01T12:00:00.000Z",
      "2025-01-02T12:00:00.000Z",
      "2025-01-03T12:00:00.000Z",
      "2025-01-04T12:00:00.000Z",
    ]);
    expect(folder.expectedFrom).toBe("20250104120000_rename_lines");
  });

  it("shop-v9's replay carries drizzle-kit's renames (column placed_at → ordered_at, table order_items → order_lines)", async () => {
    const { expected, migrations } = await read("shop-v9");
    const index = expected.tables["public.orders"]!.indexes.orders_user_placed_idx!;
    expect(index.columns.map((c) => [c.expression, c.order])).toEqual([
      ["user_id", "asc"],
      ["ordered_at", "desc"],
    ]);
    expect(expected.tables["public.order_items"]).toBeUndefined();
    const lines = expected.tables["public.order_lines"]!;
    expect(lines.primaryKey).toEqual({ name: "order_items_pkey", columns: ["order_id", "line"] });
    expect(Object.keys(lines.foreignKeys)).toEqual(["order_items_order_fk", "order_items_product_id_products_id_fkey"]);
    // Before the rename the table had its first name.
    expect(Object.keys(migrations[2]!.snapshot!.tables)).toContain("public.order_items");
  });

  it("maps 1.x entity rows to PostgreSQL's spellings (implicit names, enums in other schemas, identity, arrays, views)", async () => {
    const shop = (await read("shop-v9")).expected;
    const products = shop.tables["inventory.products"]!;
    expect(products.uniques.products_sku_key).toEqual({ name: "products_sku_key", columns: ["sku"], nullsNotDistinct: false });
    expect(products.uniques.products_name_weight_key!.nullsNotDistinct).toBe(true);
    expect(products.columns.status).toMatchObject({ type: "inventory.stock_status", default: "'in_stock'::inventory.stock_status", notNull: true });
    expect(products.columns.id!.identity).toEqual({ generation: "always", start: "1000", increment: "5", min: "1", max: "2147483647", cache: "10", cycle: false });
    const samples = shop.tables["public.samples"]!;
    expect(samples.columns.moods!.type).toBe("public.mood[]");
    expect(samples.columns.grid!.type).toBe("integer[]");
    expect(samples.columns.id!.default).toBe("nextval('public.samples_id_seq'::regclass)");
    const users = shop.tables["public.users"]!;
    expect(users.indexes.users_name_ops_idx).toMatchObject({ with: { fillfactor: "70" }, columns: [{ opclass: "text_pattern_ops", nulls: "first" }] });

    const secure = (await read("secure-v9")).expected;
    expect(secure.tables["public.accounts"]!.rlsEnabled).toBe(true);
    expect(Object.keys(secure.tables["public.accounts"]!.policies)).toEqual(["accounts_no_delete", "accounts_owner_write", "accounts_read"]);
    expect(secure.tables["billing.invoices"]!.rlsEnabled).toBe(true);
    expect(secure.views["billing.invoice_totals"]).toMatchObject({ materialized: true, columns: ["account_id", "total"] });
    expect(secure.views["public.public_accounts"]).toMatchObject({ materialized: false, columns: ["id", "owner"] });
    expect(secure.sequences["billing.invoice_numbers"]).toMatchObject({ start: "100", increment: "2", min: "100", max: "100000", cache: "5", cycle: true });
  });
});
