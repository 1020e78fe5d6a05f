/**
 * A local server that speaks Neon's SQL-over-HTTP protocol (what `neon()` from
 * @neondatabase/serverless sends), over a real PostgreSQL (node-postgres) or a PGlite.
 * For tests and local development only — never bundled into the Worker.
 *
 * Protocol (docs/PROTOCOLS.md, checked against the client's source, 1.2.0):
 *  - `POST /sql`; headers `Neon-Connection-String` (required), `Neon-Raw-Text-Output: true`,
 *    `Neon-Array-Mode`, and for batches `Neon-Batch-Isolation-Level`, `Neon-Batch-Read-Only`,
 *    `Neon-Batch-Deferrable`;
 *  - body `{query, params}` or `{queries: [{query, params}, …]}`; one statement per query, run
 *    with the extended protocol (so two commands in one query fail as on Neon);
 *  - 200 `{fields, rows, command, rowCount, rowAsArray}` or `{results: […]}`, every value as
 *    PostgreSQL text; a PostgreSQL error is HTTP 400 with its fields (`message`, `code`,
 *    `position`, …) and rolls the whole batch back; a body over the limit is 413, a response
 *    over the limit 507, anything else that breaks 500.
 *
 * Every request is recorded WITHOUT secrets (the password is replaced), with when it started and
 * ended, for assertions.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { types as pgliteTypes, type PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { RecordedNeonRequest } from "./stand-in-records.js";

export type { RecordedNeonRequest };

export interface NeonQuery {
  query: string;
  params: (string | null)[];
}

export interface BatchOptions {
  isolationLevel: "Serializable" | "ReadUncommitted" | "ReadCommitted" | "RepeatableRead" | undefined;
  readOnly: boolean | undefined;
  deferrable: boolean | undefined;
}

export interface NeonField {
  name: string;
  dataTypeID: number;
  tableID: number;
  columnID: number;
  dataTypeSize: number;
  dataTypeModifier: number;
  format: "text";
}

export interface NeonQueryResult {
  fields: NeonField[];
  rows: (string | null)[][] | Record<string, string | null>[];
  command: string;
  rowCount: number | null;
  rowAsArray: boolean;
}

/** Runs the queries of one request; throws the backend's PostgreSQL error (with `code`) on failure. */
export interface NeonHttpBackend {
  run(connection: ConnectionInfo, queries: NeonQuery[], batch: BatchOptions | null): Promise<ArrayResult[]>;
  close?(): Promise<void>;
}

/** One statement's result as the backend reports it (rows always arrays of text). */
export interface ArrayResult {
  fields: NeonField[];
  rows: (string | null)[][];
  command: string;
  rowCount: number | null;
}

/** The parsed `Neon-Connection-String` (the password is kept only in memory, never recorded). */
export interface ConnectionInfo {
  url: URL;
  user: string;
  password: string;
  host: string;
  database: string;
}

export interface FaultResponse {
  status: number;
  body: string;
  contentType?: string;
}

export interface NeonHttpServerOptions {
  backend: NeonHttpBackend;
  /** Request bodies above this many bytes get 413 (default 10 MiB). */
  maxRequestBytes?: number;
  /** Responses above this many bytes get 507 (default 64 MiB). */
  maxResponseBytes?: number;
  /** Answer a request differently (fault injection): return a response, or undefined to serve it. */
  intercept?: (request: RecordedNeonRequest) => FaultResponse | undefined | Promise<FaultResponse | undefined>;
  /** Refuse credentials like Neon's proxy would (SQLSTATE 28P01); default: accept all. */
  authenticate?: (user: string, password: string) => boolean;
}

export interface NeonHttpServer {
  /** `http://127.0.0.1:PORT/sql`: pass as `fetchEndpoint`. */
  endpoint: string;
  port: number;
  requests: RecordedNeonRequest[];
  close(): Promise<void>;
}

const ISOLATION_SQL: Record<string, string> = {
  Serializable: "SERIALIZABLE",
  ReadUncommitted: "READ UNCOMMITTED",
  ReadCommitted: "READ COMMITTED",
  RepeatableRead: "REPEATABLE READ",
};

