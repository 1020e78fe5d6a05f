/** The Vercel client of the Worker's config; a missing token is the operator's to fix. */
import { createVercelClient, type VercelClient } from "../../adapters/vercel/index.js";
import { userError } from "../../core/errors.js";
import type { Config } from "../config.js";

export function vercelClientFor(config: Config): VercelClient {
  if (!config.vercel.token) throw userError("VERCEL_TOKEN is not set, so Vercel check runs cannot be updated.", "Set the VERCEL_TOKEN secret (`wrangler secret put VERCEL_TOKEN`).");
  return createVercelClient({ token: config.vercel.token, baseUrl: config.vercel.apiUrl });
}
