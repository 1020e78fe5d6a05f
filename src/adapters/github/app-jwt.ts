/**
 * The GitHub App JWT: RS256 over `{iat, exp, iss}` signed with WebCrypto.
 * `iat` is backdated 60 s against clock skew and `exp` is 9 minutes ahead (GitHub refuses more
 * than 10). https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app
 */
import { DriftcheckError } from "../../core/errors.js";
import { bytesToBase64Url, textToBase64Url, utf8 } from "./encoding.js";
import { parsePrivateKeyPem } from "./pem.js";
import type { WebCryptoKey } from "./types.js";

export const JWT_BACKDATE_SECONDS = 60;
export const JWT_LIFETIME_SECONDS = 9 * 60;

const RS256 = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;

/** Import a PKCS#1 or PKCS#8 PEM (escaped newlines allowed) as an RS256 signing key. */
export async function importAppPrivateKey(pem: string): Promise<WebCryptoKey> {
  const { pkcs8 } = parsePrivateKeyPem(pem);
  try {
    return await crypto.subtle.importKey("pkcs8", pkcs8, RS256, false, ["sign"]);
  } catch (error) {
    throw new DriftcheckError("user", "The GitHub App private key could not be imported as an RSA key.", {
      hint: "Use the .pem file GitHub generated for the App.",
      cause: error,
    });
  }
}

export interface AppJwtClaims {
  iat: number;
  exp: number;
  iss: string | number;
}

/** App ids are numbers in GitHub's docs; client ids (`Iv1.…`) are strings. Both are accepted as `iss`. */
export function appJwtClaims(appId: string | number, nowMs: number): AppJwtClaims {
  const now = Math.floor(nowMs / 1000);
  const iss = typeof appId === "string" && /^\d+$/.test(appId) ? Number(appId) : appId;
  return { iat: now - JWT_BACKDATE_SECONDS, exp: now + JWT_LIFETIME_SECONDS, iss };
}

export async function createAppJwt(key: WebCryptoKey, appId: string | number, nowMs: number): Promise<string> {
  const header = textToBase64Url(JSON.stringify({ alg: "RS256", typ: "JWT" }));
  const payload = textToBase64Url(JSON.stringify(appJwtClaims(appId, nowMs)));
  const signingInput = `${header}.${payload}`;
  const signature = new Uint8Array(await crypto.subtle.sign(RS256, key, utf8(signingInput)));
  return `${signingInput}.${bytesToBase64Url(signature)}`;
}
