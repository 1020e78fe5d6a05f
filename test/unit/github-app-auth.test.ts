import { createPrivateKey, createPublicKey, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitHubAppAuth, TOKEN_REFRESH_MARGIN_MS } from "../../src/adapters/github/app-auth.js";
import { createAppJwt, importAppPrivateKey } from "../../src/adapters/github/app-jwt.js";
import { GitHubApiError } from "../../src/adapters/github/api-errors.js";
import { createGitHubClient } from "../../src/adapters/github/client.js";
import { derLength, normaliseSecretText, parsePrivateKeyPem } from "../../src/adapters/github/pem.js";
import { DriftcheckError } from "../../src/core/errors.js";
import { generateTestAppKeys, startGitHubStandIn, verifyAppJwt, type GitHubStandIn } from "../support/github-server.js";

const keys = generateTestAppKeys();
const other = generateTestAppKeys();
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

function decodeJwt(jwt: string) {
  const [header, payload, signature] = jwt.split(".") as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString()),
    payload: JSON.parse(Buffer.from(payload, "base64url").toString()),
    signatureValid: (publicKey: string) => verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), createPublicKey(publicKey), Buffer.from(signature, "base64url")),
  };
}

describe("PEM private keys", () => {
  it("wraps a PKCS#1 key into the same PKCS#8 DER node:crypto produces", () => {
    const parsed = parsePrivateKeyPem(keys.pkcs1);
    expect(parsed.format).toBe("pkcs1");
    const expected = createPrivateKey(keys.pkcs1).export({ type: "pkcs8", format: "der" });
    expect(Buffer.from(parsed.pkcs8).equals(expected)).toBe(true);
  });

  it("passes a PKCS#8 key through unchanged", () => {
    const parsed = parsePrivateKeyPem(keys.pkcs8);
    expect(parsed.format).toBe("pkcs8");
    expect(Buffer.from(parsed.pkcs8).equals(createPrivateKey(keys.pkcs8).export({ type: "pkcs8", format: "der" }))).toBe(true);
  });

  it("encodes DER lengths in short and long form", () => {
    expect([...derLength(0)]).toEqual([0]);
    expect([...derLength(127)]).toEqual([127]);
    expect([...derLength(128)]).toEqual([0x81, 0x80]);
    expect([...derLength(255)]).toEqual([0x81, 0xff]);
    expect([...derLength(256)]).toEqual([0x82, 0x01, 0x00]);
    expect([...derLength(1190)]).toEqual([0x82, 0x04, 0xa6]);
  });

  it.each([
    ["\\n-escaped", (pem: string) => pem.replace(/\n/g, "\\n")],
    ["CRLF", (pem: string) => pem.replace(/\n/g, "\r\n")],
    ["quoted and escaped", (pem: string) => `"${pem.trim().replace(/\n/g, "\\n")}"`],
    ["on one line with spaces", (pem: string) => pem.trim().replace(/\n/g, " ")],
  ])("normalises a %s secret", (_name, mangle) => {
    for (const pem of [keys.pkcs1, keys.pkcs8]) {
      expect(Buffer.from(parsePrivateKeyPem(mangle(pem)).pkcs8)).toEqual(Buffer.from(parsePrivateKeyPem(pem).pkcs8));
    }
    expect(normaliseSecretText("a\\nb\\r\\nc")).toBe("a\nb\nc");
  });

  it.each([
    ["not a PEM", "just-some-text"],
    ["a public key", keys.publicKey],
    ["an encrypted key", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----"],
    ["a legacy encrypted PKCS#1 key", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMIIB\n-----END RSA PRIVATE KEY-----"],
    ["broken base64", "-----BEGIN RSA PRIVATE KEY-----\n!!!!\n-----END RSA PRIVATE KEY-----"],
  ])("refuses %s with a user error that echoes no key material", (_name, pem) => {
    let caught: unknown;
    try {
      parsePrivateKeyPem(pem);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DriftcheckError);
    expect((caught as DriftcheckError).kind).toBe("user");
    expect((caught as DriftcheckError).message).not.toMatch(/MII|!!!!|just-some-text/);
  });

  it("refuses a PEM whose DER is not an RSA key when importing", async () => {
    const notRsa = "-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----";
    await expect(importAppPrivateKey(notRsa)).rejects.toMatchObject({ kind: "user" });
  });
});

describe("App JWT", () => {
  it.each([
    ["PKCS#1", keys.pkcs1],
    ["PKCS#8", keys.pkcs8],
    ["\\n-escaped PKCS#1", keys.pkcs1.replace(/\n/g, "\\n")],
  ])("signs RS256 with a %s key, verifiable with the public key", async (_name, pem) => {
    const jwt = await createAppJwt(await importAppPrivateKey(pem), "12345", NOW);
    const decoded = decodeJwt(jwt);
    expect(decoded.header).toEqual({ alg: "RS256", typ: "JWT" });
    expect(decoded.payload).toEqual({ iat: NOW / 1000 - 60, exp: NOW / 1000 + 540, iss: 12345 });
    expect(decoded.signatureValid(keys.publicKey)).toBe(true);
    expect(decoded.signatureValid(other.publicKey)).toBe(false);
  });

  it("uses a client id as a string issuer", async () => {
    const jwt = await createAppJwt(await importAppPrivateKey(keys.pkcs8), "Iv23liAbCdEf", NOW);
    expect(decodeJwt(jwt).payload.iss).toBe("Iv23liAbCdEf");
  });

  it("is accepted by the stand-in's verifier only inside GitHub's window and with the right key", async () => {
    const app = { id: 12345, clientId: "Iv23liAbCdEf", key: createPublicKey(keys.publicKey) };
    const jwt = await createAppJwt(await importAppPrivateKey(keys.pkcs1), 12345, NOW);
    expect(verifyAppJwt(jwt, app, NOW)).toBeNull();
    expect(verifyAppJwt(jwt, app, NOW + 8 * 60_000)).toBeNull();
    expect(verifyAppJwt(jwt, app, NOW + 10 * 60_000)).toMatch(/exp/);
    expect(verifyAppJwt(jwt, app, NOW - 5 * 60_000)).toMatch(/iat/);
    expect(verifyAppJwt(jwt, { ...app, key: createPublicKey(other.publicKey) }, NOW)).toMatch(/could not be decoded/);
    expect(verifyAppJwt(jwt, { ...app, id: 999 }, NOW)).toMatch(/iss/);
  });
});

describe("installation tokens against the stand-in GitHub", () => {
  let github: GitHubStandIn;
  let serverNow = NOW;

  beforeAll(async () => {
    github = await startGitHubStandIn({
      app: { id: 4242, publicKey: keys.publicKey },
      installations: [{ id: 77, repositories: ["acme/app"] }],
      now: () => serverNow,
    });
    github.addCommit("acme/app", { "README.md": "hello\n" }, { sha: "a".repeat(40) });
  });
  afterAll(() => github.stop());

  it("issues one token for many calls and refreshes it 5 minutes before expiry", async () => {
    let clientNow = NOW;
    const auth = createGitHubAppAuth({ appId: 4242, privateKey: keys.pkcs1.replace(/\n/g, "\\n"), baseUrl: github.url, now: () => clientNow });
    const issuedBefore = github.tokensIssued;

    const concurrent = await Promise.all(Array.from({ length: 5 }, () => auth.installationToken(77)));
    expect(new Set(concurrent).size).toBe(1);
    for (let i = 0; i < 5; i++) expect(await auth.installationToken(77)).toBe(concurrent[0]);
    expect(auth.tokenRequests).toBe(1);

    const client = createGitHubClient({ baseUrl: github.url, token: auth.tokenProvider(77), now: () => clientNow });
    for (let i = 0; i < 3; i++) await client.getTree({ owner: "acme", repo: "app" }, "a".repeat(40));
    expect(auth.tokenRequests).toBe(1);

    // Just outside the refresh margin: still the cached token.
    clientNow = NOW + 60 * 60_000 - TOKEN_REFRESH_MARGIN_MS - 1000;
    expect(await auth.installationToken(77)).toBe(concurrent[0]);
    expect(auth.tokenRequests).toBe(1);

    // Inside the margin: a new one, issued by the server at its (later) clock.
    clientNow = NOW + 60 * 60_000 - TOKEN_REFRESH_MARGIN_MS + 1000;
    serverNow = clientNow;
    const refreshed = await auth.installationToken(77);
    expect(refreshed).not.toBe(concurrent[0]);
    expect(auth.tokenRequests).toBe(2);
    expect(github.tokensIssued - issuedBefore).toBe(2);
    await client.getTree({ owner: "acme", repo: "app" }, "a".repeat(40));
    expect(auth.tokenRequests).toBe(2);

    // The request log keeps the kind of credential, never the credential.
    const tokenRequest = github.requestsTo("POST", /access_tokens$/)[0]!;
    expect(tokenRequest.headers.authorization).toBe("Bearer *** (jwt)");
    expect(github.requestsTo("GET", /git\/trees/)[0]!.headers.authorization).toBe("Bearer *** (installation-token)");
    expect(JSON.stringify(github.requests)).not.toContain(refreshed);
    serverNow = NOW;
  });

  it("expired installation tokens are refused by the stand-in", async () => {
    const auth = createGitHubAppAuth({ appId: 4242, privateKey: keys.pkcs8, baseUrl: github.url, now: () => NOW });
    const client = createGitHubClient({ baseUrl: github.url, token: auth.tokenProvider(77) });
    await client.getTree({ owner: "acme", repo: "app" }, "main");
    serverNow = NOW + 61 * 60_000;
    await expect(client.getTree({ owner: "acme", repo: "app" }, "main")).rejects.toMatchObject({ kind: "user", status: 401 });
    serverNow = NOW;
  });

  it("a JWT signed with the wrong key is a user error that shows no JWT", async () => {
    const auth = createGitHubAppAuth({ appId: 4242, privateKey: other.pkcs1, baseUrl: github.url, now: () => NOW });
    const error = await auth.installationToken(77).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).toMatchObject({ kind: "user", status: 401, transient: false });
    expect((error as Error).message).toContain("POST /app/installations/77/access_tokens");
    expect((error as Error).message).not.toMatch(/eyJ/);
    expect((error as DriftcheckError).hint).toMatch(/GitHub App installation\/permissions/);
  });

  it("an unknown installation is a user error (404)", async () => {
    const auth = createGitHubAppAuth({ appId: 4242, privateKey: keys.pkcs1, baseUrl: github.url, now: () => NOW });
    await expect(auth.installationToken(78)).rejects.toMatchObject({ kind: "user", status: 404 });
  });

  it("a failed token request is not cached: the next call asks again", async () => {
    const auth = createGitHubAppAuth({ appId: 4242, privateKey: keys.pkcs1, baseUrl: github.url, now: () => NOW });
    github.failNext({ status: 502, path: /access_tokens$/ });
    await expect(auth.installationToken(77)).rejects.toMatchObject({ kind: "connection", transient: true, status: 502 });
    expect(await auth.installationToken(77)).toMatch(/^ghs_/);
    expect(auth.tokenRequests).toBe(2);
  });
});
