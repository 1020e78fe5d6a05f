/** Parses the config (once per env object) and opens the D1 store for the routes that need them. */
import { createMiddleware } from "hono/factory";
import { openDb, type Db } from "../../adapters/d1/store.js";
import type { AppEnv } from "../app-env.js";
import { loadConfig } from "../config.js";

/**
 * One drizzle instance per D1 binding: building it walks the whole schema for the relational
 * query config, which every webhook paid for otherwise. The binding is the isolate's, so is this.
 */
const dbs = new WeakMap<object, Db>();

export const withContext = createMiddleware<AppEnv>(async (c, next) => {
  c.set("config", loadConfig(c.env));
  let db = dbs.get(c.env.DB);
  if (!db) {
    db = openDb(c.env.DB);
    dbs.set(c.env.DB, db);
  }
  c.set("db", db);
  await next();
});
