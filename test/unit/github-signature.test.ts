import { describe, expect, it } from "vitest";
import { signGitHubPayload, verifyGitHubSignature } from "../../src/adapters/github/signature.js";

// GitHub's published test vector: https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
const SECRET = "It's a Secret to Everybody";
const BODY = new TextEncoder().encode("Hello, World!");
const SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

describe("verifyGitHubSignature", () => {
  it("accepts GitHub's published test vector", async () => {
    expect(await verifyGitHubSignature(BODY, SIGNATURE, [SECRET])).toBe(true);
  });

  it("accepts an ArrayBuffer body and upper-case hex", async () => {
    const buffer = new ArrayBuffer(BODY.length);
    new Uint8Array(buffer).set(BODY);
    expect(await verifyGitHubSignature(buffer, "sha256=" + SIGNATURE.slice("sha256=".length).toUpperCase(), [SECRET])).toBe(true);
  });

  it("signs to the published vector", async () => {
    expect(await signGitHubPayload("Hello, World!", SECRET)).toBe(SIGNATURE);
  });

  it("accepts any of several secrets (rotation)", async () => {
    expect(await verifyGitHubSignature(BODY, SIGNATURE, ["old-secret", SECRET])).toBe(true);
    expect(await verifyGitHubSignature(BODY, SIGNATURE, [SECRET, "next-secret"])).toBe(true);
  });

  it.each([
    ["missing header", null],
    ["empty header", ""],
    ["sha1 signature", "sha1=" + "0".repeat(40)],
    ["no prefix", SIGNATURE.slice("sha256=".length)],
    ["short hex", SIGNATURE.slice(0, -2)],
    ["non-hex digits", SIGNATURE.slice(0, -2) + "zz"],
    ["one byte changed", SIGNATURE.slice(0, -1) + "8"],
  ])("rejects a %s", async (_name, header) => {
    expect(await verifyGitHubSignature(BODY, header, [SECRET])).toBe(false);
  });

  it("rejects a wrong secret, a tampered body and an empty secret list", async () => {
    expect(await verifyGitHubSignature(BODY, SIGNATURE, ["It's a secret to everybody"])).toBe(false);
    expect(await verifyGitHubSignature(new TextEncoder().encode("Hello, World?"), SIGNATURE, [SECRET])).toBe(false);
    expect(await verifyGitHubSignature(BODY, SIGNATURE, [])).toBe(false);
  });

  it("skips an empty secret (an unset variable) instead of failing or matching", async () => {
    expect(await verifyGitHubSignature(BODY, SIGNATURE, [""])).toBe(false);
    expect(await verifyGitHubSignature(BODY, SIGNATURE, ["", SECRET])).toBe(true);
  });
});
