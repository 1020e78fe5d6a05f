/**
 * Stand-in for a Slack incoming webhook (Node, node:http), the receiver of the production
 * monitor's alerts. `POST /hooks/<token>` takes what Slack's incoming webhooks take and answers as
 * they do (https://api.slack.com/messaging/webhooks): a JSON body with a non-empty `text` (the
 * notification fallback driftcheck always sends) and optional Block Kit `blocks` (a list of at
 * most 50 known block types; section text is mrkdwn or plain_text, at most 3,000 characters) →
 * 200 `ok`; otherwise 400 `invalid_payload`, `no_text` or `invalid_blocks`; a wrong token → 404
 * `no_service`, another method → 405.
 *
 * Control routes for the tests (read through `fetch` from workerd):
 *  - `GET /control/messages?match=S` → every attempt whose text contains S: `{ messages: [...] }`;
 *  - `POST /control/fail {match, count, status?}` → the next `count` attempts whose text contains
 *    `match` are answered `status` (default 500) and recorded with it, as a Slack outage would be.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import type { ReceivedAlert } from "./alert-records.js";

export type { ReceivedAlert } from "./alert-records.js";

export interface AlertReceiver {
  /** The incoming-webhook URL to give the Worker (ALERT_WEBHOOK_URL); its path is the secret. */
  webhookUrl: string;
  /** Base of the control routes. */
  controlUrl: string;
  received: ReceivedAlert[];
  close(): Promise<void>;
}

const BLOCK_TYPES = new Set(["section", "context", "header", "divider", "actions", "image", "rich_text"]);
const MAX_BLOCKS = 50;
const SECTION_TEXT_MAX = 3000;

export async function startAlertReceiver(): Promise<AlertReceiver> {
  const token = `T0TEST/B0TEST/${randomBytes(12).toString("hex")}`;
  const received: ReceivedAlert[] = [];
  const failures: { match: string; count: number; status: number }[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, error instanceof Error ? error.message : String(error)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://alerts");
    const text = await readBody(req);
    if (url.pathname.startsWith("/hooks/")) {
      if (url.pathname !== `/hooks/${token}`) return send(res, 404, "no_service");
      if (req.method !== "POST") return send(res, 405, "invalid_method");
      const problem = validate(req.headers["content-type"], text);
      if (problem) return send(res, 400, problem);
      const body = JSON.parse(text) as { text: string; blocks?: unknown[] };
      const rule = failures.find((candidate) => candidate.count > 0 && body.text.includes(candidate.match));
      const status = rule ? rule.status : 200;
      if (rule) rule.count--;
      received.push({ text: body.text, blocks: body.blocks ?? null, status, receivedAt: Date.now() });
      return send(res, status, status === 200 ? "ok" : "service_unavailable");
    }
    if (req.method === "GET" && url.pathname === "/control/messages") {
      const match = url.searchParams.get("match") ?? "";
      return sendJson(res, 200, { messages: received.filter((message) => message.text.includes(match)) });
    }
    if (req.method === "POST" && url.pathname === "/control/fail") {
      const rule = JSON.parse(text) as { match: string; count: number; status?: number };
      failures.push({ match: rule.match, count: rule.count, status: rule.status ?? 500 });
      return sendJson(res, 200, { ok: true });
    }
    return send(res, 404, "not found");
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    webhookUrl: `${base}/hooks/${token}`,
    controlUrl: `${base}/control`,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Slack's answers for payloads it refuses; null when the payload is acceptable. */
function validate(contentType: string | undefined, text: string): string | null {
  if (!contentType?.startsWith("application/json")) return "invalid_payload";
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return "invalid_payload";
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "invalid_payload";
  const { text: fallback, blocks } = body as { text?: unknown; blocks?: unknown };
  if (typeof fallback !== "string" || fallback.trim() === "") return "no_text";
  if (blocks === undefined) return null;
  if (!Array.isArray(blocks) || blocks.length > MAX_BLOCKS) return "invalid_blocks";
  return blocks.every(validBlock) ? null : "invalid_blocks";
}

function validBlock(block: unknown): boolean {
  if (typeof block !== "object" || block === null) return false;
  const { type, text, elements } = block as { type?: unknown; text?: unknown; elements?: unknown };
  if (typeof type !== "string" || !BLOCK_TYPES.has(type)) return false;
  if (type === "section") return validText(text, SECTION_TEXT_MAX) && elements === undefined;
  if (type === "context") return Array.isArray(elements) && elements.length > 0 && elements.length <= 10 && elements.every((element) => validText(element, SECTION_TEXT_MAX));
  return true;
}

function validText(value: unknown, max: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  const { type, text } = value as { type?: unknown; text?: unknown };
  return (type === "mrkdwn" || type === "plain_text") && typeof text === "string" && text.length > 0 && text.length <= max;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain" });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
