/**
 * The D1 store: small typed functions over drizzle-orm, one file per table group.
 * Tokens and connection strings are never passed in, so they can never be stored.
 */
export { openDb, type Db } from "./db.js";
export * from "./accepted-drift.js";
export * from "./deliveries.js";
export * from "./checks.js";
export * from "./findings.js";
export * from "./caches.js";
export * from "./installations.js";
export * from "./monitors.js";
export * from "./pr-comments.js";
export * from "./production-contexts.js";
export * from "./retention.js";
export type * from "./schema.js";
export * from "./vercel.js";
