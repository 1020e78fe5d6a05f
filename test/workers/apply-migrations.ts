// Applies drizzle/'s migrations to the local D1 before each test file (idempotent: applied
// migrations are recorded in d1_migrations, as `wrangler d1 migrations apply` does).
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