/** Fields of a PostgreSQL error sent back, as the client copies them onto `NeonDbError`. */
const ERROR_FIELDS = [
  "severity", "code", "detail", "hint", "position", "internalPosition", "internalQuery", "where",
  "schema", "table", "column", "dataType", "constraint", "file", "line", "routine",
] as const;

export async function startNeonHttpServer(options: NeonHttpServerOptions): Promise<NeonHttpServer> {
  const requests: RecordedNeonRequest[] = [];
  const server = createServer((req, res) => {
    handle(req, res, options, requests).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { message: `stand-in failure: ${error instanceof Error ? error.message : String(error)}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}/sql`,
    port,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await options.backend.close?.();
    },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: NeonHttpServerOptions, requests: RecordedNeonRequest[]): Promise<void> {
  const connectionHeader = header(req, "neon-connection-string");
  const connection = connectionHeader === undefined ? null : parseConnectionString(connectionHeader);
  const record: RecordedNeonRequest = {
    method: req.method ?? "",
    path: new URL(req.url ?? "/", "http://stand-in").pathname,
    headers: recordedHeaders(req, connection),
    connection: connection ? `${connection.user}@${connection.host}/${connection.database}` : null,
    body: undefined,
    status: 0,
    startedAt: Date.now(),
    endedAt: null,
  };
  requests.push(record);
  // `finish`: the response was sent; `close` alone: the client went away first (e.g. it aborted).
  res.once("finish", () => (record.endedAt ??= Date.now()));
  res.once("close", () => (record.endedAt ??= Date.now()));
  const reply = (status: number, body: unknown) => {
    record.status = status;
    send(res, status, body);
  };

  if (record.path !== "/sql") return reply(404, { message: `no route ${record.method} ${record.path}` });
  if (record.method !== "POST") return reply(405, { message: "only POST /sql" });

  const raw = await readBody(req, options.maxRequestBytes ?? 10 * 1024 * 1024);
  if (raw === null) return reply(413, { message: "request body too large" });
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return reply(400, { message: "request body is not valid JSON" });
  }
  record.body = body;

  const fault = await options.intercept?.(record);
  if (fault) {
    record.status = fault.status;
    res.writeHead(fault.status, { "content-type": fault.contentType ?? "application/json" });
    res.end(fault.body);
    return;
  }

  if (connectionHeader === undefined) return reply(400, { message: "missing Neon-Connection-String header" });
  if (connection === null) return reply(400, { message: "Neon-Connection-String is not a valid postgres:// URL with user, host and database" });
  if (header(req, "neon-raw-text-output") !== "true") {
    return reply(400, { message: "this stand-in serves only Neon-Raw-Text-Output: true (what neon() sends)" });
  }
  const arrayMode = header(req, "neon-array-mode") === "true";

  const parsed = parseBody(body);
  if (typeof parsed === "string") return reply(400, { message: parsed });
  let batch: BatchOptions | null = null;
  if (parsed.batch) {
    const options = parseBatchHeaders(req);
    if (typeof options === "string") return reply(400, { message: options });
    batch = options;
  }

  if (options.authenticate && !options.authenticate(connection.user, connection.password)) {
    return reply(400, { message: `password authentication failed for user "${connection.user}"`, code: "28P01", severity: "FATAL" });
  }

  let results: ArrayResult[];
  try {
    results = await options.backend.run(connection, parsed.queries, batch);
  } catch (error) {
    const fields = postgresErrorFields(error);
    if (fields) return reply(400, fields);
    return reply(500, { message: "could not run the query on the backing database" });
  }
  const payloads = results.map((result) => toNeonResult(result, arrayMode));
  const payload = parsed.batch ? { results: payloads } : payloads[0];
  const text = JSON.stringify(payload);
  if (Buffer.byteLength(text) > (options.maxResponseBytes ?? 64 * 1024 * 1024)) {
    record.status = 507;
    res.writeHead(507, { "content-type": "text/plain" });
    res.end("response is too large");
    return;
  }
  record.status = 200;
  res.writeHead(200, { "content-type": "application/json" });
  res.end(text);
}

function toNeonResult(result: ArrayResult, arrayMode: boolean): NeonQueryResult {
  const rows = arrayMode
    ? result.rows
    : result.rows.map((row) => Object.fromEntries(result.fields.map((field, i) => [field.name, row[i] ?? null])));
  return { fields: result.fields, rows, command: result.command, rowCount: result.rowCount, rowAsArray: arrayMode };
}

function parseBody(body: unknown): { batch: boolean; queries: NeonQuery[] } | string {
  if (typeof body !== "object" || body === null) return "request body must be a JSON object";
  const object = body as Record<string, unknown>;
  if ("queries" in object) {
    if (!Array.isArray(object["queries"])) return "`queries` must be an array";
    const queries: NeonQuery[] = [];
    for (const item of object["queries"]) {
      const query = parseQuery(item);
      if (typeof query === "string") return query;
      queries.push(query);
    }
    return { batch: true, queries };
  }
  const query = parseQuery(object);
  return typeof query === "string" ? query : { batch: false, queries: [query] };
}

function parseQuery(value: unknown): NeonQuery | string {
  if (typeof value !== "object" || value === null) return "each query must be an object {query, params}";
  const { query, params } = value as Record<string, unknown>;
  if (typeof query !== "string") return "`query` must be a string";
  if (params !== undefined && !Array.isArray(params)) return "`params` must be an array";
  const list: (string | null)[] = [];
  for (const param of (params as unknown[] | undefined) ?? []) {
    if (param === null || typeof param === "string") list.push(param);
    else if (typeof param === "number" || typeof param === "boolean") list.push(String(param));
    else return "`params` must hold strings, numbers, booleans or null";
  }
  return { query, params: list };
}

function parseBatchHeaders(req: IncomingMessage): BatchOptions | string {
  const isolation = header(req, "neon-batch-isolation-level");
  if (isolation !== undefined && !(isolation in ISOLATION_SQL)) return `invalid Neon-Batch-Isolation-Level: ${isolation}`;
  const readOnly = booleanHeader(req, "neon-batch-read-only");
  const deferrable = booleanHeader(req, "neon-batch-deferrable");
  if (readOnly === "invalid" || deferrable === "invalid") return "Neon-Batch-Read-Only and Neon-Batch-Deferrable must be true or false";
  return { isolationLevel: isolation as BatchOptions["isolationLevel"], readOnly, deferrable };
}

function booleanHeader(req: IncomingMessage, name: string): boolean | undefined | "invalid" {
  const value = header(req, name);
  if (value === undefined) return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  return "invalid";
}

/** `BEGIN [ISOLATION LEVEL …] [READ ONLY|READ WRITE] [[NOT] DEFERRABLE]` for a batch. */
export function beginStatement(batch: BatchOptions): string {
  const parts = ["BEGIN"];
  if (batch.isolationLevel) parts.push(`ISOLATION LEVEL ${ISOLATION_SQL[batch.isolationLevel]}`);
  if (batch.readOnly !== undefined) parts.push(batch.readOnly ? "READ ONLY" : "READ WRITE");
  if (batch.deferrable !== undefined) parts.push(batch.deferrable ? "DEFERRABLE" : "NOT DEFERRABLE");
  return parts.join(" ");
}

function parseConnectionString(text: string): ConnectionInfo | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") return null;
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!url.username || !url.hostname || !database) return null;
  return { url, user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), host: url.host, database };
}

