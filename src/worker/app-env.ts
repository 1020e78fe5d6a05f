/** Hono's type parameters for the Worker app: bindings, plus what the middleware puts on the context. */
import type { Db } from "../adapters/d1/store.js";
import type { Config } from "./config.js";
import "./env.js";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    config: Config;
    db: Db;
  };
}
