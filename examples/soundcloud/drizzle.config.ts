// The example app's drizzle-kit config. driftcheck reads it the way drizzle-kit does (by
// executing it), so `out` below is where `driftcheck check` looks for migrations.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema.ts",
  out: "./drizzle",
});
