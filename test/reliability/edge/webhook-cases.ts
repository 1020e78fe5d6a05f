/**
 * Generated webhook deliveries for the reliability suite (issue 13): GitHub's and Vercel's real
 * payload shapes, then broken in every way a sender, a proxy or an attacker can break them —
 * signatures missing, forged, made with a foreign secret or for another body; headers missing or
 * absurd; bodies that are not JSON, not objects, truncated, deeply nested, huge; fields deleted,
 * retyped or replaced by hostile strings and then RE-SIGNED with the real secret, so the parser
 * and the event mapping see them too. A seeded generator: the same seed gives the same cases.
 */
import { signGitHubPayload } from "../../../src/adapters/github/signature.js";
import { signVercelPayload } from "../../../src/adapters/vercel/index.js";
import { pullRequestPayload, pushPayload, webhookExample } from "../../workers/webhook-examples.js";

export interface WebhookCase {
  /** What was done to it, for the counts and a failure message. */
  kind: string;
  route: "/webhooks/github" | "/webhooks/vercel";
  headers: Record<string, string>;
  body: string | Uint8Array;
  /** The id a stored delivery row would carry (null when the case has none). */
  deliveryId: string | null;
  /** True when the signature is not valid for this body under the Worker's secrets: must be 401. */
  forged: boolean;
}

/** mulberry32: small, seeded, good enough to pick mutations. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const HOSTILE_STRINGS: Json[] = [
  "",
  " ",
  "../../etc/passwd",
  "acme/app\nX-Injected: 1",
  "acme/app\u0000",
  "<img src=x onerror=alert(1)>",
  "![p](http://evil.example/t.png)",
  "`x` | [a](b)",
  "A".repeat(10_000),
  "\u202e\u0000\ud800",
  "refs/heads/main",
  "0".repeat(40),
  "DROP TABLE deliveries; --",
  -1,
  0,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  null,
  [],
  {},
  [null],
  { full_name: "acme/app" },
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function sha(random: () => number): string {
  return Array.from({ length: 40 }, () => Math.floor(random() * 16).toString(16)).join("");
}

/** Every path to a leaf or branch of a JSON value (for deleting or replacing one). */
function paths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = [], depth = 0): (string | number)[][] {
  if (depth > 6 || value === null || typeof value !== "object") return out;
  for (const [key, inner] of Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value)) {
    const path = [...prefix, key];
    out.push(path);
    paths(inner as Json, path, out, depth + 1);
  }
  return out;
}

function mutateAt(root: Json, path: (string | number)[], replace: (old: Json) => Json | undefined): void {
  let node = root as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  const next = replace(node[last]!);
  if (next === undefined) {
    if (Array.isArray(node)) (node as Json[]).splice(Number(last), 1);
    else delete node[last];
  } else node[last] = next;
}

