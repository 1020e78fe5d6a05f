import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { hashMigrationText, sha256Hex, sha256HexAsync } from "../../src/core/util/sha256.js";

describe("sha256Hex", () => {
  it("matches the FIPS 180-2 vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
    expect(sha256Hex("a".repeat(1_000_000))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });

  it("agrees with node:crypto on UTF-8 text of every padding length", () => {
    const samples = ["é", "😀 migration", "CREATE TABLE \"users\" (\n\t\"id\" serial\n);\n--> statement-breakpoint\n"];
    for (let n = 0; n < 200; n++) samples.push("x".repeat(n) + "ü".repeat(n % 7));
    for (const text of samples) {
      expect(sha256Hex(text)).toBe(createHash("sha256").update(text).digest("hex"));
    }
  });

  it("gives the same hashes through WebCrypto (sha256HexAsync) as the pure implementation", async () => {
    const samples = ["", "abc", "é😀", "x".repeat(55), "x".repeat(56), "x".repeat(64), "ü".repeat(1000)];
    for (const text of samples) {
      expect(await sha256HexAsync(text)).toBe(sha256Hex(text));
      expect(await sha256HexAsync(text)).toBe(createHash("sha256").update(text).digest("hex"));
    }
  });

  it("hashes a migration with its source's own hasher when it has one, else through WebCrypto", async () => {
    const digest = vi.spyOn(crypto.subtle, "digest");
    try {
      expect(await hashMigrationText({ sha256Hex: (text) => `own:${text}` }, "select 1;")).toBe("own:select 1;");
      expect(digest).not.toHaveBeenCalled();
      expect(await hashMigrationText({}, "select 1;")).toBe(sha256Hex("select 1;"));
      expect(digest).toHaveBeenCalledTimes(1);
    } finally {
      digest.mockRestore();
    }
  });
});
