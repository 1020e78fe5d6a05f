/// <reference types="@cloudflare/workers-types" />
/// <reference types="@cloudflare/vitest-pool-workers/types" />
/// <reference path="../../worker-configuration.d.ts" />
// Bindings only the workerd test project adds (vitest.config.ts).
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** The globalSetup's control server (test/support/edge-e2e-setup.ts). */
    EDGE_CONTROL_URL: string;
    NEON_PROJECT_ID: string;
    NEON_FETCH_ENDPOINT: string;
    VERCEL_WEBHOOK_SECRETS: string;
    VERCEL_TOKEN: string;
    VERCEL_API_URL: string;
    /** The stand-in Slack incoming webhook (test/support/alert-server.ts) and its control routes. */
    ALERT_WEBHOOK_URL: string;
    ALERT_CONTROL_URL: string;
    /** "1" in the reliability suite's long mode (bench/reliability.ts): every case, every job consumed. */
    RELIABILITY_LONG: string;
  }
}
