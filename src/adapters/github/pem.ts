/**
 * PEM private keys for the GitHub App, turned into the PKCS#8 DER that WebCrypto imports.
 *
 * GitHub hands out PKCS#1 keys (`BEGIN RSA PRIVATE KEY`); WebCrypto imports only PKCS#8, and
 * workerd cannot convert with `node:crypto`. PKCS#8 is a thin envelope around the PKCS#1 bytes
 * (RFC 5208 PrivateKeyInfo), so we write that envelope ourselves with a minimal DER encoder.
 * Secrets pasted into dashboards often arrive with literal `\n` escapes or on one line: both are
 * normalised. Messages never echo key material.
 */
import { DriftcheckError } from "../../core/errors.js";
import { base64ToBytes } from "./encoding.js";

export type PemFormat = "pkcs1" | "pkcs8";

export interface ParsedPrivateKey {
  format: PemFormat;
  /** DER bytes as found in the PEM. */
  der: Uint8Array;
  /** DER bytes as PKCS#8, ready for `crypto.subtle.importKey("pkcs8", ...)`. */
  pkcs8: Uint8Array;
}

const HINT =
  "Set the GitHub App private key to the .pem file GitHub generated (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY), newlines kept or escaped as \\n.";

/** Undo the usual ways a multi-line secret gets mangled: `\n` escapes, CRLF, surrounding quotes. */
export function normaliseSecretText(secret: string): string {
  let text = secret.trim();
  if (text.length >= 2 && (text.startsWith('"') || text.startsWith("'")) && text.endsWith(text[0]!)) text = text.slice(1, -1);
  return text.replace(/\\r\\n|\\n|\\r/g, "\n").replace(/\r\n?/g, "\n").trim();
}

export function parsePrivateKeyPem(pem: string): ParsedPrivateKey {
  const text = normaliseSecretText(pem);
  const match = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (!match) throw new DriftcheckError("user", "The GitHub App private key is not a PEM private key.", { hint: HINT });
  const label = match[1]!;
  let format: PemFormat;
  if (label === "RSA PRIVATE KEY") format = "pkcs1";
  else if (label === "PRIVATE KEY") format = "pkcs8";
  else throw new DriftcheckError("user", `The GitHub App private key is a "${label}", which driftcheck cannot use.`, { hint: HINT });
  // PEM headers such as `Proc-Type:` mark encrypted PKCS#1 keys.
  if (/^[A-Za-z-]+:/m.test(match[2]!)) {
    throw new DriftcheckError("user", "The GitHub App private key is encrypted.", { hint: HINT });
  }
  const der = base64ToBytes(match[2]!);
  if (der === null || der.length === 0 || der[0] !== 0x30) {
    throw new DriftcheckError("user", "The GitHub App private key's PEM body is not valid base64 DER.", { hint: HINT });
  }
  return { format, der, pkcs8: format === "pkcs8" ? der : wrapPkcs1InPkcs8(der) };
}

/** rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters, DER encoded. */
const RSA_ALGORITHM_IDENTIFIER = Uint8Array.of(
  0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
);
/** INTEGER 0: PrivateKeyInfo version. */
const VERSION_0 = Uint8Array.of(0x02, 0x01, 0x00);

/** PrivateKeyInfo ::= SEQUENCE { version, algorithm, privateKey OCTET STRING (the PKCS#1 DER) }. */
export function wrapPkcs1InPkcs8(pkcs1: Uint8Array): Uint8Array {
  const octetString = derElement(0x04, pkcs1);
  return derElement(0x30, concat(VERSION_0, RSA_ALGORITHM_IDENTIFIER, octetString));
}

function derElement(tag: number, content: Uint8Array): Uint8Array {
  return concat(Uint8Array.of(tag), derLength(content.length), content);
}

/** Short form below 128, otherwise 0x80|n followed by n big-endian length bytes. */
export function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