function recordedHeaders(req: IncomingMessage, connection: ConnectionInfo | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  if (out["neon-connection-string"] !== undefined) {
    if (connection) {
      const safe = new URL(connection.url.toString());
      if (safe.password) safe.password = "***";
      out["neon-connection-string"] = safe.toString();
    } else {
      out["neon-connection-string"] = "(unparsable)";
    }
  }
  if (out["authorization"] !== undefined) out["authorization"] = "***";
  return out;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) tooLarge = true; // keep draining so the client sees the 413, not a reset
    else chunks.push(chunk);
  }
  return tooLarge ? null : Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** A PostgreSQL error's fields as Neon sends them, or null when `error` is not one. */
function postgresErrorFields(error: unknown): Record<string, unknown> | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as Record<string, unknown>;
  if (typeof e["code"] !== "string" || !/^[0-9A-Z]{5}$/.test(e["code"])) return null;
  const out: Record<string, unknown> = { message: typeof e["message"] === "string" ? e["message"] : "" };
  for (const key of ERROR_FIELDS) if (e[key] !== undefined && e[key] !== null) out[key] = e[key];
  return out;
}

// ---------------------------------------------------------------------------------------------
// Backends

export interface PgBackendOptions {
  /**
   * Where the requests' databases live, e.g. `postgresql://postgres@127.0.0.1:5432/postgres`:
   * the request's host and port are replaced by this URL's, its query dropped; the user,
   * password and database are the request's unless `keepUser` is false (then the base URL's).
   */
  baseUrl: string;
  keepUser?: boolean;
  /** Full control instead of the rule above. */
  mapConnectionString?: (connection: ConnectionInfo) => string;
}