function nested(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

interface Base {
  event: string;
  payload: Json;
}

function githubBases(random: () => number, repo: string): Base[] {
  const installation = 4242;
  return [
    { event: "pull_request", payload: pullRequestPayload({ repo, sha: sha(random), branch: "fuzz", number: 1 + Math.floor(random() * 500), installation }) as unknown as Json },
    { event: "pull_request", payload: pullRequestPayload({ repo, sha: sha(random), branch: "fuzz", number: 2, action: "synchronize", installation }) as unknown as Json },
    { event: "push", payload: pushPayload({ repo, sha: sha(random), ref: "refs/heads/main", installation }) as unknown as Json },
    { event: "check_suite", payload: webhookExample("check_suite", "rerequested") as unknown as Json },
    { event: "installation", payload: webhookExample("installation", "created") as unknown as Json },
    { event: "ping", payload: webhookExample("ping") as unknown as Json },
  ];
}

function vercelBase(random: () => number, repo: string): Json {
  const [org, name] = repo.split("/");
  return {
    id: `evt_${uuid(random).replaceAll("-", "")}`,
    type: pick(random, ["deployment.created", "deployment.succeeded", "deployment.promoted", "deployment.error", "deployment.checkrun.start"]),
    createdAt: Date.now(),
    region: "iad1",
    payload: {
      deployment: { id: `dpl_${uuid(random).slice(0, 8)}`, url: "app.vercel.app", meta: { githubCommitSha: sha(random), githubCommitRef: "fuzz", githubCommitOrg: org!, githubCommitRepo: name! } },
      project: { id: "prj_app" },
      team: { id: "team_driftcheck" },
      target: pick(random, ["production", "preview", null]),
    },
  };
}

/** A structurally mutated copy of `payload` (JSON still), or raw text that is not valid JSON. */
function mutateBody(random: () => number, payload: Json): { text: string; kind: string } {
  const copy = structuredClone(payload);
  const all = paths(copy);
  const roll = random();
  if (roll < 0.25 && all.length > 0) {
    const path = pick(random, all);
    mutateAt(copy, path, () => undefined);
    return { text: JSON.stringify(copy), kind: "field deleted" };
  }
  if (roll < 0.6 && all.length > 0) {
    const path = pick(random, all);
    const value = pick(random, HOSTILE_STRINGS);
    mutateAt(copy, path, () => structuredClone(value));
    return { text: JSON.stringify(copy), kind: "field replaced" };
  }
  if (roll < 0.7) return { text: JSON.stringify(copy).slice(0, Math.floor(random() * JSON.stringify(copy).length)), kind: "truncated JSON" };
  if (roll < 0.75) return { text: JSON.stringify(pick(random, [[], 1, "x", null, true, [copy]])), kind: "not an object" };
  if (roll < 0.8) return { text: nested(1_000 + Math.floor(random() * 20_000)), kind: "deeply nested" };
  if (roll < 0.85) return { text: `{"a":${nested(5_000)}}`, kind: "deeply nested" };
  if (roll < 0.9) return { text: "\ufeff" + JSON.stringify(copy), kind: "byte-order mark" };
  if (roll < 0.95) return { text: Array.from({ length: 64 }, () => String.fromCharCode(Math.floor(random() * 0xffff))).join(""), kind: "random text" };
  return { text: JSON.stringify({ ...(copy as Record<string, Json>), padding: "x".repeat(20_000 + Math.floor(random() * 80_000)) }), kind: "large body" };
}

async function githubCase(random: () => number, secrets: { github: string; foreign: string }, repo: string): Promise<WebhookCase> {
  const base = pick(random, githubBases(random, repo));
  const deliveryId = uuid(random);
  const headers: Record<string, string> = { "content-type": "application/json", "x-github-event": base.event, "x-github-delivery": deliveryId, "user-agent": "GitHub-Hookshot/fuzz" };
  let body = JSON.stringify(base.payload);
  const roll = random();
  let kind: string;
  let forged = false;
  if (roll < 0.55) {
    const mutated = mutateBody(random, base.payload);
    body = mutated.text;
    kind = `re-signed: ${mutated.kind}`;
    headers["x-hub-signature-256"] = await signGitHubPayload(body, secrets.github);
  } else if (roll < 0.65) {
    kind = "signature: foreign secret";
    forged = true;
    headers["x-hub-signature-256"] = await signGitHubPayload(body, secrets.foreign);
  } else if (roll < 0.7) {
    kind = "signature: missing";
    forged = true;
  } else if (roll < 0.75) {
    kind = "signature: for another body";
    forged = true;
    headers["x-hub-signature-256"] = await signGitHubPayload(body + " ", secrets.github);
    body = mutateBody(random, base.payload).text;
  } else if (roll < 0.8) {
    kind = "signature: malformed";
    forged = true;
    headers["x-hub-signature-256"] = pick(random, ["sha256=", "sha1=abc", "sha256=zz", `sha256=${"0".repeat(64)}`, "x".repeat(5_000), "sha256=" + "a".repeat(63)]);
  } else if (roll < 0.85) {
    kind = "headers: event or delivery missing";
    headers["x-hub-signature-256"] = await signGitHubPayload(body, secrets.github);
    delete headers[pick(random, ["x-github-event", "x-github-delivery"])];
  } else if (roll < 0.9) {
    kind = "headers: unknown event";
    headers["x-github-event"] = pick(random, ["", "nope", "pull_request ", "PULL_REQUEST", "issues", "x".repeat(300)]);
    headers["x-hub-signature-256"] = await signGitHubPayload(body, secrets.github);
  } else if (roll < 0.93) {
    kind = "headers: form-encoded content type";
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = `payload=${encodeURIComponent(body)}`;
    headers["x-hub-signature-256"] = await signGitHubPayload(body, secrets.github);
  } else {
    kind = "valid";
    headers["x-hub-signature-256"] = await signGitHubPayload(body, secrets.github);
  }
  return { kind: `github ${kind}`, route: "/webhooks/github", headers, body, deliveryId: headers["x-github-delivery"] ?? null, forged };
}

async function vercelCase(random: () => number, secrets: { vercel: string; foreign: string }, repo: string): Promise<WebhookCase> {
  const base = vercelBase(random, repo);
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "Vercel-Webhook/fuzz" };
  let body = JSON.stringify(base);
  const roll = random();
  let kind: string;
  let forged = false;
  if (roll < 0.6) {
    const mutated = mutateBody(random, base);
    body = mutated.text;
    kind = `re-signed: ${mutated.kind}`;
    headers["x-vercel-signature"] = await signVercelPayload(body, secrets.vercel);
  } else if (roll < 0.75) {
    kind = "signature: foreign secret";
    forged = true;
    headers["x-vercel-signature"] = await signVercelPayload(body, secrets.foreign);
  } else if (roll < 0.85) {
    kind = "signature: missing or malformed";
    forged = true;
    const bad = pick(random, [null, "", "zz", "0".repeat(40), "sha1=" + "0".repeat(40)]);
    if (bad !== null) headers["x-vercel-signature"] = bad;
  } else {
    kind = "valid";
    headers["x-vercel-signature"] = await signVercelPayload(body, secrets.vercel);
  }
  const id = (base as { id: string }).id;
  return { kind: `vercel ${kind}`, route: "/webhooks/vercel", headers, body, deliveryId: id, forged };
}

