/** Neon management API v2 over plain fetch. */
export { createNeonApiClient, type NeonApiClient, type NeonApiClientOptions } from "./client.js";
export { buildConnectionString, type ConnectionStringParts } from "./connection-string.js";
export { DEFAULT_NEON_API_BASE_URL } from "./request.js";
export type { ConnectionUriQuery, NeonBranch, NeonEndpoint } from "./types.js";
