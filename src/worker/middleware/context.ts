/** Parses the config (once per env object) and opens the D1 store for the routes that need them. */
import { createMiddleware } from "hono/factory";
import { openDb } from "../../adapters/d1/store.js";
import type { AppEnv } from "../app-env.js";
import { loadConfig } from "../config.js";

export const withContext = createMiddleware<AppEnv>(async (c, next) => {
  c.set("config", loadConfig(c.env));
  c.set("db", openDb(c.env.DB));
  await next();
});
