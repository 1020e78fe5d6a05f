import { describe, expect, it } from "vitest";
import { assertDatabaseUrl, createScrubber, secretsOf } from "../../src/cli/secrets.js";
import { DriftcheckError } from "../../src/core/errors.js";

describe("secretsOf + createScrubber", () => {
  const scrubFor = (url: string, env: Record<string, string> = {}) => createScrubber(secretsOf([url], env));

  it("removes the password of a well-formed URL, raw and percent-decoded", () => {
    const scrub = scrubFor("postgresql://app:p%40ss%2Fw0rd@db.example.com/app");
    expect(scrub("login failed with p@ss/w0rd and p%40ss%2Fw0rd")).toBe("login failed with *** and ***");
  });

  it("removes the password of URLs no parser accepts, and the whole string", () => {
    expect(scrubFor("postgres://u:canary-pw@[bad")("x postgres://u:canary-pw@[bad y canary-pw")).toBe("x postgres://***@[bad y ***");
    expect(scrubFor("not a url canary-pw")("echo: not a url canary-pw")).toBe("echo: ***");
  });

  it("removes a password given as a query parameter and PGPASSWORD", () => {
    const scrub = scrubFor("postgresql://app@h/db?password=qp-secret", { PGPASSWORD: "env-secret" });
    expect(scrub("qp-secret env-secret")).toBe("*** ***");
  });

  it("ignores secrets too short to scrub safely", () => {
    expect(secretsOf(["postgresql://u:ab@h/db"], {})).toEqual(["postgresql://u:ab@h/db"]);
  });
});

describe("assertDatabaseUrl", () => {
  it("accepts postgres:// and postgresql:// URLs", () => {
    expect(() => assertDatabaseUrl("postgresql://u:p@localhost:5432/db")).not.toThrow();
    expect(() => assertDatabaseUrl("postgres://localhost/db")).not.toThrow();
  });

  it("rejects other URLs and non-URLs without quoting them", () => {
    for (const url of ["mysql://u:hunter22@h/db", "hunter22", "postgres://u:hunter22@[bad"]) {
      try {
        assertDatabaseUrl(url);
        throw new Error("expected a user error");
      } catch (error) {
        expect(error).toBeInstanceOf(DriftcheckError);
        expect((error as DriftcheckError).kind).toBe("user");
        expect(`${(error as DriftcheckError).message} ${(error as DriftcheckError).hint}`).not.toContain("hunter22");
      }
    }
  });
});
