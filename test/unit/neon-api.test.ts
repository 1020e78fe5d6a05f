/**
 * The Neon management API client against the local stand-in: exact branch names through
 * `search` and cursor pagination, the default branch, endpoint hosts, connection_uri, retries
 * honouring retry-after, and errors that say what to fix and never carry the key or password.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildConnectionString, createNeonApiClient, type NeonApiClientOptions } from "../../src/adapters/neon-api/index.js";
import { DriftcheckError } from "../../src/core/errors.js";
import { startNeonApiServer, type NeonApiServer, type NeonApiServerOptions } from "../support/neon-api-server.js";
import { driftcheckRejection } from "../support/rejection.js";

const API_KEY = "napi_canary_key_0123456789";
const ROLE_PASSWORD = "canary-role-pw";
const PROJECT = "proud-sun-123456";

let intercept: NeonApiServerOptions["intercept"];
let server: NeonApiServer;
const sleeps: number[] = [];

beforeAll(async () => {
  server = await startNeonApiServer({
    apiKey: API_KEY,
    intercept: (request) => intercept?.(request),
    projects: {
      [PROJECT]: {
        branches: [
          { id: "br-feat-x-long", name: "preview/feat-x-longer" },
          { id: "br-feat-x-2", name: "preview/feat-x-2" },
          { id: "br-other", name: "preview/other" },
          { id: "br-main", name: "main", default: true },
          { id: "br-dev", name: "dev", parent_id: "br-main" },
          { id: "br-feat-x", name: "preview/feat-x", parent_id: "br-main" },
          { id: "br-nocompute", name: "preview/no-compute" },
        ],
        endpoints: [
          { id: "ep-ro", branch_id: "br-feat-x", host: "ep-ro-999.eu-central-1.aws.neon.tech", type: "read_only" },
          { id: "ep-rw", branch_id: "br-feat-x", host: "ep-rw-111.eu-central-1.aws.neon.tech", type: "read_write" },
          { id: "ep-main", branch_id: "br-main", host: "ep-main-222.eu-central-1.aws.neon.tech" },
        ],
        roles: [{ name: "neondb_owner", password: ROLE_PASSWORD }],
        databases: ["neondb"],
      },
    },
  });
});

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  intercept = undefined;
  server.requests.length = 0;
  sleeps.length = 0;
});

function client(options: Partial<NeonApiClientOptions> = {}) {
  return createNeonApiClient({
    apiKey: API_KEY,
    baseUrl: server.baseUrl,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });
}

/** Fails with a DriftcheckError that never carries the API key or the role password. */
const failure = (work: Promise<unknown>) => driftcheckRejection(work, { secrets: [API_KEY, ROLE_PASSWORD] });

