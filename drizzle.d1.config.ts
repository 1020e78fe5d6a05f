/**
 * drizzle-kit config for the Worker's D1 database (SQLite dialect). Only `generate` is used:
 * migrations land in `drizzle/`, which wrangler.jsonc names as the D1 `migrations_dir`.
 *   npx drizzle-kit generate --config drizzle.d1.config.ts
 */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/adapters/d1/schema.ts",
  out: "./drizzle",
});
