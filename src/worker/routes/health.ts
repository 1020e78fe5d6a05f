/** `GET /healthz`: public, touches nothing, so it answers even when settings are missing. */
import { Hono } from "hono";
import type { AppEnv } from "../app-env.js";

export const healthRoutes = new Hono<AppEnv>().get("/healthz", (c) => c.json({ ok: true, service: "driftcheck" }));
