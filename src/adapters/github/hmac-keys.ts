/**
 * HMAC keys for webhook signatures (GitHub: SHA-256, Vercel: SHA-1). Verify keys are imported once
 * per secret and kept for the isolate's life: otherwise every delivery pays an importKey per
 * secret. Secrets are few (rotation) and already live in the isolate's env; a failed import is
 * dropped so the next delivery retries it.
 */
import { utf8 } from "./encoding.js";
import type { WebCryptoKey } from "./types.js";

export interface HmacKeys {
  verifyKey(secret: string): Promise<WebCryptoKey>;
  signKey(secret: string): Promise<WebCryptoKey>;
}

export function hmacKeys(hash: "SHA-1" | "SHA-256"): HmacKeys {
  const importKey = (secret: string, usages: ("sign" | "verify")[]): Promise<WebCryptoKey> =>
    crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash }, false, usages);
  const verifyKeys = new Map<string, Promise<WebCryptoKey>>();
  return {
    verifyKey(secret) {
      let key = verifyKeys.get(secret);
      if (!key) {
        key = importKey(secret, ["verify"]);
        verifyKeys.set(secret, key);
        key.catch(() => verifyKeys.delete(secret));
      }
      return key;
    },
    signKey: (secret) => importKey(secret, ["sign"]),
  };
}
