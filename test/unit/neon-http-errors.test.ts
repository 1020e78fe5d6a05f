/**
 * createNeonHttpExecutor's transport failures, through the real `neon()` client against the
 * local SQL-over-HTTP endpoint answering with faults (no database involved): every failure
 * becomes the right DriftcheckError kind, and none carries the password.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNeonHttpExecutor } from "../../src/adapters/neon-http/index.js";
import { DriftcheckError, errorToJson } from "../../src/core/errors.js";
import { startNeonHttpServer, type FaultResponse, type NeonHttpServer } from "../support/neon-http-server.js";

const CANARY = "canary-Unit-Pw-55c1";
const URL_WITH_CANARY = `postgresql://reader:${CANARY}@ep-misty-sea-000001.eu-central-1.aws.neon.tech/neondb?sslmode=require`;

let nextFault: (() => Promise<FaultResponse>) | null = null;
let server: NeonHttpServer;

beforeAll(async () => {
  server = await startNeonHttpServer({
    backend: {
      run() {
        throw new Error("no database in unit tests: every request here must be answered by a fault");
      },
    },
    intercept: () => nextFault?.(),
  });
});

afterAll(async () => {
  await server?.close();
});

async function failWith(fault: FaultResponse | (() => Promise<FaultResponse>), options: { timeoutMs?: number; timeoutMarginMs?: number } = {}) {
  nextFault = typeof fault === "function" ? fault : async () => fault;
  const executor = createNeonHttpExecutor(URL_WITH_CANARY, {
    fetchEndpoint: server.endpoint,
    ...(options.timeoutMarginMs === undefined ? {} : { timeoutMarginMs: options.timeoutMarginMs }),
  });
  const error = await executor.runReadOnly([{ sql: "SELECT 1" }], { timeoutMs: options.timeoutMs ?? 5_000 }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DriftcheckError);
  const everything = JSON.stringify({ ...errorToJson(error), detail: (error as DriftcheckError).detail, stack: (error as Error).stack, cause: String((error as Error).cause) });
  expect(everything).not.toContain(CANARY);
  return error as DriftcheckError;
}

describe("Neon HTTP transport failures", () => {
  it.each([500, 502, 503, 429])("HTTP %i → transient connection error", async (status) => {
    const error = await failWith({ status, body: `upstream broke for ${URL_WITH_CANARY}`, contentType: "text/plain" });
    expect(error.kind).toBe("connection");
    expect(error.transient).toBe(true);
    expect(error.message).toContain(String(status));
  });

  it("HTTP 507 → the catalog is too large for the transport (user error with a fix)", async () => {
    const error = await failWith({ status: 507, body: "response is too large", contentType: "text/plain" });
    expect(error.kind).toBe("user");
    expect(error.message).toMatch(/too large/);
    expect(error.hint).toMatch(/schemaFilter/);
  });

  it("HTTP 413 → the request is too large (user error)", async () => {
    const error = await failWith({ status: 413, body: "request too large", contentType: "text/plain" });
    expect(error.kind).toBe("user");
    expect(error.message).toMatch(/413/);
  });

  it("a PostgreSQL error (HTTP 400) keeps its SQLSTATE, detail and hint; lock timeouts are transient", async () => {
    const error = await failWith({
      status: 400,
      body: JSON.stringify({ message: `canceling statement due to lock timeout near ${CANARY}`, code: "55P03", detail: "d", hint: "h", severity: "ERROR" }),
    });
    expect(error).toMatchObject({ kind: "database", code: "55P03", detail: "d", hint: "h", transient: true });
    const cache = await failWith({ status: 400, body: JSON.stringify({ message: "cache lookup failed for relation 123", code: "XX000" }) });
    expect(cache).toMatchObject({ kind: "database", code: "XX000", transient: true });
  });

  it("a 400 without SQLSTATE (the proxy itself) → connection error", async () => {
    const error = await failWith({ status: 400, body: JSON.stringify({ message: "Couldn't connect to compute node" }) });
    expect(error.kind).toBe("connection");
    expect(error.code).toBeUndefined();
  });

  it("a 200 that is not the protocol's JSON → transient connection error", async () => {
    const error = await failWith({ status: 200, body: '{"results": [{"fields": [', contentType: "application/json" });
    expect(error.kind).toBe("connection");
    expect(error.transient).toBe(true);
  });

  it.each(['{"results":[]}', '{"results":[{"rows":[],"fields":[]}]}', '{"results":{}}', "{}"])(
    "a 200 with the wrong number of results (%s) → transient connection error, never an internal one",
    async (body) => {
      const error = await failWith({ status: 200, body, contentType: "application/json" });
      expect(error.kind).toBe("connection");
      expect(error.transient).toBe(true);
      expect(errorToJson(error).hint ?? "").not.toContain("driftcheck bug");
    },
  );

  it("rows that are not raw text arrays → connection error naming the protocol", async () => {
    const result = { fields: [{ name: "n", dataTypeID: 23 }], rows: [[1]], command: "SELECT", rowCount: 1, rowAsArray: true };
    const error = await failWith({ status: 200, body: JSON.stringify({ results: [result, result] }) });
    expect(error.kind).toBe("connection");
    expect(error.message).toMatch(/raw text/);
  });

  it("no answer within the timeout → the request is aborted, transient 57014", async () => {
    const started = Date.now();
    const error = await failWith(
      // Answers only after 30 s: far beyond the 200 ms timeout, so a busy machine cannot blur the two.
      () => new Promise((resolve) => setTimeout(() => resolve({ status: 200, body: "{}" }), 30_000).unref()),
      { timeoutMs: 100, timeoutMarginMs: 100 },
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(error).toMatchObject({ kind: "connection", code: "57014", transient: true });
  });

  it("an unreachable endpoint → transient connection error", async () => {
    const closed = await startNeonHttpServer({ backend: { run: async () => [] } });
    const endpoint = closed.endpoint;
    await closed.close();
    const error = await createNeonHttpExecutor(URL_WITH_CANARY, { fetchEndpoint: endpoint })
      .runReadOnly([{ sql: "SELECT 1" }], { timeoutMs: 2_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriftcheckError);
    expect(error).toMatchObject({ kind: "connection", transient: true });
    expect(JSON.stringify(errorToJson(error))).not.toContain(CANARY);
  });

  it("a caller's abort signal stops the request", async () => {
    nextFault = () => new Promise((resolve) => setTimeout(() => resolve({ status: 200, body: "{}" }), 3_000));
    const controller = new AbortController();
    const executor = createNeonHttpExecutor(URL_WITH_CANARY, { fetchEndpoint: server.endpoint, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await executor.runReadOnly([{ sql: "SELECT 1" }], { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "connection", transient: true, message: expect.stringMatching(/aborted/) });
  });

  it("uses the fetchFunction it is given", async () => {
    nextFault = async () => ({ status: 503, body: "x" });
    let calls = 0;
    const executor = createNeonHttpExecutor(URL_WITH_CANARY, {
      fetchEndpoint: server.endpoint,
      fetchFunction: (input, init) => {
        calls += 1;
        return fetch(input, init);
      },
    });
    await executor.runReadOnly([{ sql: "SELECT 1" }], { timeoutMs: 1_000 }).catch(() => undefined);
    expect(calls).toBe(1);
  });
});
