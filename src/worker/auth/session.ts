/**
 * The dashboard session: a cookie `<expires>.<nonce>.<signature>` where the signature is
 * HMAC-SHA256 (WebCrypto) over `driftcheck-session.v1.<expires>.<nonce>`. Nothing else is in it
 * (the dashboard has one user: whoever holds the dashboard token), so there is no server state;
 * changing SESSION_SECRET (or the token it defaults to) signs everyone out.
 */
export const SESSION_COOKIE = "driftcheck_session";
/** How long a sign-in lasts. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/** The HMAC key for a secret, derived with HKDF so the cookie key is never the sign-in token itself. */
function sessionKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle
      .importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"])
      .then((base) =>
        crypto.subtle.deriveKey(
          { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode("driftcheck dashboard session cookie") },
          base,
          { name: "HMAC", hash: "SHA-256", length: 256 },
          false,
          ["sign", "verify"],
        ),
      );
    keys.set(secret, key);
  }
  return key;
}

function signedText(expires: number, nonce: string): Uint8Array {
  return encoder.encode(`driftcheck-session.v1.${expires}.${nonce}`);
}

export async function createSessionValue(secret: string, nowMs: number, ttlSeconds = SESSION_TTL_SECONDS): Promise<string> {
  const expires = Math.floor(nowMs / 1000) + ttlSeconds;
  const nonce = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
  const signature = await crypto.subtle.sign("HMAC", await sessionKey(secret), signedText(expires, nonce));
  return `${expires}.${nonce}.${toBase64Url(new Uint8Array(signature))}`;
}

/** True for an unexpired value this secret signed; anything malformed or altered is false. */
export async function verifySessionValue(secret: string, value: string | undefined, nowMs: number): Promise<boolean> {
  if (!value) return false;
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return false;
  const expires = Number(match[1]);
  if (expires * 1000 <= nowMs) return false;
  const signature = fromBase64Url(match[3]!);
  if (!signature) return false;
  // WebCrypto's verify compares in constant time.
  return crypto.subtle.verify("HMAC", await sessionKey(secret), signature, signedText(expires, match[2]!));
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array | null {
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}
