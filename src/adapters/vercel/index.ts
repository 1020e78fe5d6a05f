/** Vercel: webhook signatures and the REST calls for deployment check runs. */
export * from "./client.js";
export * from "./signature.js";
export type * from "./types.js";