const identity = (value: string) => value;
const RAW_TEXT = { getTypeParser: () => identity } as unknown as pg.CustomTypesConfig;

/** Each request opens its own node-postgres connection, as Neon's proxy gives each its session. */
export function pgBackend(options: PgBackendOptions): NeonHttpBackend {
  const map = options.mapConnectionString ?? ((connection: ConnectionInfo) => localUrl(connection, options));
  return {
    async run(connection, queries, batch) {
      const client = new pg.Client({ connectionString: map(connection), types: RAW_TEXT });
      client.on("error", () => undefined);
      await client.connect();
      try {
        if (batch) await client.query(beginStatement(batch));
        const results: ArrayResult[] = [];
        for (const query of queries) {
          const result = (await client.query({
            text: query.query,
            values: query.params,
            rowMode: "array",
            types: RAW_TEXT,
            queryMode: "extended",
          } as pg.QueryArrayConfig)) as pg.QueryArrayResult;
          results.push({
            fields: result.fields.map((field) => ({
              name: field.name,
              dataTypeID: field.dataTypeID,
              tableID: field.tableID,
              columnID: field.columnID,
              dataTypeSize: field.dataTypeSize,
              dataTypeModifier: field.dataTypeModifier,
              format: "text" as const,
            })),
            rows: result.rows as (string | null)[][],
            command: result.command,
            rowCount: result.rowCount,
          });
        }
        if (batch) await client.query("COMMIT");
        return results;
      } catch (error) {
        if (batch) await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}

function localUrl(connection: ConnectionInfo, options: PgBackendOptions): string {
  const base = new URL(options.baseUrl);
  const url = new URL(`${base.protocol}//${base.host}/`);
  url.pathname = `/${encodeURIComponent(connection.database)}`;
  if (options.keepUser === false) {
    url.username = base.username;
    url.password = base.password;
  } else {
    url.username = encodeURIComponent(connection.user);
    if (connection.password) url.password = encodeURIComponent(connection.password);
  }
  return url.toString();
}

/**
 * One in-process PGlite for every request (whatever database the connection string names).
 * PGlite is a single session, so requests run one at a time.
 */
export function pgliteBackend(db: PGlite): NeonHttpBackend {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    run(_connection, queries, batch) {
      return serial(async () => {
        const parsers = Object.fromEntries([...Object.keys(pgliteTypes.parsers), ...Object.keys(db.parsers)].map((oid) => [oid, identity]));
        // Params arrive as text: keep PGlite from re-encoding them (it would JSON.stringify a jsonb string).
        const serializers = Object.fromEntries(
          [...Object.keys(pgliteTypes.serializers), ...Object.keys(db.serializers)].map((oid) => [oid, (value: unknown) => String(value)]),
        );
        if (batch) await db.exec(beginStatement(batch));
        try {
          const results: ArrayResult[] = [];
          for (const query of queries) {
            const result = await db.query<(string | null)[]>(query.query, query.params, { rowMode: "array", parsers, serializers });
            results.push({
              fields: result.fields.map((field) => ({
                name: field.name,
                dataTypeID: field.dataTypeID,
                tableID: 0,
                columnID: 0,
                dataTypeSize: -1,
                dataTypeModifier: -1,
                format: "text" as const,
              })),
              rows: result.rows,
              command: result.command ?? "",
              rowCount: result.command === "SELECT" || result.affectedRows === undefined ? result.rows.length : result.affectedRows,
            });
          }
          if (batch) await db.exec("COMMIT");
          return results;
        } catch (error) {
          if (batch) await db.exec("ROLLBACK").catch(() => undefined);
          throw error;
        }
      });
    },
  };
}
