/**
 * SHA-256 over the UTF-8 bytes of a string, as drizzle-orm's migrator hashes a migration file
 * (`createHash("sha256").update(text)` — a JS string is hashed as UTF-8).
 *
 * `sha256HexAsync` is what the folder readers use unless their FileSource brings a hasher of its
 * own (FileSource.sha256Hex: the CLI's disk source uses Node's native, synchronous createHash):
 * WebCrypto's `crypto.subtle.digest` (a web-standard global in Node 20, workerd and browsers) is
 * native and ~20× faster than any JS implementation on a large migration file. `sha256Hex` is the
 * synchronous, dependency-free fallback for runtimes without WebCrypto and for callers that cannot
 * await; it works on 32-bit words with local variables only, so V8 keeps everything in registers.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const encoder = new TextEncoder();

/** sha256 hex of `text`'s UTF-8 bytes, natively through WebCrypto when the runtime has it. */
export async function sha256HexAsync(text: string): Promise<string> {
  const subtle = typeof crypto === "object" && crypto !== null ? crypto.subtle : undefined;
  if (subtle === undefined) return sha256Hex(text);
  return bytesToHex(new Uint8Array(await subtle.digest("SHA-256", encoder.encode(text))));
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256Bytes(encoder.encode(text)));
}

export function sha256Bytes(message: Uint8Array): Uint8Array {
  // Padding: 0x80, zeros, then the bit length as a 64-bit big-endian integer.
  const length = message.length;
  const paddedLength = Math.ceil((length + 9) / 64) * 64;
  const padded = new Uint8Array(paddedLength);
  padded.set(message);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(paddedLength - 8, Math.floor(length / 0x20000000));
  view.setUint32(paddedLength - 4, (length * 8) >>> 0);

  let h0 = INITIAL[0]! | 0;
  let h1 = INITIAL[1]! | 0;
  let h2 = INITIAL[2]! | 0;
  let h3 = INITIAL[3]! | 0;
  let h4 = INITIAL[4]! | 0;
  let h5 = INITIAL[5]! | 0;
  let h6 = INITIAL[6]! | 0;
  let h7 = INITIAL[7]! | 0;
  const w = new Int32Array(64);
  for (let offset = 0; offset < paddedLength; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const p = offset + i * 4;
      w[i] = (padded[p]! << 24) | (padded[p + 1]! << 16) | (padded[p + 2]! << 8) | padded[p + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    let f = h5;
    let g = h6;
    let h = h7;
    for (let i = 0; i < 64; i++) {
      const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + s1 + ch + K[i]! + w[i]!) | 0;
      const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (s0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  [h0, h1, h2, h3, h4, h5, h6, h7].forEach((word, i) => outView.setUint32(i * 4, word >>> 0));
  return out;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

function bytesToHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += HEX[byte]!;
  return hex;
}

/** The hash of a migration's text: the source's own hasher when it has one (FileSource.sha256Hex), else WebCrypto. */
export async function hashMigrationText(source: { sha256Hex?(text: string): string }, text: string): Promise<string> {
  return source.sha256Hex ? source.sha256Hex(text) : sha256HexAsync(text);
}
