/**
 * Vercel webhook signature (PROTOCOLS.md "Vercel"): `x-vercel-signature` is the lowercase hex
 * HMAC-SHA1 of the raw body, keyed with the account webhook's secret (or the integration's client
 * secret). Verified over the raw bytes with `crypto.subtle.verify`, which compares in constant
 * time; several secrets are accepted so one can be rotated without dropping deliveries.
 */
import { bytesToHex, hexToBytes, utf8 } from "../github/encoding.js";
import { hmacKeys } from "../github/hmac-keys.js";

const keys = hmacKeys("SHA-1");

/** HMAC-SHA1 is 20 bytes. */
const SIGNATURE_HEX_LENGTH = 40;

export async function verifyVercelSignature(rawBody: ArrayBuffer | Uint8Array, header: string | null, secrets: readonly string[]): Promise<boolean> {
  if (header === null) return false;
  const hex = header.trim();
  if (hex.length !== SIGNATURE_HEX_LENGTH) return false;
  const signature = hexToBytes(hex);
  if (signature === null) return false;
  const body = rawBody instanceof Uint8Array ? rawBody : new Uint8Array(rawBody);
  for (const secret of secrets) {
    if (secret === "") continue; // an unset secret must never match
    const key = await keys.verifyKey(secret);
    if (await crypto.subtle.verify("HMAC", key, signature, body)) return true;
  }
  return false;
}

/** The header value Vercel sends for a body: used by tests and local senders. */
export async function signVercelPayload(rawBody: ArrayBuffer | Uint8Array | string, secret: string): Promise<string> {
  const body = typeof rawBody === "string" ? utf8(rawBody) : rawBody instanceof Uint8Array ? rawBody : new Uint8Array(rawBody);
  const key = await keys.signKey(secret);
  return bytesToHex(new Uint8Array(await crypto.subtle.sign("HMAC", key, body)));
}

