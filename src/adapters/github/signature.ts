/**
 * Webhook signature check: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`.
 * Verified over the raw bytes (never re-serialised JSON) with `crypto.subtle.verify`, which
 * compares in constant time. Several secrets are accepted so a secret can be rotated without
 * dropping deliveries. https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 */
import { bytesToHex, hexToBytes, utf8 } from "./encoding.js";
import { hmacKeys } from "./hmac-keys.js";

const keys = hmacKeys("SHA-256");

const PREFIX = "sha256=";
/** HMAC-SHA256 is 32 bytes. */
const SIGNATURE_HEX_LENGTH = 64;

export async function verifyGitHubSignature(
  rawBody: ArrayBuffer | Uint8Array,
  header: string | null,
  secrets: string[],
): Promise<boolean> {
  if (header === null || !header.startsWith(PREFIX)) return false;
  const hex = header.slice(PREFIX.length).trim();
  if (hex.length !== SIGNATURE_HEX_LENGTH) return false;
  const signature = hexToBytes(hex);
  if (signature === null) return false;
  const body = rawBody instanceof Uint8Array ? rawBody : new Uint8Array(rawBody);
  for (const secret of secrets) {
    if (secret === "") continue; // an unset secret must never match an unsigned body
    const key = await keys.verifyKey(secret);
    if (await crypto.subtle.verify("HMAC", key, signature, body)) return true;
  }
  return false;
}

/** `sha256=<hex>` for a body: what GitHub sends, used by tests and local senders. */
export async function signGitHubPayload(rawBody: ArrayBuffer | Uint8Array | string, secret: string): Promise<string> {
  const body = typeof rawBody === "string" ? utf8(rawBody) : rawBody instanceof Uint8Array ? rawBody : new Uint8Array(rawBody);
  const key = await keys.signKey(secret);
  return PREFIX + bytesToHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, body)));
}