describe("Neon API client", () => {
  it("finds a branch by its exact name, following the cursor past partial matches", async () => {
    const branch = await client().findBranchByName(PROJECT, "preview/feat-x");
    expect(branch).toMatchObject({ id: "br-feat-x", name: "preview/feat-x", default: false });
    // `search` matches 3 names containing "preview/feat-x"; at 2 per page the exact one is on page 2.
    expect(server.requests.map((r) => r.query["cursor"] !== undefined)).toEqual([false, true]);
    expect(server.requests.every((r) => r.query["search"] === "preview/feat-x" && r.authorized)).toBe(true);
    expect(server.requests[0]?.path).toBe(`/api/v2/projects/${PROJECT}/branches`);
  });

  it("follows pagination.next until the name appears, and returns null when it never does", async () => {
    const found = await client().findBranchByName(PROJECT, "preview/no-compute");
    expect(found?.id).toBe("br-nocompute");
    server.requests.length = 0;
    const prefixed = await client().findBranchByName(PROJECT, "preview/");
    expect(prefixed).toBeNull();
    // 5 names contain "preview/", none equals it: 3 pages of 2, then pagination ends.
    expect(server.requests.map((r) => r.query["cursor"] !== undefined)).toEqual([false, true, true]);
    expect(await client().findBranchByName(PROJECT, "nope")).toBeNull();
  });

  it("gets the default branch through all pages", async () => {
    const branch = await client().getDefaultBranch(PROJECT);
    expect(branch).toMatchObject({ id: "br-main", name: "main", default: true });
    expect(server.requests.length).toBe(2); // br-main is the 4th of 7 branches, 2 per page
    expect(server.requests.every((r) => r.query["search"] === undefined)).toBe(true);
  });

  it("lists a branch's endpoints and prefers the read-write host", async () => {
    const endpoints = await client().listBranchEndpoints(PROJECT, "br-feat-x");
    expect(endpoints.map((e) => e.id)).toEqual(["ep-ro", "ep-rw"]);
    expect(await client().getBranchHost(PROJECT, "br-feat-x")).toBe("ep-rw-111.eu-central-1.aws.neon.tech");
    const none = await failure(client().getBranchHost(PROJECT, "br-nocompute"));
    expect(none.kind).toBe("user");
    const gone = await failure(client().listBranchEndpoints(PROJECT, "br-deleted"));
    expect(gone.kind).toBe("user");
    expect(gone.message).toContain("br-deleted");
  });

  it("reads connection_uri with the query Neon expects", async () => {
    const uri = await client().getConnectionUri(PROJECT, { branchId: "br-main", databaseName: "neondb", roleName: "neondb_owner", pooled: false });
    expect(uri).toBe(`postgresql://neondb_owner:${ROLE_PASSWORD}@ep-main-222.eu-central-1.aws.neon.tech/neondb?sslmode=require`);
    expect(server.requests[0]?.query).toEqual({ branch_id: "br-main", database_name: "neondb", role_name: "neondb_owner", pooled: "false" });
    const missingRole = await failure(client().getConnectionUri(PROJECT, { branchId: "br-main", databaseName: "neondb", roleName: "ghost" }));
    expect(missingRole.kind).toBe("user");
  });

  it("says to check NEON_API_KEY on 401 and 403, without the key", async () => {
    const error = await failure(client({ apiKey: "napi_wrong" }).findBranchByName(PROJECT, "main"));
    expect(error.kind).toBe("user");
    expect(error.hint).toMatch(/NEON_API_KEY/);
    expect(server.requests[0]?.authorized).toBe(false);
    intercept = () => ({ status: 403, body: { code: "", message: `forbidden for ${API_KEY}` } });
    const forbidden = await failure(client().getDefaultBranch(PROJECT));
    expect(forbidden.kind).toBe("user");
    expect(forbidden.hint).toMatch(/NEON_API_KEY/);
  });

  it("names an unknown project as a user error", async () => {
    const error = await failure(client().findBranchByName("no-such-project", "main"));
    expect(error.kind).toBe("user");
    expect(error.message).toContain("no-such-project");
  });

  it("retries 423, 503 and 429, honouring retry-after (capped)", async () => {
    let calls = 0;
    intercept = () => {
      calls += 1;
      if (calls === 1) return { status: 429, headers: { "retry-after": "2" } };
      if (calls === 2) return { status: 423 };
      if (calls === 3) return { status: 503, headers: { "retry-after": "3600" } };
      return undefined;
    };
    const branch = await client({ retryBaseMs: 100, maxRetryDelayMs: 5_000, maxAttempts: 4 }).findBranchByName(PROJECT, "main");
    expect(branch?.id).toBe("br-main");
    expect(sleeps).toEqual([2_000, 200, 5_000]);
    expect(server.requests.map((r) => r.status)).toEqual([429, 423, 503, 200]);
  });

  it("gives up after the last attempt with a transient connection error", async () => {
    intercept = () => ({ status: 503 });
    const error = await failure(client({ maxAttempts: 3, retryBaseMs: 10 }).getDefaultBranch(PROJECT));
    expect(error).toMatchObject({ kind: "connection", transient: true });
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([10, 20]);
  });

  it("does not retry other failures: 500 is transient, 422 is our bug", async () => {
    intercept = () => ({ status: 500 });
    expect(await failure(client().getDefaultBranch(PROJECT))).toMatchObject({ kind: "connection", transient: true });
    expect(server.requests).toHaveLength(1);
    intercept = undefined;
    server.requests.length = 0;
    // The stand-in's own validation: a malformed limit is a 422.
    const response = await fetch(`${server.baseUrl}/projects/${PROJECT}/branches?limit=zero`, { headers: { Authorization: `Bearer ${API_KEY}` } });
    expect(response.status).toBe(422);
    intercept = () => ({ status: 422, body: { code: "", message: "bad cursor" } });
    expect(await failure(client().getDefaultBranch(PROJECT))).toMatchObject({ kind: "internal" });
  });

  it("retries an unreachable API, then reports a transient connection error", async () => {
    const closed = await startNeonApiServer({ apiKey: API_KEY, projects: {} });
    const baseUrl = closed.baseUrl;
    await closed.close();
    const error = await failure(client({ baseUrl, maxAttempts: 2, retryBaseMs: 1 }).getDefaultBranch(PROJECT));
    expect(error).toMatchObject({ kind: "connection", transient: true });
    expect(sleeps).toEqual([1]);
  });

  it("stops at the caller's signal: the request in flight is cancelled and no retry follows", async () => {
    let calls = 0;
    // An API that never answers: only an abort ends a request.
    const hanging: typeof fetch = (_input, init) => {
      calls += 1;
      return new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason), { once: true }));
    };
    const started = Date.now();
    const error = await failure(client({ fetchFunction: hanging, signal: AbortSignal.timeout(50), requestTimeoutMs: 10_000, maxAttempts: 4 }).getDefaultBranch(PROJECT));
    // Less than ONE request's own 10 s timeout: the caller's 50 ms signal cut it (`calls` below: no retry).
    expect(Date.now() - started).toBeLessThan(9_000);
    expect(error).toMatchObject({ kind: "connection", transient: true });
    expect(error.message).toContain("the caller's time ran out");
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);

    // A signal already aborted sends nothing.
    const before = calls;
    await failure(client({ fetchFunction: hanging, signal: AbortSignal.abort() }).findBranchByName(PROJECT, "main"));
    expect(calls).toBe(before);
  });

  it("the stand-in answers 404 to unknown routes and 401 without the key", async () => {
    const auth = { headers: { Authorization: `Bearer ${API_KEY}` } };
    expect((await fetch(`${server.baseUrl}/projects/${PROJECT}/nothing`, auth)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/elsewhere`, auth)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/projects/${PROJECT}/branches`)).status).toBe(401);
    expect((await fetch(`${server.baseUrl}/projects/${PROJECT}/connection_uri?database_name=neondb`, auth)).status).toBe(422);
    expect(JSON.stringify(server.requests)).not.toContain(API_KEY);
  });
});

describe("buildConnectionString", () => {
  it("percent-encodes every part and asks for TLS", () => {
    expect(buildConnectionString({ host: "ep-x-1.eu-central-1.aws.neon.tech", database: "app db", role: "drift@ro", password: "p@ss:/w?#%" })).toBe(
      "postgresql://drift%40ro:p%40ss%3A%2Fw%3F%23%25@ep-x-1.eu-central-1.aws.neon.tech/app%20db?sslmode=require",
    );
    const url = new URL(buildConnectionString({ host: "h.example", database: "d", role: "r", password: "p@ss:/w?#%" }));
    expect(decodeURIComponent(url.password)).toBe("p@ss:/w?#%");
    expect(buildConnectionString({ host: "127.0.0.1:5432", database: "d", role: "r", password: "", sslmode: null })).toBe("postgresql://r@127.0.0.1:5432/d");
  });

  it("refuses a missing part or a host that is not a host name", () => {
    expect(() => buildConnectionString({ host: "", database: "d", role: "r", password: "p" })).toThrow(DriftcheckError);
    expect(() => buildConnectionString({ host: "evil/path@x", database: "d", role: "r", password: "p" })).toThrow(DriftcheckError);
  });
});