/** `count` cases, about three GitHub deliveries to one Vercel delivery. */
export async function generateWebhookCases(
  count: number,
  options: { seed: number; secrets: { github: string; vercel: string; foreign: string }; repoPrefix: string },
): Promise<WebhookCase[]> {
  const random = prng(options.seed);
  const cases: WebhookCase[] = [];
  for (let index = 0; index < count; index++) {
    const repo = `${options.repoPrefix}-${index % 7}`;
    cases.push(random() < 0.75 ? await githubCase(random, options.secrets, repo) : await vercelCase(random, options.secrets, repo));
  }
  return cases;
}

/** Bodies past the 5 MiB limit (a few: each costs a 5 MiB signature), validly signed: 413, never parsed. */
export async function oversizedCases(secret: string, count: number): Promise<WebhookCase[]> {
  const cases: WebhookCase[] = [];
  for (let index = 0; index < count; index++) {
    const deliveryId = crypto.randomUUID();
    const body = index % 2 === 0 ? JSON.stringify({ padding: "x".repeat(5 * 1024 * 1024 + 10) }) : "[".repeat(5 * 1024 * 1024 + 10);
    cases.push({ kind: "github oversized (over 5 MiB)", route: "/webhooks/github", body, deliveryId, forged: false, headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": deliveryId, "x-hub-signature-256": await signGitHubPayload(body, secret) } });
  }
  return cases;
}

/** The same deliveries but with identifiers GitHub never sends (issue 13 item 9): each must be 400 and stored nowhere. */
export async function invalidIdentifierCases(secret: string): Promise<WebhookCase[]> {
  const names = ["", "../../etc/passwd", "A".repeat(10_000), "acme/app\nx", "acme", "acme/app/extra", "-acme/app", "acme/.."];
  const cases: WebhookCase[] = [];
  for (const name of names) {
    const payload = pushPayload({ repo: "acme/app", sha: "a".repeat(40), ref: "refs/heads/main" }) as unknown as { repository: Record<string, unknown> };
    payload.repository.full_name = name;
    const body = JSON.stringify(payload);
    const deliveryId = crypto.randomUUID();
    cases.push({ kind: `repository.full_name ${JSON.stringify(name.slice(0, 20))}`, route: "/webhooks/github", body, deliveryId, forged: false, headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": deliveryId, "x-hub-signature-256": await signGitHubPayload(body, secret) } });
  }
  for (const deliveryId of ["x".repeat(120 * 1024), "not-a-guid", "", "../x"]) {
    const body = JSON.stringify(pushPayload({ repo: "acme/app", sha: "b".repeat(40), ref: "refs/heads/main" }));
    cases.push({ kind: `X-GitHub-Delivery of ${deliveryId.length} chars`, route: "/webhooks/github", body, deliveryId, forged: false, headers: { "content-type": "application/json", "x-github-event": "push", "x-github-delivery": deliveryId, "x-hub-signature-256": await signGitHubPayload(body, secret) } });
  }
  return cases;
}
