import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/worker/config.js";
import { createApp } from "../../src/worker/app.js";
import { BASE } from "./helpers.js";

describe("parseConfig", () => {
  it("turns the env into a typed config (secret lists split, URLs without trailing slash)", () => {
    const config = parseConfig({ ...env, GITHUB_WEBHOOK_SECRETS: " new-secret , old-secret ,", GITHUB_API_URL: "http://127.0.0.1:9999/" });
    expect(config.github.webhookSecrets).toEqual(["new-secret", "old-secret"]);
    expect(config.github.apiUrl).toBe("http://127.0.0.1:9999");
    expect(config.deadLetterQueueName).toBe("driftcheck-checks-dlq");
  });

  it("fails fast naming every missing or invalid setting without echoing values", () => {
    const broken = { ...env, NEON_API_KEY: undefined, GITHUB_WEBHOOK_SECRETS: " , ", API_TOKEN: "short-canary", PUBLIC_URL: "ftp://x" };
    let error: unknown;
    try {
      parseConfig(broken);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.settings).toEqual(["API_TOKEN", "GITHUB_WEBHOOK_SECRETS", "NEON_API_KEY", "PUBLIC_URL"]);
    expect(configError.message).toContain("NEON_API_KEY is missing");
    expect(configError.message).toContain("API_TOKEN is invalid");
    expect(configError.message).not.toContain("short-canary");
  });

  it("answers 500 with the names (not values) when the Worker is misconfigured; /healthz still answers", async () => {
    const app = createApp();
    const broken = { ...env, GITHUB_APP_PRIVATE_KEY: "", NEON_READONLY_PASSWORD: "" };
    const response = await app.request(`${BASE}/api/checks`, { headers: { authorization: `Bearer ${env.API_TOKEN}` } }, broken);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain("GITHUB_APP_PRIVATE_KEY");
    expect(text).toContain("NEON_READONLY_PASSWORD");
    expect(text).not.toContain(env.NEON_READONLY_PASSWORD);
    expect((await app.request(`${BASE}/healthz`, {}, broken)).status).toBe(200);
  });
});
